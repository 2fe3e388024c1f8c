import type { CoFinancingShareResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

/** A share of an amount in whole kronor; basis points are hundredths of a per cent. */
export const amountOf = (amountSek: number | null, basisPoints: number) =>
  amountSek === null ? null : Math.round((amountSek * basisPoints) / 10_000);

export const CoFinancingShare = {
  partner: (s, _, context) => resolvePartner(s, context),
  sharePercent: (s) => s.basisPoints / 100,
  amountSek: (s) => amountOf(s.budgetSek, s.basisPoints),
} satisfies CoFinancingShareResolvers;

import type { CommitmentResolvers } from '../generated/resolvers-types';
import { amountOf } from './CoFinancingShare';
import { resolvePartner } from './Partner';

export const Commitment = {
  partner: (c, _, context) => resolvePartner(c, context),
  period: (c) => ({ start: c.periodStart, end: c.periodEnd }),
  coFinancing: async (c, _, { loaders }) =>
    (await loaders.sharesByCommitment.load(c.id)).map((share) => ({
      ...share,
      agreementId: c.agreementId,
      budgetSek: c.budgetSek,
    })),
  coFinancingSek: async (c, _, { loaders }) => {
    const own = (await loaders.sharesByCommitment.load(c.id)).find(
      (s) => s.partnerType === c.partnerType && s.partnerId === c.partnerId,
    );
    return own ? amountOf(c.budgetSek, own.basisPoints) : null;
  },
  districts: async (c, _, { loaders }) =>
    (await loaders.districtIdsByCommitment.load(c.id)).map((d) => ({ id: d.districtId })),
} satisfies CommitmentResolvers;

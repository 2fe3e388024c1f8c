import type { AgreementsContext } from '../context';
import type { CoFinancingShare as ShareRow, Commitment as CommitmentRow } from '../entities';
import { resolvePartner } from './Partner';

/** A share of `budgetSek` in whole kronor; basis points are hundredths of a per cent. */
const amountOf = (budgetSek: number | null, basisPoints: number) =>
  budgetSek === null ? null : Math.round((budgetSek * basisPoints) / 10_000);

export const Commitment = {
  partner: (c: CommitmentRow, _: unknown, context: AgreementsContext) => resolvePartner(c, context),
  period: (c: CommitmentRow) => ({ start: c.periodStart, end: c.periodEnd }),
  coFinancing: async (c: CommitmentRow, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.sharesByCommitment.load(c.id)).map((share) => ({
      ...share,
      agreementId: c.agreementId,
      budgetSek: c.budgetSek,
    })),
  coFinancingSek: async (c: CommitmentRow, _: unknown, { loaders }: AgreementsContext) => {
    const own = (await loaders.sharesByCommitment.load(c.id)).find(
      (s) => s.partnerType === c.partnerType && s.partnerId === c.partnerId,
    );
    return own ? amountOf(c.budgetSek, own.basisPoints) : null;
  },
  districts: async (c: CommitmentRow, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.districtIdsByCommitment.load(c.id)).map((d) => ({ id: d.districtId })),
};

type ShareParent = ShareRow & { agreementId: string; budgetSek: number | null };

export const CoFinancingShare = {
  partner: (s: ShareParent, _: unknown, context: AgreementsContext) => resolvePartner(s, context),
  sharePercent: (s: ShareParent) => s.basisPoints / 100,
  amountSek: (s: ShareParent) => amountOf(s.budgetSek, s.basisPoints),
};

import type { AgreementsContext } from '../context';
import type { Obstacle as ObstacleRow, Resolution as ResolutionRow } from '../entities';
import { resolvePartner } from './Partner';

const iso = (at: Date | null) => at && at.toISOString();

export const Obstacle = {
  reportedBy: (o: ObstacleRow, _: unknown, context: AgreementsContext) => resolvePartner(o, context),
  parties: async (o: ObstacleRow, _: unknown, context: AgreementsContext) => {
    const parties = await context.loaders.partiesByObstacle.load(o.id);
    // The reporter first, then the others in a stable order.
    const reporterFirst = [...parties].sort(
      (a, b) =>
        Number(b.partnerType === o.partnerType && b.partnerId === o.partnerId) -
          Number(a.partnerType === o.partnerType && a.partnerId === o.partnerId) ||
        `${a.partnerType}:${a.partnerId}`.localeCompare(`${b.partnerType}:${b.partnerId}`),
    );
    return Promise.all(reporterFirst.map((p) => resolvePartner({ ...p, agreementId: o.agreementId }, context)));
  },
  reportedAt: (o: ObstacleRow) => iso(o.reportedAt),
  statusChangedAt: (o: ObstacleRow) => iso(o.statusChangedAt),
  resolutions: async (o: ObstacleRow, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.resolutionsByObstacle.load(o.id)).map((r) => ({ ...r, agreementId: o.agreementId })),
};

type ResolutionParent = ResolutionRow & { agreementId: string };

export const Resolution = {
  proposedAt: (r: ResolutionParent) => r.proposedAt.toISOString(),
  coFinancing: async (r: ResolutionParent, _: unknown, { loaders }: AgreementsContext) =>
    (await loaders.sharesByResolution.load(r.id)).map((share) => ({
      ...share,
      agreementId: r.agreementId,
      budgetSek: r.economicConsequencesSek,
    })),
};

import { referenced } from '@samverkan/common';
import type { ObstacleResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

const iso = (at: Date | null) => at && at.toISOString();

export const Obstacle = {
  agreement: (o, _, { loaders }) => referenced(loaders.agreementById.load(o.agreementId), `Agreement ${o.agreementId}`),
  reportedBy: (o, _, context) => resolvePartner(o, context),
  parties: async (o, _, context) => {
    const parties = await context.loaders.partiesByObstacle.load(o.id);
    const isReporter = (p: { partnerType: string; partnerId: string }) =>
      p.partnerType === o.partnerType && p.partnerId === o.partnerId;
    // The reporter first, then the others in a stable order.
    const reporterFirst = [...parties].sort(
      (a, b) =>
        Number(isReporter(b)) - Number(isReporter(a)) ||
        `${a.partnerType}:${a.partnerId}`.localeCompare(`${b.partnerType}:${b.partnerId}`),
    );
    return Promise.all(reporterFirst.map((p) => resolvePartner({ ...p, agreementId: o.agreementId }, context)));
  },
  reportedAt: (o) => iso(o.reportedAt),
  statusChangedAt: (o) => iso(o.statusChangedAt),
  resolutions: async (o, _, { loaders }) =>
    (await loaders.resolutionsByObstacle.load(o.id)).map((r) => ({ ...r, agreementId: o.agreementId })),
} satisfies ObstacleResolvers;

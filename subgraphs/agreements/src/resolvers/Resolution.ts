import type { ResolutionResolvers } from '../generated/resolvers-types';

export const Resolution = {
  proposedAt: (r) => r.proposedAt.toISOString(),
  // The shares are of the economic consequences, a saving's included.
  coFinancing: async (r, _, { loaders }) =>
    (await loaders.sharesByResolution.load(r.id)).map((share) => ({
      ...share,
      agreementId: r.agreementId,
      budgetSek: r.economicConsequencesSek,
    })),
} satisfies ResolutionResolvers;

import type { ArbetsformedlingenResolvers } from '../generated/resolvers-types';

export const Arbetsformedlingen = {
  __resolveReference: ({ id }, { loaders }) => loaders.authorityById.load(id),
  offices: (_, __, { loaders }) => loaders.allOffices.load(),
} satisfies ArbetsformedlingenResolvers;

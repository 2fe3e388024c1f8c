import type { PoliceAuthorityResolvers } from '../generated/resolvers-types';

export const PoliceAuthority = {
  __resolveReference: ({ id }, { loaders }) => loaders.authorityById.load(id),
  regions: (_, __, { loaders }) => loaders.allRegions.load(),
} satisfies PoliceAuthorityResolvers;

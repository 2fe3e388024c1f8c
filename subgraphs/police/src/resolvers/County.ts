import type { CountyResolvers } from '../generated/resolvers-types';

export const County = {
  __resolveReference: ({ code }) => ({ code }),
  policeRegion: async ({ code }, _, { loaders }) => (await loaders.regionOfCounty.load(code))?.region ?? null,
} satisfies CountyResolvers;

import type { CountyResolvers } from '../generated/resolvers-types';

export const County = {
  __resolveReference: ({ code }, { loaders }) => loaders.countyByCode.load(code),
  municipalities: (c, _, { loaders }) => loaders.municipalitiesByCounty.load(c.code),
} satisfies CountyResolvers;

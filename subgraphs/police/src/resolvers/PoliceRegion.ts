import type { PoliceRegionResolvers } from '../generated/resolvers-types';

export const PoliceRegion = {
  __resolveReference: ({ code }, { loaders }) => loaders.regionByCode.load(code),
  counties: async (region, _, { loaders }) =>
    (await loaders.countiesByRegion.load(region.code)).map((c) => ({ code: c.countyCode })),
  municipalities: async (region, _, { loaders }) =>
    (await loaders.municipalitiesByRegion.load(region.code)).map((m) => ({ code: m.municipalityCode })),
  vulnerableAreas: (region, _, { loaders }) => loaders.vulnerableAreasByRegion.load(region.code),
} satisfies PoliceRegionResolvers;

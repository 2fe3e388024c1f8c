import type { MunicipalityResolvers } from '../generated/resolvers-types';

export const Municipality = {
  __resolveReference: ({ code }) => ({ code }),
  reportedCrimesSeries: ({ code }, range, { loaders }) =>
    loaders.reportedCrimesSeries.load({ areaKind: 'municipality', areaId: code }, range),
  policeRegion: async ({ code }, _, { loaders }) => (await loaders.regionOfMunicipality.load(code))?.region ?? null,
  reportedCrimes: ({ code }, { year }, { loaders }) =>
    loaders.reportedCrimes.load({ areaKind: 'municipality', areaId: code, year }),
  vulnerableAreas: ({ code }, _, { loaders }) => loaders.vulnerableAreasByMunicipality.load(code),
} satisfies MunicipalityResolvers;

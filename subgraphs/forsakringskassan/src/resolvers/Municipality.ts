import type { MunicipalityResolvers } from '../generated/resolvers-types';

export const Municipality = {
  __resolveReference: ({ code }) => ({ code }),
  sicknessIndexSeries: ({ code }, range, { loaders }) =>
    loaders.sicknessIndexSeries.load({ areaKind: 'municipality', areaId: code }, range),
  sicknessIndex: ({ code }, { year }, { loaders }) =>
    loaders.sicknessIndex.load({ areaKind: 'municipality', areaId: code, year }),
  serviceOffices: ({ code }, _, { loaders }) => loaders.officesByMunicipality.load(code),
} satisfies MunicipalityResolvers;

import type { MunicipalityResolvers } from '../generated/resolvers-types';

export const Municipality = {
  __resolveReference: ({ code }, { loaders }) => loaders.municipalityByCode.load(code),
  county: (m, _, { loaders }) => loaders.countyByCode.load(m.countyCode),
  districts: (m, _, { loaders }) => loaders.districtsByMunicipality.load(m.code),
  population: (m, { year }, { loaders }) => loaders.population.load({ areaKind: 'municipality', areaId: m.code, year }),
  populationSeries: (m, range, { loaders }) =>
    loaders.populationSeries.load({ areaKind: 'municipality', areaId: m.code }, range),
} satisfies MunicipalityResolvers;

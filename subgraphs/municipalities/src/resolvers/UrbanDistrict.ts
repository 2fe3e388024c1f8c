import type { DistrictConfidence } from '@samverkan/common';
import type { UrbanDistrictResolvers } from '../generated/resolvers-types';

export const UrbanDistrict = {
  __resolveReference: ({ id }, { loaders }) => loaders.districtById.load(id),
  municipality: (d, _, { loaders }) => loaders.municipalityByCode.load(d.municipalityCode),
  // Stored as the reference data spells it, in lower case; the SDL's enum is in upper case.
  confidence: (d) => d.confidence.toUpperCase() as Uppercase<DistrictConfidence>,
  population: (d, { year }, { loaders }) => loaders.population.load({ areaKind: 'district', areaId: d.id, year }),
  populationSeries: (d, range, { loaders }) =>
    loaders.populationSeries.load({ areaKind: 'district', areaId: d.id }, range),
} satisfies UrbanDistrictResolvers;

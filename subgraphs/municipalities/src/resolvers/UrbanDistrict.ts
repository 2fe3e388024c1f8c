import type { YearRange } from '@samverkan/common';
import type { MunicipalitiesContext } from '../context';
import type { UrbanDistrict as UrbanDistrictRow } from '../entities';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }, { loaders }: MunicipalitiesContext) => loaders.districtById.load(id),
  municipality: (d: UrbanDistrictRow, _: unknown, { loaders }: MunicipalitiesContext) =>
    loaders.municipalityByCode.load(d.municipalityCode),
  confidence: (d: UrbanDistrictRow) => d.confidence.toUpperCase(),
  population: (d: UrbanDistrictRow, { year }: { year: number }, { loaders }: MunicipalitiesContext) =>
    loaders.population.load({ areaKind: 'district', areaId: d.id, year }),
  populationSeries: (d: UrbanDistrictRow, range: YearRange, { loaders }: MunicipalitiesContext) =>
    loaders.populationSeries.load({ areaKind: 'district', areaId: d.id }, range),
};

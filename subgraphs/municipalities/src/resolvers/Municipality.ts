import type { YearRange } from '@samverkan/common';
import type { MunicipalitiesContext } from '../context';
import type { Municipality as MunicipalityRow } from '../entities';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }, { loaders }: MunicipalitiesContext) =>
    loaders.municipalityByCode.load(code),
  county: (m: MunicipalityRow, _: unknown, { loaders }: MunicipalitiesContext) =>
    loaders.countyByCode.load(m.countyCode),
  districts: (m: MunicipalityRow, _: unknown, { loaders }: MunicipalitiesContext) =>
    loaders.districtsByMunicipality.load(m.code),
  population: (m: MunicipalityRow, { year }: { year: number }, { loaders }: MunicipalitiesContext) =>
    loaders.population.load({ areaKind: 'municipality', areaId: m.code, year }),
  populationSeries: (m: MunicipalityRow, range: YearRange, { loaders }: MunicipalitiesContext) =>
    loaders.populationSeries.load({ areaKind: 'municipality', areaId: m.code }, range),
};

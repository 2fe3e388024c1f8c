import { In, type DataSource } from 'typeorm';
import { createStatisticLoader, groupedLoader, uniqueLoader, type SuppressionThresholds } from '@samverkan/common';
import { County, Municipality, PopulationStatistic, UrbanDistrict } from '../entities';

/** One set per request: each lookup below costs one statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  const municipalities = dataSource.getRepository(Municipality);
  const counties = dataSource.getRepository(County);
  const districts = dataSource.getRepository(UrbanDistrict);
  return {
    municipalityByCode: uniqueLoader(
      (codes: readonly string[]) => municipalities.findBy({ code: In([...codes]) }),
      (m) => m.code,
    ),
    countyByCode: uniqueLoader(
      (codes: readonly string[]) => counties.findBy({ code: In([...codes]) }),
      (c) => c.code,
    ),
    districtById: uniqueLoader(
      (ids: readonly string[]) => districts.findBy({ id: In([...ids]) }),
      (d) => d.id,
    ),
    districtsByMunicipality: groupedLoader(
      (codes: readonly string[]) =>
        districts.find({ where: { municipalityCode: In([...codes]) }, order: { name: 'ASC' } }),
      (d) => d.municipalityCode,
    ),
    municipalitiesByCounty: groupedLoader(
      (codes: readonly string[]) =>
        municipalities.find({ where: { countyCode: In([...codes]) }, order: { code: 'ASC' } }),
      (m) => m.countyCode,
    ),
    population: createStatisticLoader(dataSource, PopulationStatistic, 'inhabitants', suppression.of('population')),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

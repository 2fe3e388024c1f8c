import type { DataSource } from 'typeorm';
import {
  createSeriesLoader,
  createStatisticLoader,
  findWhereIn,
  groupedLoader,
  realStatisticSources,
  uniqueLoader,
  type SuppressionThresholds,
} from '@samverkan/common';
import { County, Municipality, PopulationStatistic, UrbanDistrict } from '../entities';

/** One set per request: each lookup below costs one prepared statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  return {
    municipalityByCode: uniqueLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, Municipality, 'code', codes),
      (m) => m.code,
    ),
    countyByCode: uniqueLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, County, 'code', codes),
      (c) => c.code,
    ),
    districtById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, UrbanDistrict, 'id', ids),
      (d) => d.id,
    ),
    districtsByMunicipality: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, UrbanDistrict, 'municipalityCode', codes, ['name']),
      (d) => d.municipalityCode,
    ),
    municipalitiesByCounty: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, Municipality, 'countyCode', codes, ['code']),
      (m) => m.countyCode,
    ),
    population: createStatisticLoader(
      dataSource,
      PopulationStatistic,
      realStatisticSources.population.unit,
      suppression.of('population'),
    ),
    populationSeries: createSeriesLoader(
      dataSource,
      PopulationStatistic,
      'population',
      realStatisticSources.population.unit,
      suppression.of('population'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

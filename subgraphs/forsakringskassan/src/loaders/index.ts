import type { DataSource } from 'typeorm';
import {
  createSeriesLoader,
  createStatisticLoader,
  findWhereIn,
  groupedLoader,
  listLoader,
  realStatisticSources,
  uniqueLoader,
  type SuppressionThresholds,
} from '@samverkan/common';
import { Forsakringskassan, ServiceOffice, SicknessStatistic } from '../entities';

/** One set per request: each lookup below costs one prepared statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, Forsakringskassan, 'id', ids),
      (a) => a.id,
    ),
    officeById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, ServiceOffice, 'id', ids),
      (o) => o.id,
    ),
    allOffices: listLoader(() =>
      dataSource.getRepository(ServiceOffice).find({ order: { municipalityCode: 'ASC', name: 'ASC' } }),
    ),
    officesByMunicipality: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, ServiceOffice, 'municipalityCode', codes, ['name']),
      (o) => o.municipalityCode,
    ),
    sicknessIndex: createStatisticLoader(
      dataSource,
      SicknessStatistic,
      realStatisticSources.ohalsotal.unit,
      suppression.of('sickness_index'),
    ),
    sicknessIndexSeries: createSeriesLoader(
      dataSource,
      SicknessStatistic,
      'sicknessIndex',
      realStatisticSources.ohalsotal.unit,
      suppression.of('sickness_index'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

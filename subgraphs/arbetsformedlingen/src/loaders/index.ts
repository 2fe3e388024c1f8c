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
import { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic } from '../entities';
import { createBreakdownLoader } from './youth-in-programmes';

/** One set per request: each lookup below costs one prepared statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, Arbetsformedlingen, 'id', ids),
      (a) => a.id,
    ),
    officeById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, EmploymentOffice, 'id', ids),
      (o) => o.id,
    ),
    allOffices: listLoader(() =>
      dataSource.getRepository(EmploymentOffice).find({ order: { municipalityCode: 'ASC', name: 'ASC' } }),
    ),
    officesByMunicipality: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, EmploymentOffice, 'municipalityCode', codes, ['name']),
      (o) => o.municipalityCode,
    ),
    youthInProgrammes: createBreakdownLoader(dataSource, suppression.of('youth_in_programmes')),
    unemployment: createStatisticLoader(
      dataSource,
      UnemploymentStatistic,
      realStatisticSources.unemployment.unit,
      suppression.of('unemployment'),
    ),
    unemploymentSeries: createSeriesLoader(
      dataSource,
      UnemploymentStatistic,
      'unemployment',
      realStatisticSources.unemployment.unit,
      suppression.of('unemployment'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

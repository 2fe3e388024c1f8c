import { In, type DataSource } from 'typeorm';
import {
  createStatisticLoader,
  groupedLoader,
  listLoader,
  uniqueLoader,
  type SuppressionThresholds,
} from '@samverkan/common';
import { Arbetsformedlingen, EmploymentOffice, UnemploymentStatistic } from '../entities';
import { createBreakdownLoader } from './youth-in-programmes';

/** One set per request: each lookup below costs one statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  const offices = dataSource.getRepository(EmploymentOffice);
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => dataSource.getRepository(Arbetsformedlingen).findBy({ id: In([...ids]) }),
      (a) => a.id,
    ),
    officeById: uniqueLoader(
      (ids: readonly string[]) => offices.findBy({ id: In([...ids]) }),
      (o) => o.id,
    ),
    allOffices: listLoader(() => offices.find({ order: { municipalityCode: 'ASC', name: 'ASC' } })),
    officesByMunicipality: groupedLoader(
      (codes: readonly string[]) =>
        offices.find({ where: { municipalityCode: In([...codes]) }, order: { name: 'ASC' } }),
      (o) => o.municipalityCode,
    ),
    youthInProgrammes: createBreakdownLoader(dataSource, suppression.of('youth_in_programmes')),
    unemployment: createStatisticLoader(
      dataSource,
      UnemploymentStatistic,
      'percent of inhabitants aged 16-64',
      suppression.of('unemployment'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

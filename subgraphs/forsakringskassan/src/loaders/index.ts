import { In, type DataSource } from 'typeorm';
import {
  createStatisticLoader,
  groupedLoader,
  listLoader,
  uniqueLoader,
  type SuppressionThresholds,
} from '@samverkan/common';
import { Forsakringskassan, ServiceOffice, SicknessStatistic } from '../entities';

/** One set per request: each lookup below costs one statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  const offices = dataSource.getRepository(ServiceOffice);
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => dataSource.getRepository(Forsakringskassan).findBy({ id: In([...ids]) }),
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
    sicknessIndex: createStatisticLoader(
      dataSource,
      SicknessStatistic,
      'days per insured person aged 16-64',
      suppression.of('sickness_index'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

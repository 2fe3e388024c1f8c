import type { ForsakringskassanContext } from '../context';
import { ServiceOffice } from '../entities';

export const Forsakringskassan = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ForsakringskassanContext) => loaders.authorityById.load(id),
  offices: (_: unknown, __: unknown, { dataSource }: ForsakringskassanContext) =>
    dataSource.getRepository(ServiceOffice).find({ order: { municipalityCode: 'ASC', name: 'ASC' } }),
};

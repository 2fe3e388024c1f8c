import type { PoliceContext } from '../context';
import { PoliceRegion } from '../entities';

export const PoliceAuthority = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PoliceContext) => loaders.authorityById.load(id),
  regions: (_: unknown, __: unknown, { dataSource }: PoliceContext) =>
    dataSource.getRepository(PoliceRegion).find({ order: { code: 'ASC' } }),
};

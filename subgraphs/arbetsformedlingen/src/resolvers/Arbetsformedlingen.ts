import type { ArbetsformedlingenContext } from '../context';
import { EmploymentOffice } from '../entities';

export const Arbetsformedlingen = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ArbetsformedlingenContext) =>
    loaders.authorityById.load(id),
  offices: (_: unknown, __: unknown, { dataSource }: ArbetsformedlingenContext) =>
    dataSource.getRepository(EmploymentOffice).find({ order: { municipalityCode: 'ASC', name: 'ASC' } }),
};

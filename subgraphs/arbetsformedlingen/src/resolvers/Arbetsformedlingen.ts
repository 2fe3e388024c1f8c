import type { ArbetsformedlingenContext } from '../context';

export const Arbetsformedlingen = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ArbetsformedlingenContext) =>
    loaders.authorityById.load(id),
  offices: (_: unknown, __: unknown, { loaders }: ArbetsformedlingenContext) => loaders.allOffices.load(),
};

import type { PoliceContext } from '../context';

export const PoliceAuthority = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PoliceContext) => loaders.authorityById.load(id),
  regions: (_: unknown, __: unknown, { loaders }: PoliceContext) => loaders.allRegions.load(),
};

import type { ForsakringskassanContext } from '../context';

export const Forsakringskassan = {
  __resolveReference: ({ id }: { id: string }, { loaders }: ForsakringskassanContext) => loaders.authorityById.load(id),
  offices: (_: unknown, __: unknown, { loaders }: ForsakringskassanContext) => loaders.allOffices.load(),
};

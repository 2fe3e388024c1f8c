import type { ForsakringskassanResolvers } from '../generated/resolvers-types';

export const Forsakringskassan = {
  __resolveReference: ({ id }, { loaders }) => loaders.authorityById.load(id),
  offices: (_, __, { loaders }) => loaders.allOffices.load(),
} satisfies ForsakringskassanResolvers;

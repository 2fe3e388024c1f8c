import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type ForsakringskassanContext } from './context';
import { Forsakringskassan, entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const forsakringskassanSubgraph: SubgraphDefinition<ForsakringskassanContext> = {
  name: 'forsakringskassan',
  defaultPort: 4004,
  schemaFile: repositoryPath('subgraphs', 'forsakringskassan', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [{ name: 'reference data and synthetic statistics', seededWhen: Forsakringskassan, run: seed }],
  createContext,
};

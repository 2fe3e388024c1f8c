import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type ForsakringskassanContext } from './context';
import { Forsakringskassan, entities, SicknessStatistic } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedSicknessStatistics } from './seed';

export const forsakringskassanSubgraph: SubgraphDefinition<ForsakringskassanContext> = {
  name: 'forsakringskassan',
  defaultPort: 4004,
  schemaFile: repositoryPath('subgraphs', 'forsakringskassan', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'reference data', seededWhen: Forsakringskassan, run: seed },
    { name: 'statistics, published and synthetic', seededWhen: SicknessStatistic, run: seedSicknessStatistics },
  ],
  createContext,
};

import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type PoliceContext } from './context';
import { entities, PoliceAuthority } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const policeSubgraph: SubgraphDefinition<PoliceContext> = {
  name: 'police',
  defaultPort: 4002,
  schemaFile: repositoryPath('subgraphs', 'police', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [{ name: 'reference data and synthetic statistics', seededWhen: PoliceAuthority, run: seed }],
  createContext,
};

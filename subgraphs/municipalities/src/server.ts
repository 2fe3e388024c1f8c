import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type MunicipalitiesContext } from './context';
import { County, entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const municipalitiesSubgraph: SubgraphDefinition<MunicipalitiesContext> = {
  name: 'municipalities',
  defaultPort: 4001,
  schemaFile: repositoryPath('subgraphs', 'municipalities', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [{ name: 'reference data and synthetic statistics', seededWhen: County, run: seed }],
  createContext,
};

import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type MunicipalitiesContext } from './context';
import { County, entities, PopulationStatistic } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedPopulation } from './seed';

export const municipalitiesSubgraph: SubgraphDefinition<MunicipalitiesContext> = {
  name: 'municipalities',
  defaultPort: 4001,
  schemaFile: repositoryPath('subgraphs', 'municipalities', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'reference data', seededWhen: County, run: seed },
    { name: 'statistics, published and synthetic', seededWhen: PopulationStatistic, run: seedPopulation },
  ],
  createContext,
};

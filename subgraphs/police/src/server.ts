import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type PoliceContext } from './context';
import { entities, PoliceAuthority, ReportedCrimeStatistic } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedReportedCrimes } from './seed';

export const policeSubgraph: SubgraphDefinition<PoliceContext> = {
  name: 'police',
  defaultPort: 4002,
  schemaFile: repositoryPath('subgraphs', 'police', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'reference data', seededWhen: PoliceAuthority, run: seed },
    { name: 'statistics, published and synthetic', seededWhen: ReportedCrimeStatistic, run: seedReportedCrimes },
  ],
  createContext,
};

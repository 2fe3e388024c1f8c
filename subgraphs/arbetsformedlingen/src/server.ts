import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type ArbetsformedlingenContext } from './context';
import { Arbetsformedlingen, entities, YouthProgrammeStatistic } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedYouthInProgrammes } from './seed';

export const arbetsformedlingenSubgraph: SubgraphDefinition<ArbetsformedlingenContext> = {
  name: 'arbetsformedlingen',
  defaultPort: 4003,
  schemaFile: repositoryPath('subgraphs', 'arbetsformedlingen', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'reference data and synthetic statistics', seededWhen: Arbetsformedlingen, run: seed },
    { name: 'youth in programmes by sex', seededWhen: YouthProgrammeStatistic, run: seedYouthInProgrammes },
  ],
  createContext,
};

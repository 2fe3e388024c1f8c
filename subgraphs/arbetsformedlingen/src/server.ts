import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { createContext, type ArbetsformedlingenContext } from './context';
import { Arbetsformedlingen, entities, UnemploymentStatistic, YouthProgrammeStatistic } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedUnemployment, seedYouthInProgrammes } from './seed';

export const arbetsformedlingenSubgraph: SubgraphDefinition<ArbetsformedlingenContext> = {
  name: 'arbetsformedlingen',
  defaultPort: 4003,
  schemaFile: repositoryPath('subgraphs', 'arbetsformedlingen', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'reference data', seededWhen: Arbetsformedlingen, run: seed },
    { name: 'unemployment, published and synthetic', seededWhen: UnemploymentStatistic, run: seedUnemployment },
    { name: 'youth in programmes by sex', seededWhen: YouthProgrammeStatistic, run: seedYouthInProgrammes },
  ],
  createContext,
};

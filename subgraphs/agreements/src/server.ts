import { join } from 'node:path';
import type { SubgraphDefinition } from '@samverkan/common';
import { createContext, type AgreementsContext } from './context';
import { entities, GovernmentDecision } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const agreementsSubgraph: SubgraphDefinition<AgreementsContext> = {
  name: 'agreements',
  defaultPort: 4005,
  schemaFile: join(__dirname, '..', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seed,
  seededWhen: GovernmentDecision,
  createContext,
};

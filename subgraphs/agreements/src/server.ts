import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { agreementAccess } from './access';
import { createContext, type AgreementsContext } from './context';
import { Commitment, entities, GovernmentDecision, MunicipalityLocation } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedMunicipalityLocations, seedPartnerData } from './seed';

export const agreementsSubgraph: SubgraphDefinition<AgreementsContext> = {
  name: 'agreements',
  defaultPort: 4005,
  schemaFile: repositoryPath('subgraphs', 'agreements', 'schema.graphql'),
  resolvers,
  entities,
  migrations,
  seeds: [
    { name: 'agreements of 2008-2010', seededWhen: GovernmentDecision, run: seed },
    { name: 'illustrative partner data', seededWhen: Commitment, run: seedPartnerData },
    { name: 'where municipalities lie', seededWhen: MunicipalityLocation, run: seedMunicipalityLocations },
  ],
  access: agreementAccess,
  createContext,
};

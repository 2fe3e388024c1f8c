import { repositoryPath, type SubgraphDefinition } from '@samverkan/common';
import { agreementAccess } from './access';
import { createContext, type AgreementsContext } from './context';
import { AgreementRenewal, Commitment, entities, GovernmentDecision, MunicipalityLocation } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seed, seedMunicipalityLocations, seedPartnerData, seedUrban15Renewals } from './seed';

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
    { name: 'URBAN 15 renewals of 2012-2014', seededWhen: AgreementRenewal, run: seedUrban15Renewals },
  ],
  access: agreementAccess,
  createContext,
};

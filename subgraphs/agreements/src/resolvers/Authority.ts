import type { AgreementsContext } from '../context';
import type {
  ArbetsformedlingenResolvers,
  AuthorityResolvers,
  ForsakringskassanResolvers,
  PoliceAuthorityResolvers,
} from '../generated/resolvers-types';
import { partnerKey } from '../loaders';

/**
 * The three authority types are owned by their own subgraphs; this subgraph
 * adds the agreements each is a partner in.
 */
async function agreementsOf(typename: string, id: string, { loaders }: AgreementsContext) {
  return (await loaders.agreementsByPartner.load(partnerKey(typename, id))).map((pair) => pair.agreement);
}

export const Authority = {
  __resolveType: (authority) => authority.__typename,
} satisfies AuthorityResolvers;
export const PoliceAuthority = {
  __resolveReference: ({ id }) => ({ __typename: 'PoliceAuthority', id }),
  agreements: ({ id }, _, context) => agreementsOf('PoliceAuthority', id, context),
} satisfies PoliceAuthorityResolvers;
export const Arbetsformedlingen = {
  __resolveReference: ({ id }) => ({ __typename: 'Arbetsformedlingen', id }),
  agreements: ({ id }, _, context) => agreementsOf('Arbetsformedlingen', id, context),
} satisfies ArbetsformedlingenResolvers;
export const Forsakringskassan = {
  __resolveReference: ({ id }) => ({ __typename: 'Forsakringskassan', id }),
  agreements: ({ id }, _, context) => agreementsOf('Forsakringskassan', id, context),
} satisfies ForsakringskassanResolvers;

import type { AgreementsContext } from '../context';
import { partnerKey } from '../loaders';

/**
 * The three authority types are owned by their own subgraphs; this subgraph
 * adds the agreements each is a partner in.
 */
function authorityType(typename: string) {
  return {
    __resolveReference: ({ id }: { id: string }) => ({ __typename: typename, id }),
    agreements: async ({ id }: { id: string }, _: unknown, { loaders }: AgreementsContext) =>
      (await loaders.agreementsByPartner.load(partnerKey(typename, id))).map((pair) => pair.agreement),
  };
}

export const Authority = {
  __resolveType: (authority: { __typename: string }) => authority.__typename,
};
export const PoliceAuthority = authorityType('PoliceAuthority');
export const Arbetsformedlingen = authorityType('Arbetsformedlingen');
export const Forsakringskassan = authorityType('Forsakringskassan');

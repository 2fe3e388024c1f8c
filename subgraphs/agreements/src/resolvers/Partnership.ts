import { GraphQLError } from 'graphql';
import type { AgreementsContext } from '../context';
import type { Partnership as PartnershipRow } from '../entities';

export const Partnership = {
  partner: async (p: PartnershipRow, _: unknown, { loaders }: AgreementsContext) => {
    switch (p.partnerType) {
      case 'Organisation': {
        const organisation = await loaders.organisationById.load(p.partnerId);
        // partner is non-null in the schema; a dangling reference is a data error, said as such.
        if (!organisation) {
          throw new GraphQLError(`Partner organisation ${p.partnerId} of agreement ${p.agreementId} does not exist.`, {
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          });
        }
        return { __typename: 'Organisation', ...organisation };
      }
      case 'Municipality':
        return { __typename: 'Municipality', code: p.partnerId };
      default:
        // An authority, owned and resolved by its own subgraph.
        return { __typename: p.partnerType, id: p.partnerId };
    }
  },
};

/** Partner objects carry their GraphQL type, set above. */
export const Partner = {
  __resolveType: (partner: { __typename: string }) => partner.__typename,
};

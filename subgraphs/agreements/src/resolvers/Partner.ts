import { GraphQLError } from 'graphql';
import type { AgreementsContext } from '../context';
import type { PartnerType } from '../entities';
import type { PartnerResolvers, ResolversParentTypes } from '../generated/resolvers-types';

/** A row that names a partner of an agreement: partnerships, commitments, obstacles, contact people. */
export interface PartnerReference {
  agreementId: string;
  partnerType: PartnerType;
  partnerId: string;
}

/** The `Partner` a row names: an organisation from this subgraph, or a reference other subgraphs resolve. */
export async function resolvePartner(
  row: PartnerReference,
  { loaders }: AgreementsContext,
): Promise<ResolversParentTypes['Partner']> {
  switch (row.partnerType) {
    case 'Organisation': {
      const organisation = await loaders.organisationById.load(row.partnerId);
      // partner is non-null in the schema; a dangling reference is a data error, said as such.
      if (!organisation) {
        throw new GraphQLError(
          `Partner organisation ${row.partnerId} of agreement ${row.agreementId} does not exist.`,
          {
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        );
      }
      return { __typename: 'Organisation', ...organisation };
    }
    case 'Municipality':
      return { __typename: 'Municipality', code: row.partnerId };
    default:
      // An authority, owned and resolved by its own subgraph.
      return { __typename: row.partnerType, id: row.partnerId };
  }
}

/** Partner objects carry their GraphQL type, set by resolvePartner. */
export const Partner = {
  __resolveType: (partner) => partner.__typename,
} satisfies PartnerResolvers;

import type { AgreementsContext } from '../context';
import type { Partnership as PartnershipRow } from '../entities';

export const Partnership = {
  partner: async (p: PartnershipRow, _: unknown, { loaders }: AgreementsContext) => {
    switch (p.partnerType) {
      case 'Organisation': {
        const organisation = await loaders.organisationById.load(p.partnerId);
        return organisation && { __typename: 'Organisation', ...organisation };
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

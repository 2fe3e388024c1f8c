import type { ViewerResolvers } from '../generated/resolvers-types';
import { authorityPartnerTypes } from '../entities';
import { partnerKey } from '../loaders';

export const Viewer = {
  anonymous: (caller) => caller.anonymous,
  organisation: (caller) => caller.organisation ?? null,
  roles: (caller) => caller.roles.map((role) => role.toUpperCase() as Uppercase<typeof role>),
  partnerIn: async (caller, _, { loaders }) => {
    if (!caller.organisation) return [];
    // An organisation is a municipality (four digits) or an authority.
    const keys = /^\d{4}$/.test(caller.organisation)
      ? [partnerKey('Municipality', caller.organisation)]
      : authorityPartnerTypes.map((type) => partnerKey(type, caller.organisation!));
    const found = await loaders.agreementsByPartner.loadMany(keys);
    return found.flatMap((pairs) => (Array.isArray(pairs) ? pairs.map((pair) => pair.agreement) : []));
  },
} satisfies ViewerResolvers;

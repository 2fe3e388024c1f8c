import type { Caller } from '@samverkan/common';
import type { AgreementsContext } from '../context';
import { authorityPartnerTypes } from '../entities';
import { partnerKey } from '../loaders';

export const Viewer = {
  anonymous: (caller: Caller) => caller.anonymous,
  organisation: (caller: Caller) => caller.organisation ?? null,
  roles: (caller: Caller) => caller.roles.map((role) => role.toUpperCase()),
  partnerIn: async (caller: Caller, _: unknown, { loaders }: AgreementsContext) => {
    if (!caller.organisation) return [];
    // An organisation is a municipality (four digits) or an authority.
    const keys = /^\d{4}$/.test(caller.organisation)
      ? [partnerKey('Municipality', caller.organisation)]
      : authorityPartnerTypes.map((type) => partnerKey(type, caller.organisation!));
    const found = await loaders.agreementsByPartner.loadMany(keys);
    return found.flatMap((pairs) => (Array.isArray(pairs) ? pairs.map((pair) => pair.agreement) : []));
  },
};

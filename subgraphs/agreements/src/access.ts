import type { AccessPolicy } from '@samverkan/common';
import type { AgreementsContext } from './context';
import type { LocalDevelopmentAgreement } from './entities';

/**
 * The fields marked `@access` here sit on LocalDevelopmentAgreement: the
 * caller is party to it when their organisation is one of its partners, a
 * municipality by its code, an authority by its id. The root fields marked
 * so span every agreement, so no partner is party to them: they are the
 * coordinators'.
 */
export const agreementAccess: AccessPolicy<AgreementsContext> = {
  async isPartyTo(caller, parent, { loaders }) {
    if (!caller.organisation || !parent) return false;
    const partnerships = await loaders.partnershipsByAgreement.load((parent as LocalDevelopmentAgreement).id);
    return partnerships.some((p) => p.partnerType !== 'Organisation' && p.partnerId === caller.organisation);
  },
  entityOf: (parent, typeName) =>
    parent && typeof (parent as { id?: unknown }).id === 'string'
      ? `${typeName}:${(parent as { id: string }).id}`
      : undefined,
};

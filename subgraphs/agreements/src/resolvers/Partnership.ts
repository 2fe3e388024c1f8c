import type { PartnershipResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

export const Partnership = {
  partner: (p, _, context) => resolvePartner(p, context),
} satisfies PartnershipResolvers;

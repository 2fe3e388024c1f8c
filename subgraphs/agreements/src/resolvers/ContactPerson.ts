import type { ContactPersonResolvers } from '../generated/resolvers-types';
import { resolvePartner } from './Partner';

export const ContactPerson = {
  organisation: (c, _, context) => resolvePartner(c, context),
} satisfies ContactPersonResolvers;

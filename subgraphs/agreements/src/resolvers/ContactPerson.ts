import type { AgreementsContext } from '../context';
import type { ContactPerson as ContactPersonRow } from '../entities';
import { resolvePartner } from './Partner';

export const ContactPerson = {
  organisation: (c: ContactPersonRow, _: unknown, context: AgreementsContext) => resolvePartner(c, context),
};

import type { AgreementsContext } from '../context';
import type { Partnership as PartnershipRow } from '../entities';
import { resolvePartner } from './Partner';

export const Partnership = {
  partner: (p: PartnershipRow, _: unknown, context: AgreementsContext) => resolvePartner(p, context),
};

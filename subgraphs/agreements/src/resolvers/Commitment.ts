import type { AgreementsContext } from '../context';
import type { Commitment as CommitmentRow } from '../entities';
import { resolvePartner } from './Partner';

export const Commitment = {
  partner: (c: CommitmentRow, _: unknown, context: AgreementsContext) => resolvePartner(c, context),
};

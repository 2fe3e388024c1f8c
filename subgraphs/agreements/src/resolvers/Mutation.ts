import type { AgreementsContext } from '../context';
import { LocalDevelopmentAgreement } from '../entities';
import {
  registerAgreement,
  renewAgreement,
  type RegisterAgreementInput,
  type RenewAgreementInput,
} from '../writes/agreements';
import { addPartner, removePartner, type AddPartnerInput, type RemovePartnerInput } from '../writes/partners';

/** The agreement as committed: read after the write, not from this request's loaders, which may hold the old one. */
const committed = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(LocalDevelopmentAgreement, { id });

export const Mutation = {
  registerAgreement: (
    _: unknown,
    args: { input: RegisterAgreementInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => registerAgreement(context, args.input, args.idempotencyKey).then(committed(context)),
  renewAgreement: (
    _: unknown,
    args: { input: RenewAgreementInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => renewAgreement(context, args.input, args.idempotencyKey).then(committed(context)),
  addPartner: (_: unknown, args: { input: AddPartnerInput }, context: AgreementsContext) =>
    addPartner(context, args.input).then(committed(context)),
  removePartner: (_: unknown, args: { input: RemovePartnerInput }, context: AgreementsContext) =>
    removePartner(context, args.input).then(committed(context)),
};

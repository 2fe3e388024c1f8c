import type { AgreementsContext } from '../context';
import { Commitment, LocalDevelopmentAgreement, Obstacle } from '../entities';
import {
  registerAgreement,
  renewAgreement,
  type RegisterAgreementInput,
  type RenewAgreementInput,
} from '../writes/agreements';
import {
  recordCommitment,
  updateCommitment,
  type RecordCommitmentInput,
  type UpdateCommitmentInput,
} from '../writes/commitments';
import {
  changeObstacleStatus,
  proposeResolution,
  recordObstacle,
  type ChangeObstacleStatusInput,
  type ProposeResolutionInput,
  type RecordObstacleInput,
} from '../writes/obstacles';
import { addPartner, removePartner, type AddPartnerInput, type RemovePartnerInput } from '../writes/partners';

// What a write answers is read after it committed, not through this request's loaders, which may hold the old row.
const committedAgreement = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(LocalDevelopmentAgreement, { id });
const committedCommitment = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(Commitment, { id });
const committedObstacle = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(Obstacle, { id });

export const Mutation = {
  registerAgreement: (
    _: unknown,
    args: { input: RegisterAgreementInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => registerAgreement(context, args.input, args.idempotencyKey).then(committedAgreement(context)),
  renewAgreement: (
    _: unknown,
    args: { input: RenewAgreementInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => renewAgreement(context, args.input, args.idempotencyKey).then(committedAgreement(context)),
  addPartner: (_: unknown, args: { input: AddPartnerInput }, context: AgreementsContext) =>
    addPartner(context, args.input).then(committedAgreement(context)),
  removePartner: (_: unknown, args: { input: RemovePartnerInput }, context: AgreementsContext) =>
    removePartner(context, args.input).then(committedAgreement(context)),
  recordCommitment: (
    _: unknown,
    args: { input: RecordCommitmentInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => recordCommitment(context, args.input, args.idempotencyKey).then(committedCommitment(context)),
  updateCommitment: (_: unknown, args: { input: UpdateCommitmentInput }, context: AgreementsContext) =>
    updateCommitment(context, args.input).then(committedCommitment(context)),
  recordObstacle: (
    _: unknown,
    args: { input: RecordObstacleInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => recordObstacle(context, args.input, args.idempotencyKey).then(committedObstacle(context)),
  proposeResolution: (
    _: unknown,
    args: { input: ProposeResolutionInput; idempotencyKey?: string | null },
    context: AgreementsContext,
  ) => proposeResolution(context, args.input, args.idempotencyKey).then(committedObstacle(context)),
  changeObstacleStatus: (_: unknown, args: { input: ChangeObstacleStatusInput }, context: AgreementsContext) =>
    changeObstacleStatus(context, args.input).then(committedObstacle(context)),
};

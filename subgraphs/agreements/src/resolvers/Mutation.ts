import type { AgreementsContext } from '../context';
import { Commitment, FollowUpReport, LocalDevelopmentAgreement, Obstacle } from '../entities';
import type { MutationResolvers } from '../generated/resolvers-types';
import { registerAgreement, renewAgreement } from '../writes/agreements';
import { recordCommitment, updateCommitment } from '../writes/commitments';
import { fileFollowUpReport } from '../writes/follow-ups';
import { changeObstacleStatus, proposeResolution, recordObstacle } from '../writes/obstacles';
import { addPartner, removePartner } from '../writes/partners';

// What a write answers is read after it committed, not through this request's loaders, which may hold the old row.
const committedAgreement = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(LocalDevelopmentAgreement, { id });
const committedCommitment = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(Commitment, { id });
const committedObstacle = (context: AgreementsContext) => (id: string) =>
  context.dataSource.manager.findOneByOrFail(Obstacle, { id });

export const Mutation = {
  registerAgreement: (_, { input, idempotencyKey }, context) =>
    registerAgreement(context, input, idempotencyKey).then(committedAgreement(context)),
  renewAgreement: (_, { input, idempotencyKey }, context) =>
    renewAgreement(context, input, idempotencyKey).then(committedAgreement(context)),
  addPartner: (_, { input }, context) => addPartner(context, input).then(committedAgreement(context)),
  removePartner: (_, { input }, context) => removePartner(context, input).then(committedAgreement(context)),
  recordCommitment: (_, { input, idempotencyKey }, context) =>
    recordCommitment(context, input, idempotencyKey).then(committedCommitment(context)),
  updateCommitment: (_, { input }, context) => updateCommitment(context, input).then(committedCommitment(context)),
  recordObstacle: (_, { input, idempotencyKey }, context) =>
    recordObstacle(context, input, idempotencyKey).then(committedObstacle(context)),
  proposeResolution: (_, { input, idempotencyKey }, context) =>
    proposeResolution(context, input, idempotencyKey).then(committedObstacle(context)),
  changeObstacleStatus: (_, { input }, context) =>
    changeObstacleStatus(context, input).then(committedObstacle(context)),
  fileFollowUpReport: (_, { input, idempotencyKey }, context) =>
    fileFollowUpReport(context, input, idempotencyKey).then((key) =>
      context.dataSource.manager.findOneByOrFail(FollowUpReport, key),
    ),
} satisfies MutationResolvers;

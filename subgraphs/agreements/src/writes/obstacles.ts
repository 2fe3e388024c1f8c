import { randomUUID } from 'node:crypto';
import { conflict, forbidden, invalidInput, type Caller } from '@samverkan/common';
import type { EntityManager } from 'typeorm';
import { Obstacle, ObstacleParty, Partnership, Resolution, ResolutionShare, type ObstacleStatus } from '../entities';
import type {
  ChangeObstacleStatusInput,
  ProposeResolutionInput,
  RecordObstacleInput,
} from '../generated/resolvers-types';
import { agreementOfCaller, callerPartner, partnersOnly, writeShares } from './commitments';
import * as check from './input';
import { partnerRef } from './partners';
import { runWrite, type WriteContext } from './transaction';

/** A billion kronor either way: consequences are costs (positive) or savings (negative). */
const maxConsequenceSek = 1_000_000_000;

/** Where a status may go: escalated to the national level from OPEN, resolved from either, and reopened. */
const nextStatuses: Record<ObstacleStatus, readonly ObstacleStatus[]> = {
  OPEN: ['ESCALATED', 'RESOLVED'],
  ESCALATED: ['RESOLVED'],
  RESOLVED: ['OPEN'],
};

/** Partners of the agreement and coordinators, who take obstacles to the national level (Dir. 2006:66). */
function partnersAndCoordinators(operation: string) {
  return (caller: Caller): string | null =>
    (caller.roles.includes('partner') && caller.organisation) ||
    caller.roles.includes('coordinator') ||
    caller.roles.includes('admin')
      ? null
      : `${operation} is for partners of the agreement and coordinators.`;
}

const isCoordinator = (caller: Caller) => caller.roles.includes('coordinator') || caller.roles.includes('admin');

/** The obstacle, locked, and its agreement's partners; a partner must be one of them, a coordinator need not. */
async function obstacleForWrite(
  manager: EntityManager,
  caller: Caller,
  obstacleId: string,
): Promise<{ obstacle: Obstacle; partners: Partnership[] }> {
  const obstacle = await manager.findOne(Obstacle, { where: { id: obstacleId }, lock: { mode: 'pessimistic_write' } });
  if (!obstacle) throw invalidInput('obstacleId', `no obstacle has the id ${obstacleId.slice(0, 80)}.`);
  if (isCoordinator(caller)) {
    return { obstacle, partners: await manager.findBy(Partnership, { agreementId: obstacle.agreementId }) };
  }
  const { partners } = await agreementOfCaller(manager, caller, obstacle.agreementId);
  return { obstacle, partners };
}

export function obstacleSnapshot(o: Obstacle, parties?: string[]): object {
  const { agreement: _, ...row } = o;
  return { ...row, ...(parties ? { parties } : {}) };
}

export function recordObstacle(
  context: WriteContext,
  input: RecordObstacleInput,
  idempotencyKey?: string | null,
): Promise<string> {
  const operation = 'recordObstacle';
  return runWrite(
    context,
    { operation, authorise: partnersOnly(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const agreementId = check.slug('agreementId', input.agreementId);
      const description = check.text('description', input.description, 1000);
      const { agreement, partners } = await agreementOfCaller(tx.manager, context.caller, agreementId);
      if (!agreement.focusAreas.includes(input.focusArea)) {
        throw invalidInput(
          'focusArea',
          `agreement ${agreementId} works in ${agreement.focusAreas.join(', ')}, not ${input.focusArea}.`,
        );
      }
      const reporter = callerPartner(context.caller)!;
      const parties = [reporter];
      (input.parties ?? []).forEach((party, i) => {
        const ref = partnerRef(party, false, `parties.${i}`);
        if (!partners.some((p) => p.partnerType === ref.partnerType && p.partnerId === ref.partnerId)) {
          throw invalidInput(`parties.${i}`, `${ref.partnerType} ${ref.partnerId} is not a partner of the agreement.`);
        }
        if (parties.some((p) => p.partnerType === ref.partnerType && p.partnerId === ref.partnerId)) {
          throw invalidInput(
            `parties.${i}`,
            `${ref.partnerType} ${ref.partnerId} is listed already (the reporter is a party).`,
          );
        }
        parties.push(ref);
      });
      const obstacle: Obstacle = {
        id: `${agreementId}-${randomUUID().slice(0, 8)}`,
        agreementId,
        kind: input.kind,
        description,
        focusArea: input.focusArea,
        ...reporter,
        reportedAt: new Date(),
        status: 'OPEN',
        statusChangedBy: null,
        statusChangedAt: null,
        version: 1,
      };
      await tx.manager.insert(Obstacle, obstacle);
      await tx.manager.insert(
        ObstacleParty,
        parties.map((p) => ({ obstacleId: obstacle.id, ...p })),
      );
      await tx.record({
        agreementId,
        entity: 'Obstacle',
        entityId: obstacle.id,
        before: null,
        after: obstacleSnapshot(
          obstacle,
          parties.map((p) => `${p.partnerType}:${p.partnerId}`),
        ),
      });
      return obstacle.id;
    },
  );
}

export function proposeResolution(
  context: WriteContext,
  input: ProposeResolutionInput,
  idempotencyKey?: string | null,
): Promise<string> {
  const operation = 'proposeResolution';
  return runWrite(
    context,
    { operation, authorise: partnersAndCoordinators(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const obstacleId = check.text('obstacleId', input.obstacleId, 80);
      const proposal = check.text('proposal', input.proposal, 2000);
      const financing = check.text('financing', input.financing, 1000);
      const sek = input.economicConsequencesSek;
      if (!Number.isInteger(sek) || Math.abs(sek) > maxConsequenceSek) {
        throw invalidInput(
          'economicConsequencesSek',
          `must be whole kronor between -${maxConsequenceSek.toLocaleString('en')} (a saving) and ${maxConsequenceSek.toLocaleString('en')} (a cost), got ${sek}.`,
        );
      }
      const { obstacle, partners } = await obstacleForWrite(tx.manager, context.caller, obstacleId);
      if (obstacle.status === 'RESOLVED') {
        throw invalidInput('obstacleId', `obstacle ${obstacleId} is RESOLVED; reopen it before proposing more.`);
      }
      const resolution: Resolution = {
        id: `${obstacleId.slice(0, 80)}-r${randomUUID().slice(0, 8)}`,
        obstacleId,
        proposal,
        economicConsequencesSek: sek,
        financing,
        proposedByOrganisation: context.caller.organisation ?? '(none)',
        proposedBy: context.caller.subject ?? '(no subject)',
        proposedAt: new Date(),
      };
      await tx.manager.insert(Resolution, resolution);
      const shares = await writeShares(input.coFinancing, partners, (share) =>
        tx.manager.insert(ResolutionShare, { resolutionId: resolution.id, ...share }),
      );
      await tx.record({
        agreementId: obstacle.agreementId,
        entity: 'Resolution',
        entityId: resolution.id,
        before: null,
        after: {
          ...resolution,
          coFinancing: shares.map((s) => ({ partner: `${s.partnerType}:${s.partnerId}`, basisPoints: s.basisPoints })),
        },
      });
      return obstacleId;
    },
  );
}

export function changeObstacleStatus(context: WriteContext, input: ChangeObstacleStatusInput): Promise<string> {
  const operation = 'changeObstacleStatus';
  return runWrite(context, { operation, authorise: partnersAndCoordinators(operation) }, async (tx) => {
    const obstacleId = check.text('obstacleId', input.obstacleId, 80);
    const version = check.version('version', input.version);
    const { obstacle } = await obstacleForWrite(tx.manager, context.caller, obstacleId);
    if (obstacle.version !== version) throw conflict(`Obstacle ${obstacleId}`, obstacle.version);
    if (!nextStatuses[obstacle.status].includes(input.status)) {
      throw invalidInput(
        'status',
        `an ${obstacle.status} obstacle can become ${nextStatuses[obstacle.status].join(' or ')}, not ${input.status}.`,
      );
    }
    if (input.status === 'ESCALATED' && !isCoordinator(context.caller)) {
      throw forbidden('Only a coordinator escalates an obstacle: escalating reports it to the national level.');
    }
    const next: Obstacle = {
      ...obstacle,
      status: input.status,
      statusChangedBy: context.caller.subject ?? '(no subject)',
      statusChangedAt: new Date(),
      version: version + 1,
    };
    const { agreement: _, ...columns } = next;
    await tx.manager.update(Obstacle, { id: obstacleId }, columns);
    await tx.record({
      agreementId: obstacle.agreementId,
      entity: 'Obstacle',
      entityId: obstacleId,
      before: obstacleSnapshot(obstacle),
      after: obstacleSnapshot(next),
    });
    return obstacleId;
  });
}

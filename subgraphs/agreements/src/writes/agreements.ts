import { invalidInput, type Caller } from '@samverkan/common';
import type { EntityManager } from 'typeorm';
import {
  AgreementDistrict,
  AgreementRenewal,
  GovernmentDecision,
  LocalDevelopmentAgreement,
  Partnership,
} from '../entities';
import type { DecisionInput, RegisterAgreementInput, RenewAgreementInput } from '../generated/resolvers-types';
import * as check from './input';
import { runWrite, type WriteContext, type WriteTransaction } from './transaction';

/** Agreements are the coordinator's to register and renew (Dir. 2006:66); administrators may stand in. */
export function coordinatorsOnly(operation: string) {
  return (caller: Caller): string | null =>
    caller.roles.includes('coordinator') || caller.roles.includes('admin')
      ? null
      : `${operation} is for coordinators: agreements and their partners are managed by the coordinator.`;
}

/** The agreement as its history keeps it: its own fields, without relations. */
export function agreementSnapshot(a: LocalDevelopmentAgreement, districtIds?: string[]): object {
  return {
    id: a.id,
    title: a.title,
    municipalityCode: a.municipalityCode,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    decisionId: a.decisionId,
    focusAreas: a.focusAreas,
    version: a.version,
    ...(districtIds ? { districtIds } : {}),
  };
}

/** Checks what can be checked without the database; the caller's fields come back cleaned. */
function checkDecision(field: string, decision: DecisionInput): DecisionInput {
  return {
    reference: check.text(`${field}.reference`, decision.reference, 100),
    decidedOn: check.date(`${field}.decidedOn`, decision.decidedOn),
    title: check.optionalText(`${field}.title`, decision.title, 300),
    ministry: check.optionalText(`${field}.ministry`, decision.ministry, 200),
    ordinance: check.optionalText(`${field}.ordinance`, decision.ordinance, 200),
  };
}

/** The recorded decision with this reference, which must have been taken on that date, or a new record of it. */
async function decisionFor(manager: EntityManager, field: string, decision: DecisionInput): Promise<string> {
  const recorded = await manager.findOneBy(GovernmentDecision, { reference: decision.reference });
  if (recorded) {
    if (recorded.decidedOn !== decision.decidedOn) {
      throw invalidInput(
        `${field}.decidedOn`,
        `decision ${recorded.reference} was taken on ${recorded.decidedOn}, not ${decision.decidedOn}.`,
      );
    }
    return recorded.id;
  }
  for (const part of ['title', 'ministry', 'ordinance'] as const) {
    if (!decision[part]) {
      throw invalidInput(`${field}.${part}`, `is required: no decision ${decision.reference} is recorded yet.`);
    }
  }
  const id = `decision-${check.slugOf(decision.reference)}`.slice(0, 64);
  await manager.insert(GovernmentDecision, {
    id,
    reference: decision.reference,
    relatedReferences: [],
    decidedOn: decision.decidedOn,
    title: decision.title!,
    ministry: decision.ministry!,
    ordinance: decision.ordinance!,
  });
  return id;
}

/**
 * Locks the municipality's row for the rest of the transaction, so that two
 * agreements of one municipality are never registered at once and both
 * pass the overlap check; then refuses a period that overlaps another
 * agreement of that municipality.
 */
async function requireFreePeriod(
  manager: EntityManager,
  municipalityCode: string,
  period: check.Period,
): Promise<void> {
  await manager.query('SELECT 1 FROM municipality_location WHERE municipality_code = $1 FOR UPDATE', [
    municipalityCode,
  ]);
  const overlapping = (await manager.query(
    'SELECT id, period_start::text AS start, period_end::text AS "end" FROM local_development_agreement ' +
      'WHERE municipality_code = $1 AND period_start <= $3 AND period_end >= $2 LIMIT 1',
    [municipalityCode, period.start, period.end],
  )) as { id: string; start: string; end: string }[];
  if (overlapping.length > 0) {
    const [other] = overlapping;
    throw invalidInput(
      'period',
      `overlaps agreement ${other.id} (${other.start} to ${other.end}) of the same municipality; one agreement at a time.`,
    );
  }
}

/** `lua-2012-2014-0180`: the id the seed's agreements have; one per municipality and period start year. */
function newAgreementId(municipalityCode: string, period: check.Period): string {
  return `lua-${period.start.slice(0, 4)}-${period.end.slice(0, 4)}-${municipalityCode}`;
}

async function insertAgreement(
  tx: WriteTransaction,
  agreement: Omit<LocalDevelopmentAgreement, 'version' | 'decision'>,
  districtIds: string[],
): Promise<LocalDevelopmentAgreement> {
  const row = { ...agreement, version: 1 };
  if (await tx.manager.existsBy(LocalDevelopmentAgreement, { id: row.id })) {
    // Only possible for periods that start and end in the same years as an agreement whose dates do not overlap.
    throw invalidInput('period', `an agreement with the id ${row.id} exists already; choose other years.`);
  }
  await tx.manager.insert(LocalDevelopmentAgreement, row);
  await tx.manager.insert(
    AgreementDistrict,
    districtIds.map((districtId) => ({ agreementId: row.id, districtId })),
  );
  await tx.record({
    agreementId: row.id,
    entity: 'LocalDevelopmentAgreement',
    entityId: row.id,
    before: null,
    after: agreementSnapshot(row, districtIds),
  });
  return row;
}

export function registerAgreement(
  context: WriteContext,
  input: RegisterAgreementInput,
  idempotencyKey?: string | null,
): Promise<string> {
  const operation = 'registerAgreement';
  return runWrite(
    context,
    { operation, authorise: coordinatorsOnly(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const municipalityCode = check.municipalityCode('municipalityCode', input.municipalityCode);
      const title = check.text('title', input.title, 300);
      const period = check.period('period', input.period);
      const decision = checkDecision('decision', input.decision);
      const districtIds = check.districtIds('districtIds', input.districtIds, municipalityCode);
      const focusAreas = check.focusAreaList('focusAreas', input.focusAreas);
      await requireFreePeriod(tx.manager, municipalityCode, period);
      const decisionId = await decisionFor(tx.manager, 'decision', decision);
      const agreement = await insertAgreement(
        tx,
        {
          id: newAgreementId(municipalityCode, period),
          title,
          municipalityCode,
          decisionId,
          periodStart: period.start,
          periodEnd: period.end,
          focusAreas,
          continuedInUrban15: false,
        },
        districtIds,
      );
      // The signing municipality is always the first partner.
      const partnership = {
        agreementId: agreement.id,
        partnerType: 'Municipality' as const,
        partnerId: municipalityCode,
        role: 'MUNICIPALITY' as const,
        representedBy: null,
        position: 0,
      };
      await tx.manager.insert(Partnership, partnership);
      await tx.record({
        agreementId: agreement.id,
        entity: 'Partnership',
        entityId: `${agreement.id}/Municipality:${municipalityCode}`,
        before: null,
        after: partnership,
      });
      return agreement.id;
    },
  );
}

export function renewAgreement(
  context: WriteContext,
  input: RenewAgreementInput,
  idempotencyKey?: string | null,
): Promise<string> {
  const operation = 'renewAgreement';
  return runWrite(
    context,
    { operation, authorise: coordinatorsOnly(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const predecessorId = check.slug('predecessorId', input.predecessorId);
      const title = check.text('title', input.title, 300);
      const period = check.period('period', input.period);
      const decision = input.decision ? checkDecision('decision', input.decision) : null;
      const predecessor = await tx.manager.findOne(LocalDevelopmentAgreement, {
        where: { id: predecessorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!predecessor) throw invalidInput('predecessorId', `no agreement has the id ${predecessorId}.`);
      const renewedBy = await tx.manager.findOneBy(AgreementRenewal, { predecessorId });
      if (renewedBy) {
        throw invalidInput('predecessorId', `${predecessorId} was renewed already, by ${renewedBy.successorId}.`);
      }
      if (period.start <= predecessor.periodEnd) {
        throw invalidInput(
          'period.start',
          `must be after the end of the agreement it renews (${predecessor.periodEnd}), got ${period.start}.`,
        );
      }
      const districtIds = input.districtIds
        ? check.districtIds('districtIds', input.districtIds, predecessor.municipalityCode)
        : (await tx.manager.findBy(AgreementDistrict, { agreementId: predecessorId })).map((d) => d.districtId);
      const focusAreas = input.focusAreas
        ? check.focusAreaList('focusAreas', input.focusAreas)
        : predecessor.focusAreas;
      await requireFreePeriod(tx.manager, predecessor.municipalityCode, period);
      const decisionId = decision ? await decisionFor(tx.manager, 'decision', decision) : predecessor.decisionId;
      const agreement = await insertAgreement(
        tx,
        {
          id: newAgreementId(predecessor.municipalityCode, period),
          title,
          municipalityCode: predecessor.municipalityCode,
          decisionId,
          periodStart: period.start,
          periodEnd: period.end,
          focusAreas,
          continuedInUrban15: false,
        },
        districtIds,
      );
      await tx.manager.insert(AgreementRenewal, { predecessorId, successorId: agreement.id });
      const partners = await tx.manager.find(Partnership, {
        where: { agreementId: predecessorId },
        order: { position: 'ASC' },
      });
      const carried = partners.map(({ agreement: _, ...p }) => ({ ...p, agreementId: agreement.id }));
      await tx.manager.insert(Partnership, carried);
      await tx.record({
        agreementId: agreement.id,
        entity: 'AgreementRenewal',
        entityId: `${predecessorId}->${agreement.id}`,
        before: null,
        after: { predecessorId, successorId: agreement.id, partnersCarriedOver: carried.length },
      });
      await tx.record({
        agreementId: predecessorId,
        entity: 'AgreementRenewal',
        entityId: `${predecessorId}->${agreement.id}`,
        before: null,
        after: { predecessorId, successorId: agreement.id },
      });
      return agreement.id;
    },
  );
}

import { randomUUID } from 'node:crypto';
import { conflict, forbidden, invalidInput, type Caller } from '@samverkan/common';
import type { EntityManager } from 'typeorm';
import {
  AgreementDistrict,
  authorityTypeById,
  CoFinancingShare,
  Commitment,
  CommitmentDistrict,
  LocalDevelopmentAgreement,
  Partnership,
  type CommitmentStatus,
  type PartnerType,
} from '../entities';
import type { CoFinancingShareInput, RecordCommitmentInput, UpdateCommitmentInput } from '../generated/resolvers-types';
import * as check from './input';
import { partnerRef } from './partners';
import { runWrite, type WriteContext, type WriteTransaction } from './transaction';

/** A billion kronor: far above any local action, low enough that a typo of a few digits is caught. */
const maxBudgetSek = 1_000_000_000;

/** Where each status may go: DONE and CANCELLED are final. */
const nextStatuses: Record<CommitmentStatus, readonly CommitmentStatus[]> = {
  PLANNED: ['PLANNED', 'ONGOING', 'DONE', 'CANCELLED'],
  ONGOING: ['ONGOING', 'DONE', 'CANCELLED'],
  DONE: ['DONE'],
  CANCELLED: ['CANCELLED'],
};

/** The partner a caller's organisation is: a municipality by its code, an authority by its id, else an organisation. */
export function callerPartner(caller: Caller): { partnerType: PartnerType; partnerId: string } | null {
  const organisation = caller.organisation;
  if (!organisation) return null;
  if (/^\d{4}$/.test(organisation)) return { partnerType: 'Municipality', partnerId: organisation };
  return { partnerType: authorityTypeById[organisation] ?? 'Organisation', partnerId: organisation };
}

/** Commitments are written by partners, each for its own organisation (Dir. 2006:66: the parties commit resources). */
export function partnersOnly(operation: string) {
  return (caller: Caller): string | null =>
    caller.roles.includes('partner') && caller.organisation
      ? null
      : `${operation} is for partners: an organisation records its own commitments in agreements it is party to.`;
}

export function commitmentSnapshot(
  c: Commitment,
  districtIds: string[],
  shares: Pick<CoFinancingShare, 'partnerType' | 'partnerId' | 'basisPoints'>[],
): object {
  const { agreement: _, ...row } = c;
  return {
    ...row,
    districtIds,
    coFinancing: shares.map((s) => ({ partner: `${s.partnerType}:${s.partnerId}`, basisPoints: s.basisPoints })),
  };
}

function budget(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > maxBudgetSek) {
    throw invalidInput(field, `must be whole kronor from 0 to ${maxBudgetSek.toLocaleString('en')}, got ${value}.`);
  }
  return value;
}

/** A period inside the agreement's. */
function periodWithin(field: string, value: check.Period, agreement: LocalDevelopmentAgreement): check.Period {
  const period = check.period(field, value);
  if (period.start < agreement.periodStart) {
    throw invalidInput(`${field}.start`, `must not be before the agreement starts (${agreement.periodStart}).`);
  }
  if (period.end > agreement.periodEnd) {
    throw invalidInput(`${field}.end`, `must not be after the agreement ends (${agreement.periodEnd}).`);
  }
  return period;
}

/** Districts of the agreement, each once. */
async function agreementDistricts(
  manager: EntityManager,
  field: string,
  values: string[],
  agreement: LocalDevelopmentAgreement,
): Promise<string[]> {
  if (values.length === 0) throw invalidInput(field, 'needs at least one of the agreement’s districts.');
  const covered = new Set(
    (await manager.findBy(AgreementDistrict, { agreementId: agreement.id })).map((d) => d.districtId),
  );
  values.forEach((id, i) => {
    if (!covered.has(id)) {
      throw invalidInput(
        `${field}.${i}`,
        `${id.slice(0, 80)} is not one of the districts of agreement ${agreement.id}.`,
      );
    }
    if (values.indexOf(id) !== i) throw invalidInput(`${field}.${i}`, `${id} is listed twice.`);
  });
  return values;
}

/** A share as checked and written: the partner and its part in hundredths of a per cent. */
export interface CheckedShare {
  partnerType: PartnerType;
  partnerId: string;
  basisPoints: number;
  position: number;
}

/**
 * Writes the co-financing rows one by one through `insert`, checking each as
 * it goes (a partner of the agreement, once, a share above 0 and at most
 * 100 % in hundredths), then that they add up to 100 %. A share found wrong
 * after others were written leaves nothing: the transaction is rolled back.
 */
export async function writeShares(
  shares: CoFinancingShareInput[],
  partners: Partnership[],
  insert: (share: CheckedShare) => Promise<unknown>,
): Promise<CheckedShare[]> {
  if (shares.length === 0)
    throw invalidInput('coFinancing', 'needs at least one share; one partner paying all is 100 %.');
  if (shares.length > 10) throw invalidInput('coFinancing', `takes at most 10 shares, got ${shares.length}.`);
  const written: CheckedShare[] = [];
  for (const [i, share] of shares.entries()) {
    const ref = partnerRef(share.partner, false, `coFinancing.${i}.partner`);
    if (!partners.some((p) => p.partnerType === ref.partnerType && p.partnerId === ref.partnerId)) {
      throw invalidInput(
        `coFinancing.${i}.partner`,
        `${ref.partnerType} ${ref.partnerId} is not a partner of the agreement; only its partners co-finance.`,
      );
    }
    if (written.some((w) => w.partnerType === ref.partnerType && w.partnerId === ref.partnerId)) {
      throw invalidInput(`coFinancing.${i}.partner`, `${ref.partnerType} ${ref.partnerId} has a share already.`);
    }
    const basisPoints = Math.round(share.sharePercent * 100);
    if (
      !(share.sharePercent > 0 && share.sharePercent <= 100) ||
      Math.abs(basisPoints - share.sharePercent * 100) > 1e-6
    ) {
      throw invalidInput(
        `coFinancing.${i}.sharePercent`,
        `must be above 0 and at most 100, with at most two decimals; got ${share.sharePercent}.`,
      );
    }
    const row = { ...ref, basisPoints, position: i };
    await insert(row);
    written.push(row);
  }
  const total = written.reduce((sum, s) => sum + s.basisPoints, 0);
  if (total !== 10_000) {
    throw invalidInput('coFinancing', `the shares must add up to 100 %, they add up to ${total / 100} %.`);
  }
  return written;
}

/** A commitment's shares, written as `writeShares` checks them. */
function writeCommitmentShares(
  tx: WriteTransaction,
  commitmentId: string,
  shares: CoFinancingShareInput[],
  partners: Partnership[],
): Promise<CheckedShare[]> {
  return writeShares(shares, partners, (share) => tx.manager.insert(CoFinancingShare, { commitmentId, ...share }));
}

/** The agreement, and the caller's partnership in it, or FORBIDDEN. */
export async function agreementOfCaller(
  manager: EntityManager,
  caller: Caller,
  agreementId: string,
): Promise<{ agreement: LocalDevelopmentAgreement; partners: Partnership[] }> {
  const agreement = await manager.findOneBy(LocalDevelopmentAgreement, { id: agreementId });
  if (!agreement) throw invalidInput('agreementId', `no agreement has the id ${agreementId}.`);
  const partners = await manager.findBy(Partnership, { agreementId });
  const own = callerPartner(caller);
  if (!own || !partners.some((p) => p.partnerType === own.partnerType && p.partnerId === own.partnerId)) {
    throw forbidden(`Your organisation (${caller.organisation}) is not a partner of agreement ${agreementId}.`);
  }
  return { agreement, partners };
}

export function recordCommitment(
  context: WriteContext,
  input: RecordCommitmentInput,
  idempotencyKey?: string | null,
): Promise<string> {
  const operation = 'recordCommitment';
  return runWrite(
    context,
    { operation, authorise: partnersOnly(operation), idempotency: { key: idempotencyKey, input } },
    async (tx) => {
      const agreementId = check.slug('agreementId', input.agreementId);
      const description = check.text('description', input.description, 1000);
      const budgetSek = input.budgetSek == null ? null : budget('budgetSek', input.budgetSek);
      const { agreement, partners } = await agreementOfCaller(tx.manager, context.caller, agreementId);
      if (!agreement.focusAreas.includes(input.focusArea)) {
        throw invalidInput(
          'focusArea',
          `agreement ${agreementId} works in ${agreement.focusAreas.join(', ')}, not ${input.focusArea}.`,
        );
      }
      const period = periodWithin('period', input.period, agreement);
      const districtIds = await agreementDistricts(tx.manager, 'districtIds', input.districtIds, agreement);
      const own = callerPartner(context.caller)!;
      const commitment: Commitment = {
        // Random, so that partners recording at the same moment never collide.
        id: `${agreementId}-${randomUUID().slice(0, 8)}`,
        agreementId,
        ...own,
        focusArea: input.focusArea,
        description,
        periodStart: period.start,
        periodEnd: period.end,
        budgetSek,
        status: input.status ?? 'PLANNED',
        version: 1,
      };
      await tx.manager.insert(Commitment, commitment);
      await tx.manager.insert(
        CommitmentDistrict,
        districtIds.map((districtId) => ({ commitmentId: commitment.id, districtId })),
      );
      const shares = await writeCommitmentShares(tx, commitment.id, input.coFinancing, partners);
      await tx.record({
        agreementId,
        entity: 'Commitment',
        entityId: commitment.id,
        before: null,
        after: commitmentSnapshot(commitment, districtIds, shares),
      });
      return commitment.id;
    },
  );
}

export function updateCommitment(context: WriteContext, input: UpdateCommitmentInput): Promise<string> {
  const operation = 'updateCommitment';
  return runWrite(context, { operation, authorise: partnersOnly(operation) }, async (tx) => {
    const id = check.text('id', input.id, 120);
    const version = check.version('version', input.version);
    const current = await tx.manager.findOne(Commitment, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!current) throw invalidInput('id', `no commitment has the id ${id}.`);
    const own = callerPartner(context.caller);
    if (!own || own.partnerType !== current.partnerType || own.partnerId !== current.partnerId) {
      throw forbidden(`Commitment ${id} is ${current.partnerType} ${current.partnerId}'s; only it may change it.`);
    }
    if (current.version !== version) throw conflict(`Commitment ${id}`, current.version);
    const { agreement, partners } = await agreementOfCaller(tx.manager, context.caller, current.agreementId);
    const districtsBefore = (await tx.manager.findBy(CommitmentDistrict, { commitmentId: id })).map(
      (d) => d.districtId,
    );
    const sharesBefore = await tx.manager.find(CoFinancingShare, {
      where: { commitmentId: id },
      order: { position: 'ASC' },
    });

    const next: Commitment = { ...current, version: version + 1 };
    if (input.description != null) next.description = check.text('description', input.description, 1000);
    if (input.budgetSek !== undefined)
      next.budgetSek = input.budgetSek === null ? null : budget('budgetSek', input.budgetSek);
    if (input.period != null) {
      const period = periodWithin('period', input.period, agreement);
      next.periodStart = period.start;
      next.periodEnd = period.end;
    }
    if (input.status != null) {
      if (!nextStatuses[current.status].includes(input.status)) {
        throw invalidInput(
          'status',
          `a ${current.status} commitment cannot become ${input.status}; ${current.status === 'DONE' || current.status === 'CANCELLED' ? 'it is final' : `it can become ${nextStatuses[current.status].join(', ')}`}.`,
        );
      }
      next.status = input.status;
    }
    let districtIds = districtsBefore;
    if (input.districtIds != null) {
      districtIds = await agreementDistricts(tx.manager, 'districtIds', input.districtIds, agreement);
      await tx.manager.delete(CommitmentDistrict, { commitmentId: id });
      await tx.manager.insert(
        CommitmentDistrict,
        districtIds.map((districtId) => ({ commitmentId: id, districtId })),
      );
    }
    let shares: Pick<CoFinancingShare, 'partnerType' | 'partnerId' | 'basisPoints'>[] = sharesBefore;
    if (input.coFinancing != null) {
      await tx.manager.delete(CoFinancingShare, { commitmentId: id });
      shares = await writeCommitmentShares(tx, id, input.coFinancing, partners);
    }
    const { agreement: _, ...columns } = next;
    await tx.manager.update(Commitment, { id }, columns);
    await tx.record({
      agreementId: current.agreementId,
      entity: 'Commitment',
      entityId: id,
      before: commitmentSnapshot(current, districtsBefore, sharesBefore),
      after: commitmentSnapshot(next, districtIds, shares),
    });
    return id;
  });
}

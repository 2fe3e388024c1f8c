import { createHash } from 'node:crypto';
import { forbidden, invalidInput, type AuditLog, type Caller } from '@samverkan/common';
import { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKey } from '../entities';

/** What a write needs from the request: the database, who asks, and where writes are audited. */
export interface WriteContext {
  dataSource: DataSource;
  caller: Caller;
  audit: AuditLog;
}

/** One change a write makes, as the agreement's history keeps it. */
export interface Change {
  agreementId: string;
  entity: string;
  entityId: string;
  before: object | null;
  after: object | null;
}

export interface WriteTransaction {
  manager: EntityManager;
  /** Keeps the change in the history, in this transaction, so it is there exactly when the change is. */
  record(change: Change): Promise<void>;
}

export interface WriteOptions {
  /** The mutation's name, for the history and the audit log. */
  operation: string;
  /** Refuses the caller before anything is read: a refusal the audit log keeps. */
  authorise(caller: Caller): string | null;
  /** A create mutation's key and the input it guards. */
  idempotency?: { key: string | null | undefined; input: unknown };
}

const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,100}$/;

/** Who the caller is for their idempotency keys: the same person from the same organisation. */
function callerScope(caller: Caller): string {
  return `${caller.subject ?? ''}@${caller.organisation ?? ''}`;
}

/** JSON with object keys sorted, so that the same input hashes alike whatever order its fields came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs one write: the caller's right to it first, then `body` in one
 * transaction together with its history and, for a create, its idempotency
 * key; the audit log gets one entry whether it was written or refused.
 * Returns the id `body` returns, or for a retried key the first call's id.
 *
 * A retry that arrives while the first call is still running waits on the
 * key's row (its primary key) and then sees the first call's result; two
 * different inputs under one key never both write.
 */
export async function runWrite(
  context: WriteContext,
  options: WriteOptions,
  body: (tx: WriteTransaction) => Promise<string>,
): Promise<string> {
  const { caller, audit } = context;
  const event = {
    operation: caller.operation ?? options.operation,
    ...(caller.operationHash ? { operationHash: caller.operationHash } : {}),
    fieldPath: options.operation,
    level: 'WRITE',
  };
  const refusal = caller.anonymous
    ? `${options.operation} needs a signed-in caller; anonymous callers write nothing.`
    : options.authorise(caller);
  if (refusal) {
    audit.record(caller, { ...event, outcome: 'refused' });
    throw forbidden(refusal);
  }
  const key = options.idempotency?.key;
  if (key !== null && key !== undefined && !idempotencyKeyPattern.test(key)) {
    throw invalidInput('idempotencyKey', 'must be 8–100 letters, digits or . _ : - (a UUID will do).');
  }
  const changed: string[] = [];
  const id = await writeTransaction(context, event, async (manager) => {
    let requestHash: string | undefined;
    if (key) {
      requestHash = createHash('sha256')
        .update(`${options.operation}\n${canonicalJson(options.idempotency?.input)}`)
        .digest('hex');
      const earlier = await firstUseOfKey(manager, callerScope(caller), key, options.operation, requestHash);
      if (earlier) return earlier;
    }
    const at = new Date();
    const resultId = await body({
      manager,
      async record(change) {
        changed.push(`${change.entity}:${change.entityId}`);
        await manager.query(
          'INSERT INTO change_record (agreement_id, at, who, organisation, operation, entity, entity_id, before, after) ' +
            'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [
            change.agreementId,
            at,
            caller.subject ?? '(no subject)',
            caller.organisation ?? null,
            options.operation,
            change.entity,
            change.entityId,
            change.before && JSON.stringify(change.before),
            change.after && JSON.stringify(change.after),
          ],
        );
      },
    });
    if (key && requestHash) {
      await manager.update(IdempotencyKey, { caller: callerScope(caller), key }, { resultId });
    }
    return resultId;
  });
  if (changed.length > 0) audit.record(caller, { ...event, outcome: 'written', changed });
  return id;
}

/**
 * The transaction of a write; a refusal only the database could tell (the
 * caller's organisation is no partner of the agreement) is audited like the
 * refusals `authorise` finds.
 */
async function writeTransaction<T>(
  { dataSource, caller, audit }: WriteContext,
  event: Omit<Parameters<AuditLog['record']>[1], 'outcome'>,
  run: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(run);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'FORBIDDEN') {
      audit.record(caller, { ...event, outcome: 'refused' });
    }
    throw error;
  }
}

/**
 * Claims `key` for this call, or finds the call that claimed it first: its
 * result id when the input was the same, BAD_USER_INPUT when it was not.
 * Returns undefined when this call is the first.
 */
async function firstUseOfKey(
  manager: EntityManager,
  scope: string,
  key: string,
  operation: string,
  requestHash: string,
): Promise<string | undefined> {
  const claimed = (await manager.query(
    'INSERT INTO idempotency_key (caller, key, operation, request_hash, result_id, created_at) ' +
      "VALUES ($1, $2, $3, $4, '', now()) ON CONFLICT (caller, key) DO NOTHING RETURNING key",
    [scope, key, operation, requestHash],
  )) as unknown[];
  if (claimed.length > 0) return undefined;
  const earlier = await manager.findOneByOrFail(IdempotencyKey, { caller: scope, key });
  if (earlier.operation !== operation || earlier.requestHash !== requestHash) {
    throw invalidInput(
      'idempotencyKey',
      `was already used for another request (${earlier.operation} with other input); use a new key for a new request.`,
    );
  }
  return earlier.resultId;
}

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { AuditSink } from './audit-table';
import type { Caller } from './identity';
import { activeTraceIds } from './logger';

/** One audited event: who touched which field how, never the data itself. */
export interface AuditEntry {
  time: string;
  service: string;
  /** The token subject, or `anonymous`. */
  who: string;
  organisation: string | null;
  roles: string[];
  /** The operation's name as the client gave it, or `(anonymous operation)`. */
  operation: string;
  /** SHA-256 of the client's document, when the gateway forwarded it. */
  operationHash?: string;
  /**
   * The field's path in the subgraph's response as the client's aliases and list positions make it, e.g.
   * `_entities.0.contactPeople`, or the mutation's name: an extra, since the client chooses the aliases.
   */
  fieldPath: string;
  /** The field's schema coordinate, which no alias changes: `LocalDevelopmentAgreement.contactPeople`. */
  coordinate?: string;
  /** Whose data it is: the key of the object the field was read on, `LocalDevelopmentAgreement:lua-2008-2010-0136`. */
  entity?: string;
  /** For refusals, how many of this request's reads of `coordinate` were refused (one entry per request and field). */
  count?: number;
  /** The access level the field requires, or `WRITE` for a mutation. */
  level: string;
  outcome: 'read' | 'refused' | 'written';
  /** What a write changed, as `Type:id`, for `written` entries. */
  changed?: string[];
  /** Why a request was refused before GraphQL ran (its error code), for request-level entries. */
  reason?: string;
  /** The request's trace id, which its log lines carry too: from an audit entry to what else the request did. */
  traceId?: string;
}

export interface AuditLog {
  record(
    caller: Caller,
    event: Omit<AuditEntry, 'time' | 'service' | 'who' | 'organisation' | 'roles' | 'traceId'>,
  ): void;
  /** The latest entries, oldest first; tests and diagnostics read them. */
  recent(): readonly AuditEntry[];
}

/** Where every chain of a service starts: a hash nothing else produces. */
export function auditGenesis(service: string): string {
  return sha256(`samverkan-audit:${service}`);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The last link of a service's chain in an audit file, to go on from after a restart. */
function lastLink(file: string, service: string): { seq: number; prev: string } | undefined {
  if (!existsSync(file)) return undefined;
  let last: { seq: number; prev: string } | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"audit":true')) continue;
    try {
      const entry = JSON.parse(line) as { service?: string; seq?: number };
      if (entry.service === service && typeof entry.seq === 'number') last = { seq: entry.seq, prev: sha256(line) };
    } catch {
      // Not an entry: a torn last line is left for audit:verify to report.
    }
  }
  return last;
}

/**
 * The audit trail: one JSON line per event, marked `"audit": true`, on
 * standard output whatever the log level, and appended to `file` when one is
 * given (`AUDIT_FILE`). Each line carries its place in the service's chain
 * (`seq`) and the SHA-256 of the line before it (`prev`; the first, the
 * service's genesis hash), so that deleting, inserting or editing a line
 * breaks the chain where it happened (`npm run audit:verify`). With a file
 * the chain goes on across restarts, as it does with a table (`AUDIT_DATABASE_URL`,
 * audit-table.ts); on standard output alone each start begins a new chain at `seq` 0.
 */
export function createAuditLog(
  service: string,
  keep = 500,
  write: (line: string) => void = (line) => process.stdout.write(line),
  file?: string,
  table?: AuditSink,
): AuditLog {
  const entries: AuditEntry[] = [];
  // Where both hold the chain, it goes on from the further of the two.
  const continued = [file ? lastLink(file, service) : undefined, table?.last]
    .filter((link) => link !== undefined)
    .sort((a, b) => b.seq - a.seq)[0];
  let seq = continued ? continued.seq + 1 : 0;
  let prev = continued?.prev ?? auditGenesis(service);
  return {
    record(caller, event) {
      const { traceId } = activeTraceIds();
      const entry: AuditEntry = {
        time: new Date().toISOString(),
        service,
        who: caller.subject ?? 'anonymous',
        organisation: caller.organisation ?? null,
        roles: [...caller.roles],
        ...event,
        ...(traceId ? { traceId } : {}),
      };
      entries.push(entry);
      if (entries.length > keep) entries.shift();
      const line = JSON.stringify({ audit: true, ...entry, seq, prev });
      const entrySeq = seq;
      seq += 1;
      prev = sha256(line);
      write(line + '\n');
      if (file) appendFileSync(file, line + '\n');
      table?.append(entrySeq, line);
    },
    recent: () => entries,
  };
}

export interface ChainCheck {
  ok: boolean;
  /** Entries checked, per service. */
  entries: Record<string, number>;
  /** The first broken link: its 1-based line number and why. */
  broken?: { line: number; service: string; reason: string };
}

/**
 * Checks every service's chain in a file of audit lines (other log lines are
 * passed over): each entry follows the one before it in its service, or
 * starts a new chain at `seq` 0 from the genesis hash (a restart on standard
 * output). Stops at the first broken link.
 */
export function verifyAuditChain(text: string): ChainCheck {
  const last = new Map<string, { seq: number; hash: string }>();
  const entries: Record<string, number> = {};
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.includes('"audit":true')) continue;
    let entry: { audit?: unknown; service?: unknown; seq?: unknown; prev?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return { ok: false, entries, broken: { line: i + 1, service: '?', reason: 'not a JSON line' } };
    }
    if (entry.audit !== true) continue;
    const service = String(entry.service);
    const before = last.get(service);
    const restart = entry.seq === 0 && entry.prev === auditGenesis(service);
    const follows = before !== undefined && entry.seq === before.seq + 1 && entry.prev === before.hash;
    if (!restart && !follows) {
      const reason =
        before === undefined
          ? `seq ${String(entry.seq)} has no entry before it in this file`
          : entry.seq !== before.seq + 1
            ? `seq ${String(entry.seq)} follows seq ${before.seq}: entries are missing or out of order`
            : `prev is not the hash of the entry before it (seq ${before.seq}): that entry or this one was changed`;
      return { ok: false, entries, broken: { line: i + 1, service, reason } };
    }
    last.set(service, { seq: entry.seq as number, hash: sha256(line) });
    entries[service] = (entries[service] ?? 0) + 1;
  }
  return { ok: true, entries };
}

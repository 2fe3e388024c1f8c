import type { Caller } from './identity';

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
}

export interface AuditLog {
  record(caller: Caller, event: Omit<AuditEntry, 'time' | 'service' | 'who' | 'organisation' | 'roles'>): void;
  /** The latest entries, oldest first; tests and diagnostics read them. */
  recent(): readonly AuditEntry[];
}

/**
 * The audit trail: one JSON line per event on standard output, marked
 * `"audit": true` so a log shipper can route it to tamper-evident storage.
 */
export function createAuditLog(
  service: string,
  keep = 500,
  write: (line: string) => void = (line) => process.stdout.write(line),
): AuditLog {
  const entries: AuditEntry[] = [];
  return {
    record(caller, event) {
      const entry: AuditEntry = {
        time: new Date().toISOString(),
        service,
        who: caller.subject ?? 'anonymous',
        organisation: caller.organisation ?? null,
        roles: [...caller.roles],
        ...event,
      };
      entries.push(entry);
      if (entries.length > keep) entries.shift();
      write(JSON.stringify({ audit: true, ...entry }) + '\n');
    },
    recent: () => entries,
  };
}

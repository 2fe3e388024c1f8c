import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * PGlite is not `pg`, so the pg instrumentation does not see its statements; this pool makes the same SQL spans
 * itself (the `db.*` attributes it sets), so a trace shows a subgraph's SQL on the embedded database too.
 */
const tracer = trace.getTracer('@samverkan/common/pglite-pool');

/**
 * A `pg`-shaped driver module (just `Pool`) over one PGlite instance, for
 * TypeORM's `driver` option.
 *
 * PGlite is a single-session database. TypeORM runs a transaction on one
 * checked-out connection, so if two requests shared the session their
 * statements would interleave inside each other's transactions. This pool
 * therefore hands out the session to one holder at a time, like a `pg` pool
 * of size 1: a second `connect()` waits until the first holder releases.
 *
 * Unlike `typeorm-pglite` (a process-wide singleton instance) it is bound to
 * the instance it is given, so each subgraph keeps its own database even when
 * several subgraphs run in one process.
 */
export function pgliteDriverModule(
  db: PGlite,
  options: {
    /** Longest wait for the session before the request fails, as `pg`'s pool fails when used up. */
    acquireTimeoutMs?: number;
  } = {},
): { Pool: new (options?: unknown) => unknown } {
  let held = false;
  const waiting: { grant: (release: () => void) => void }[] = [];

  function release(): void {
    const next = waiting.shift();
    if (next) next.grant(release);
    else held = false;
  }

  function acquire(): Promise<() => void> {
    if (!held) {
      held = true;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: (granted: () => void) => {
          clearTimeout(timer);
          resolve(granted);
        },
      };
      const timer =
        options.acquireTimeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              waiting.splice(waiting.indexOf(waiter), 1);
              // The message pg's pool uses, so callers classify both alike.
              reject(new Error('timeout exceeded when trying to connect'));
            }, options.acquireTimeoutMs);
      waiting.push(waiter);
    });
  }

  function run(text: string, params?: unknown[]) {
    // Only within a request, as the pg instrumentation is set (requireParentSpan): migrations and seeding are not.
    if (!trace.getSpan(context.active())) return runStatement(text, params);
    const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
    return tracer.startActiveSpan(
      `pglite.query:${command}`,
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': text } },
      async (span) => {
        try {
          return await runStatement(text, params);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  async function runStatement(text: string, params?: unknown[]) {
    const withParams = Array.isArray(params) && params.length > 0;
    // Migrations send several statements in one string without parameters,
    // which only the simple-query protocol (`exec`) accepts; `pg` returns the
    // last statement's result in that case, and so do we.
    const result = withParams
      ? await db.query<Record<string, unknown>>(text, params)
      : ((await db.exec(text)).at(-1) ?? { rows: [], affectedRows: 0, fields: [] });
    const rows = result.rows as Record<string, unknown>[];
    return {
      rows,
      rowCount: result.affectedRows ?? rows.length,
      command: /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '',
      fields: result.fields,
    };
  }

  type Callback = (error: unknown, result?: unknown) => void;
  type QueryConfig = { text: string; values?: unknown[]; name?: string };

  /**
   * `pg`'s ways of calling `query`: text and values, or a config object. A
   * config's `name` asks `pg` to prepare the statement once per connection;
   * PGlite has no named statements to keep, so the text runs as it is, which
   * gives the same rows.
   */
  function queryArguments(query: string | QueryConfig, params?: unknown[] | Callback, callback?: Callback) {
    const cb = typeof params === 'function' ? params : callback;
    const values = typeof params === 'function' ? undefined : params;
    return typeof query === 'string'
      ? { text: query, values, cb }
      : { text: query.text, values: values ?? query.values, cb };
  }

  function settle<T>(promise: Promise<T>, callback?: Callback): Promise<T> | undefined {
    if (!callback) return promise;
    promise.then(
      (value) => callback(null, value),
      (error: unknown) => callback(error),
    );
    return undefined;
  }

  class Client extends EventEmitter {
    constructor(private readonly releaseSession: () => void) {
      super();
    }
    query(query: string | QueryConfig, params?: unknown[] | Callback, callback?: Callback) {
      const { text, values, cb } = queryArguments(query, params, callback);
      return settle(run(text, values), cb);
    }
    release() {
      this.releaseSession();
    }
  }

  class Pool extends EventEmitter {
    // TypeORM passes `pg` connection options; there is nothing to connect to.
    constructor(_options?: unknown) {
      super();
    }
    // What `pg`'s pool reports of its use, for the metrics: one session, held or idle, and those waiting for it.
    get totalCount() {
      return 1;
    }
    get idleCount() {
      return held ? 0 : 1;
    }
    get waitingCount() {
      return waiting.length;
    }
    connect(callback?: (error: unknown, client?: Client, done?: () => void) => void) {
      const connected = acquire().then((release) => {
        let released = false;
        const once = () => {
          if (!released) {
            released = true;
            release();
          }
        };
        return new Client(once);
      });
      if (!callback) return connected;
      connected.then(
        (client) => callback(null, client, () => client.release()),
        (error: unknown) => callback(error),
      );
      return undefined;
    }
    query(query: string | QueryConfig, params?: unknown[] | Callback, callback?: Callback) {
      const { text, values, cb } = queryArguments(query, params, callback);
      const done = acquire().then(async (release) => {
        try {
          return await run(text, values);
        } finally {
          release();
        }
      });
      return settle(done, cb);
    }
    end(callback?: (error?: unknown) => void) {
      // The PGlite instance belongs to whoever created it; closing the pool
      // must not close a database another data source may still use.
      callback?.();
      return Promise.resolve();
    }
  }

  return { Pool };
}

/**
 * PGlite serialises a JS boolean parameter as text, which PostgreSQL rejects
 * for boolean columns; send SQL literals as `pg` effectively does.
 */
export const pgliteSerializers = {
  [types.BOOL]: (value: unknown) => (value === true ? 'TRUE' : value === false ? 'FALSE' : String(value)),
};

/**
 * PGlite parses a `date` as midnight UTC, which TypeORM then formats in local
 * time: west of Greenwich every date would come out a day early. Keep dates
 * as the 'YYYY-MM-DD' text PostgreSQL sends.
 */
export const pgliteParsers = {
  [types.DATE]: (value: string) => value,
};

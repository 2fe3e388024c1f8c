import pg from 'pg';
import { ConfigError, readOptionalUrl } from './config';
import { sha256 } from './audit';
import type { Logger } from './logger';

/**
 * The audit chain in a PostgreSQL table (`AUDIT_DATABASE_URL`), besides
 * standard output: one row per entry holding the exact line, so the chain is
 * checked on the same bytes as in a file. Best kept in a database of its own,
 * reached with a role that may only INSERT and SELECT there, so that a
 * service's own credentials can add entries but neither change nor remove
 * them; the chain shows it if someone with more rights does.
 */
export const auditTableName = 'audit_chain';

const createTable = `CREATE TABLE IF NOT EXISTS ${auditTableName} (
  id bigserial PRIMARY KEY,
  service text NOT NULL,
  seq bigint NOT NULL,
  line text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service, seq)
)`;

/** `AUDIT_DATABASE_URL`: a PostgreSQL server URL, or unset. */
export function readAuditDatabaseUrl(env: Record<string, string | undefined>): string | undefined {
  const url = readOptionalUrl(env, 'AUDIT_DATABASE_URL');
  if (url !== undefined && !/^postgres(ql)?:$/.test(new URL(url).protocol)) {
    throw new ConfigError('AUDIT_DATABASE_URL', 'must be a postgres:// URL');
  }
  return url;
}

export interface AuditSink {
  /** The last link of this service's chain already in the sink, to go on from after a restart. */
  readonly last?: { seq: number; prev: string };
  append(seq: number, line: string): void;
}

export class AuditTable implements AuditSink {
  private queue: Promise<void> = Promise.resolve();
  private failing = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly service: string,
    private readonly logger: Logger,
    readonly last: { seq: number; prev: string } | undefined,
  ) {}

  /** Creates the table if it is missing and reads where this service's chain stands. */
  static async open(url: string, service: string, logger: Logger): Promise<AuditTable> {
    // One connection: entries go in in the order they were made.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.on('error', (error) => logger.warn('audit table connection lost', { error: error.message }));
    try {
      await pool.query(createTable);
      const { rows } = await pool.query<{ seq: string; line: string }>(
        `SELECT seq, line FROM ${auditTableName} WHERE service = $1 ORDER BY seq DESC LIMIT 1`,
        [service],
      );
      const last = rows[0] ? { seq: Number(rows[0].seq), prev: sha256(rows[0].line) } : undefined;
      return new AuditTable(pool, service, logger, last);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /**
   * Queued behind the entries before it. A failed insert is retried until it
   * succeeds, keeping the order, so a database that is away for a while
   * delays entries but loses none while the process lives.
   */
  append(seq: number, line: string): void {
    this.queue = this.queue.then(() => this.insert(seq, line));
  }

  private async insert(seq: number, line: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.pool.query(`INSERT INTO ${auditTableName} (service, seq, line) VALUES ($1, $2, $3)`, [
          this.service,
          seq,
          line,
        ]);
        if (this.failing) this.logger.info('audit table written again');
        this.failing = false;
        return;
      } catch (error) {
        if (!this.failing) this.logger.error('audit table write failed; retrying', { error: (error as Error).message });
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5_000)));
      }
    }
  }

  /** Waits until every entry made so far is in the table. */
  flush(): Promise<void> {
    return this.queue;
  }

  /** Writes what is queued, for at most `timeoutMs`, then closes the connection. */
  async close(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    await this.pool.end();
  }
}

/** Every entry in the table in the order it was written: its lines as an audit file has them, and each row's id. */
export async function readAuditTable(url: string): Promise<{ text: string; ids: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; line: string }>(
      `SELECT id, line FROM ${auditTableName} ORDER BY id`,
    );
    return { text: rows.map((row) => row.line).join('\n'), ids: rows.map((row) => row.id) };
  } finally {
    await client.end();
  }
}

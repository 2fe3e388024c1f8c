import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg, { Client } from 'pg';
import {
  DataSource,
  type EntityManager,
  type EntitySchema,
  type EntityTarget,
  type MixedList,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
} from 'typeorm';
import { ConfigError, readInteger, readOptionalString, readOptionalUrl, readString } from './config';
import { isTransientStartupError } from './database-errors';
import type { Logger } from './logger';
import { pgliteDriverModule, pgliteParsers, pgliteSerializers } from './pglite-pool';
import { repositoryPath } from './repository';
import { StatementCounter } from './statement-counter';

/**
 * `.data/pglite` at the repository root, wherever a service is started from
 * (`npm start` at the root, `npm start -w <workspace>` in the workspace).
 */
export const defaultEmbeddedDataDir = repositoryPath('.data', 'pglite');

/** Where a subgraph's database lives. */
export type DatabaseConfig =
  | {
      kind: 'server';
      /** Connection URL of the subgraph's own database; it is created if missing. */
      url: string;
    }
  | {
      kind: 'embedded';
      /** Directory PGlite keeps its files in, or `memory` to keep nothing (tests). */
      dataDir: string;
    };

/**
 * Each subgraph owns one database. With `DATABASE_URL` (a server) the
 * subgraph's database is `<prefix><subgraph>` on that server, so one server
 * can host all five as docker-compose and CI do; `<SUBGRAPH>_DATABASE_URL`
 * points one subgraph elsewhere. Without either, the subgraph runs on an
 * embedded PostgreSQL (PGlite) under `PGLITE_DATA_DIR/<subgraph>`.
 */
export function readDatabaseConfig(env: Record<string, string | undefined>, subgraph: string): DatabaseConfig {
  const own = `${subgraph.toUpperCase()}_DATABASE_URL`;
  const explicit = readOptionalUrl(env, own);
  if (explicit) return { kind: 'server', url: withPasswordFile(env, subgraph, explicit) };
  const shared = readOptionalUrl(env, 'DATABASE_URL');
  if (shared) {
    const prefix = readString(env, 'DATABASE_NAME_PREFIX', 'samverkan_');
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) {
      throw new ConfigError('DATABASE_NAME_PREFIX', `must be a lower-case SQL identifier, got "${prefix}"`);
    }
    const url = new URL(shared);
    url.pathname = `/${prefix}${subgraph}`;
    return { kind: 'server', url: withPasswordFile(env, subgraph, url.toString()) };
  }
  const root = readString(env, 'PGLITE_DATA_DIR', defaultEmbeddedDataDir);
  return { kind: 'embedded', dataDir: root === 'memory' ? 'memory' : resolve(root, subgraph) };
}

/**
 * `<SUBGRAPH>_DATABASE_PASSWORD_FILE`: the subgraph role's password from a
 * file (a Docker or Kubernetes secret), so that it is in no environment
 * variable a process listing or `docker inspect` shows. It replaces any
 * password the URL has.
 */
function withPasswordFile(env: Record<string, string | undefined>, subgraph: string, databaseUrl: string): string {
  const variable = `${subgraph.toUpperCase()}_DATABASE_PASSWORD_FILE`;
  const file = readOptionalString(env, variable);
  if (file === undefined) return databaseUrl;
  let password: string;
  try {
    password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file}: ${(error as Error).message}`);
  }
  if (password === '') throw new ConfigError(variable, `names an empty file, ${file}`);
  const url = new URL(databaseUrl);
  // Percent-encoded as pg decodes it, so that any character may be in the password.
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** How a subgraph's connections to its database behave when the database is slow, locked or gone. */
export interface DatabaseResilience {
  /** Connections to a server; the embedded database has one session. */
  poolSize: number;
  /**
   * PostgreSQL's `statement_timeout` for every statement: a locked table or a
   * runaway query fails the request after this long instead of holding a
   * connection, and the caller, indefinitely. Below the gateway's subgraph
   * timeout, so the subgraph answers with a reason before the gateway gives up.
   * Not enforced on the embedded database, which runs one statement at a time.
   */
  statementTimeoutMs: number;
  /** Longest wait for a free connection (or a new one) before the request fails: the pool is used up. */
  acquireTimeoutMs: number;
  /** How long start-up keeps retrying an unreachable server; 0 waits as long as it takes. */
  startupTimeoutSeconds: number;
}

export function readDatabaseResilience(env: Record<string, string | undefined>): DatabaseResilience {
  return {
    poolSize: readInteger(env, 'DATABASE_POOL_SIZE', 10, { min: 1, max: 1_000 }),
    statementTimeoutMs: readInteger(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 4_000, { min: 100, max: 3_600_000 }),
    acquireTimeoutMs: readInteger(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 2_000, { min: 50, max: 600_000 }),
    startupTimeoutSeconds: readInteger(env, 'DATABASE_STARTUP_TIMEOUT_SECONDS', 0, { min: 0, max: 86_400 }),
  };
}

export const defaultDatabaseResilience: DatabaseResilience = readDatabaseResilience({});

/**
 * Runs `work` on a connection to the server's `postgres` database, given the
 * name of the database in `url`, plain and quoted as an SQL identifier; databases are
 * created and dropped from there, never from themselves.
 */
async function onServerOf<T>(
  url: string,
  work: (client: Client, database: { name: string; quoted: string }) => Promise<T>,
): Promise<T> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  // A connection cut while it is open must fail `work`, not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client, { name, quoted: `"${name.replace(/"/g, '""')}"` });
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` on its server unless it exists. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  await onServerOf(url, async (client, database) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    if (found.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE ${database.quoted}`);
    } catch (error) {
      // Another subgraph process may have created it at the same moment.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  });
}

/** Drops the database named in `url`; tests use it to start from nothing. */
export async function dropDatabase(url: string): Promise<void> {
  await onServerOf(url, (client, database) => client.query(`DROP DATABASE IF EXISTS ${database.quoted} WITH (FORCE)`));
}

/** What a subgraph's connection pool holds now, as `pg`'s pool counts it. */
export interface PoolUse {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Requests waiting for a connection: the pool is used up. */
  waiting: number;
  /** The most connections the pool opens: 1 for the embedded database's single session. */
  max: number;
}

export interface SubgraphDatabase {
  dataSource: DataSource;
  /** Every statement sent, for the N+1 test and diagnostics. */
  statements: StatementCounter;
  /** The pool's use now, for the metrics. */
  poolUse(): PoolUse;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  config: DatabaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logger: Logger;
  /** Timeouts, pool size and start-up patience; the defaults when not given. */
  resilience?: DatabaseResilience;
}

/**
 * `pg` with one change to its pool: every client it creates keeps an error
 * listener for life. `pg-pool` removes its own listener when it hands a new
 * client out, and TypeORM adds its listener a promise tick later; a backend
 * terminated just as it finished connecting (both messages in one TCP read)
 * emits 'error' in between, with no listener, and Node ends the process. The
 * error still reaches the query or the pool as before; this only keeps it
 * from being fatal.
 */
function poolWithListeningClients(logger: Logger): typeof pg {
  class ListeningPool extends pg.Pool {
    constructor(options?: pg.PoolConfig) {
      super(options);
      this.on('connect', (client) => {
        client.on('error', (error: Error & { code?: string }) => {
          logger.debug('database connection lost', { code: error.code ?? error.message });
        });
      });
    }
  }
  return { ...pg, Pool: ListeningPool };
}

/**
 * Opens the subgraph's database and brings its schema up to date with the
 * subgraph's migrations. `synchronize` stays off: the migrations are the
 * schema, and a test checks that the entities agree with them.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SubgraphDatabase> {
  const resilience = options.resilience ?? defaultDatabaseResilience;
  const statements = new StatementCounter(options.logger);
  const common = {
    type: 'postgres' as const,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: statements,
  };
  if (options.config.kind === 'embedded') {
    const { dataDir } = options.config;
    if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
    const embedded = await PGlite.create({
      ...(dataDir === 'memory' ? {} : { dataDir }),
      serializers: pgliteSerializers,
      parsers: pgliteParsers,
    });
    const dataSource = new DataSource({
      ...common,
      driver: pgliteDriverModule(embedded, { acquireTimeoutMs: resilience.acquireTimeoutMs }),
    });
    return initialised(dataSource, statements, 1, () => embedded.close());
  }
  const { url } = options.config;
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const dataSource = new DataSource({
      ...common,
      url,
      driver: poolWithListeningClients(options.logger),
      poolSize: resilience.poolSize,
      connectTimeoutMS: resilience.acquireTimeoutMs,
      extra: { statement_timeout: resilience.statementTimeoutMs, keepAlive: true },
    });
    try {
      await ensureDatabaseExists(url);
      return await initialised(dataSource, statements, resilience.poolSize, async () => undefined);
    } catch (error) {
      const waited = (Date.now() - started) / 1000;
      const patience = resilience.startupTimeoutSeconds;
      if (!isTransientStartupError(error) || (patience > 0 && waited >= patience)) throw error;
      const delayMs = Math.min(250 * 2 ** Math.min(attempt - 1, 6), 10_000);
      options.logger.warn('database unavailable at start-up; retrying', {
        attempt,
        retryInMs: delayMs,
        reason: (error as { code?: string }).code ?? String((error as Error).message ?? error),
      });
      await sleep(delayMs);
    }
  }
}

/** Connects and migrates `dataSource`; on failure closes whatever it opened and rethrows. */
async function initialised(
  dataSource: DataSource,
  statements: StatementCounter,
  poolSize: number,
  closeEngine: () => Promise<void>,
): Promise<SubgraphDatabase> {
  const close = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await closeEngine();
  };
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    await close();
    throw error;
  }
  const poolUse = (): PoolUse => {
    // TypeORM's PostgresDriver keeps the `pg` pool (or the embedded one, shaped alike) as `master`.
    const pool = (dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } })
      .master;
    return {
      total: pool?.totalCount ?? 0,
      idle: pool?.idleCount ?? 0,
      waiting: pool?.waitingCount ?? 0,
      max: poolSize,
    };
  };
  return { dataSource, statements, poolUse, close };
}

/**
 * Inserts many rows in statements of `chunkSize` rows, staying well under
 * PostgreSQL's limit of 65,535 parameters a statement.
 */
export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
  chunkSize = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + chunkSize))
      .execute();
  }
}

/**
 * Which tables `analyseTables` gathers statistics for: those that have none
 * and hold rows (a table just seeded, or one autovacuum has not reached, or
 * never will on a server that runs without it), every table of the schema
 * (after a seed step ran, which may add rows to tables analysed before), or
 * the tables named (rows just imported).
 */
export type TablesToAnalyse = 'unanalysed' | 'all' | string[];

/**
 * Gathers PostgreSQL's planner statistics. Without them the planner takes
 * each table for a handful of rows and plans accordingly: the police
 * subgraph's figures for every district of a dashboard cost 3 ms of
 * PostgreSQL's CPU a fetch instead of under 1. Statistics only make reads
 * faster, so a failure (a lock held elsewhere, a lost connection, a standby
 * that cannot write them) is logged and start-up goes on. Tables another
 * process is analysing at the moment are skipped, not waited for. Gives the
 * tables asked for.
 */
export async function analyseTables(
  dataSource: DataSource,
  logger: Logger,
  which: TablesToAnalyse = 'unanalysed',
): Promise<string[]> {
  const condition =
    which === 'all'
      ? 'true'
      : Array.isArray(which)
        ? 'c.relname = ANY($1)'
        : `NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname)
           AND (c.reltuples < 0 OR pg_relation_size(c.oid) > 0)`;
  try {
    return await dataSource.transaction(async (manager) => {
      // A large table takes longer than the per-statement timeout meant for requests.
      await manager.query('SET LOCAL statement_timeout = 0');
      const rows = (await manager.query(
        `SELECT format('%I.%I', n.nspname, c.relname) AS "table" FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND ${condition}
         ORDER BY 1`,
        Array.isArray(which) ? [which] : [],
      )) as { table: string }[];
      const tables = rows.map((row) => row.table);
      if (Array.isArray(which) && tables.length < which.length) {
        logger.warn('tables to analyse not found', { asked: which, found: tables });
      }
      if (tables.length > 0) {
        await manager.query(`ANALYZE (SKIP_LOCKED) ${tables.join(', ')}`);
        logger.info('table statistics requested', { tables });
      }
      return tables;
    });
  } catch (error) {
    logger.warn('table statistics not gathered; reads may be planned badly until they are', {
      reason: (error as { code?: string }).code ?? String((error as Error).message ?? error),
    });
    return [];
  }
}

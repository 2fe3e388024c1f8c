import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import {
  DataSource,
  type EntityManager,
  type EntitySchema,
  type EntityTarget,
  type MixedList,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
} from 'typeorm';
import { ConfigError, readOptionalUrl, readString } from './config';
import type { Logger } from './logger';
import { pgliteDriverModule, pgliteParsers, pgliteSerializers } from './pglite-pool';
import { StatementCounter } from './statement-counter';

/**
 * `.data/pglite` at the repository root, wherever a service is started from
 * (`npm start` at the root, `npm start -w <workspace>` in the workspace).
 */
export const defaultEmbeddedDataDir = join(__dirname, '..', '..', '.data', 'pglite');

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
  if (explicit) return { kind: 'server', url: explicit };
  const shared = readOptionalUrl(env, 'DATABASE_URL');
  if (shared) {
    const prefix = readString(env, 'DATABASE_NAME_PREFIX', 'samverkan_');
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) {
      throw new ConfigError('DATABASE_NAME_PREFIX', `must be a lower-case SQL identifier, got "${prefix}"`);
    }
    const url = new URL(shared);
    url.pathname = `/${prefix}${subgraph}`;
    return { kind: 'server', url: url.toString() };
  }
  const root = readString(env, 'PGLITE_DATA_DIR', defaultEmbeddedDataDir);
  return { kind: 'embedded', dataDir: root === 'memory' ? 'memory' : resolve(root, subgraph) };
}

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
  const client = new Client({ connectionString: admin.toString() });
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

export interface SubgraphDatabase {
  dataSource: DataSource;
  /** Every statement sent, for the N+1 test and diagnostics. */
  statements: StatementCounter;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  config: DatabaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  logger: Logger;
  /** Pool size against a server; the embedded database has one session. */
  poolSize?: number;
}

/**
 * Opens the subgraph's database and brings its schema up to date with the
 * subgraph's migrations. `synchronize` stays off: the migrations are the
 * schema, and a test checks that the entities agree with them.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SubgraphDatabase> {
  const statements = new StatementCounter(options.logger);
  const common = {
    type: 'postgres' as const,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: statements,
  };
  let dataSource: DataSource;
  let embedded: PGlite | undefined;
  if (options.config.kind === 'server') {
    await ensureDatabaseExists(options.config.url);
    dataSource = new DataSource({ ...common, url: options.config.url, poolSize: options.poolSize ?? 10 });
  } else {
    const { dataDir } = options.config;
    if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
    embedded = await PGlite.create({
      ...(dataDir === 'memory' ? {} : { dataDir }),
      serializers: pgliteSerializers,
      parsers: pgliteParsers,
    });
    dataSource = new DataSource({ ...common, driver: pgliteDriverModule(embedded) });
  }
  const close = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.close();
  };
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    dataSource,
    statements,
    close,
  };
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

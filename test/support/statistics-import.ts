import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createLogger, openDatabase, type AnySubgraphDefinition, type DatabaseConfig } from '@samverkan/common';
import { freshTestDatabase } from './database';

/** The logger importer tests give the importer: errors only. */
export const importTestLogger = createLogger('import-test', 'error');

/** A scratch folder for one test file's files and embedded databases, removed after its tests. */
export function importScratch(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * The database an importer test gives a subgraph: a fresh one on the
 * PostgreSQL server in `DATABASE_URL` (named `<prefix><subgraph>`), else an
 * embedded one in a folder under `scratch`, since the importer opens and
 * closes the database itself and an in-memory one would not outlive it.
 */
export async function importerTestDatabase(subgraph: string, prefix: string, scratch: string): Promise<DatabaseConfig> {
  const database = await freshTestDatabase(subgraph, prefix);
  return database.kind === 'embedded' ? { kind: 'embedded', dataDir: join(scratch, subgraph) } : database;
}

/** Opens a subgraph's database (migrating it), runs `use` on it, and closes it again. */
export async function withSubgraphDatabase<T>(
  definition: AnySubgraphDefinition,
  database: DatabaseConfig,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const opened = await openDatabase({
    config: database,
    entities: definition.entities,
    migrations: definition.migrations,
    logger: importTestLogger,
  });
  try {
    return await use(opened.dataSource);
  } finally {
    await opened.close();
  }
}

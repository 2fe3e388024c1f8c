import { dropDatabase, readDatabaseConfig, type DatabaseConfig } from '@samverkan/common';

/**
 * The database a test gives a subgraph: on the PostgreSQL server in
 * `DATABASE_URL` when it is set (CI), a fresh database named
 * `<prefix><subgraph>`, dropped first so every run starts from nothing;
 * otherwise an in-memory embedded PostgreSQL (PGlite), so a machine with no
 * server passes too. Files that start the same subgraph use different
 * prefixes (integration `samverkan_it_`, end-to-end `samverkan_e2e_`), so
 * test files can run in parallel.
 */
export async function freshTestDatabase(subgraph: string, prefix: string): Promise<DatabaseConfig> {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'embedded', dataDir: 'memory' };
  const config = readDatabaseConfig({ DATABASE_URL: url, DATABASE_NAME_PREFIX: prefix }, subgraph);
  if (config.kind === 'server') await dropDatabase(config.url);
  return config;
}

/** Which kind of PostgreSQL this test run uses, for test names and logs. */
export const databaseKind = process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)';

import {
  defaultDatabaseResilience,
  defaultHttpServerLimits,
  readSuppressionThresholds,
  startSubgraph,
  type RunningSubgraph,
  type AnySubgraphDefinition,
  type SubgraphConfig,
  type SubgraphDefinition,
} from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { freshTestDatabase } from './database';
import { testKeys } from './identity';

/** A subgraph's settings for a test: a free port, a fresh database, the test run's gateway key, defaults otherwise. */
export async function testSubgraphConfig(
  definition: Pick<AnySubgraphDefinition, 'name'>,
  databasePrefix: string,
  overrides: Partial<SubgraphConfig> = {},
): Promise<SubgraphConfig> {
  return {
    port: 0,
    host: '127.0.0.1',
    database: await freshTestDatabase(definition.name, databasePrefix),
    databaseResilience: defaultDatabaseResilience,
    http: defaultHttpServerLimits,
    syntheticSeed: 'samverkan-lua-2008',
    gatewayPublicKey: testKeys.gateway.publicKey,
    suppression: readSuppressionThresholds({}),
    cacheMaxAgeSeconds: 60,
    // Nothing listens on the discard port: a test that needs the supergraph says where its gateway is.
    supergraphUrl: 'http://127.0.0.1:9/graphql',
    // Each process its own used-token record unless a test shares one through Redis.
    sharedState: { keyPrefix: 'samverkan-test:' },
    ...overrides,
  };
}

/** Starts one subgraph as a real HTTP server on a free port, on a fresh database. */
export async function startTestSubgraph<T extends object>(
  definition: SubgraphDefinition<T>,
  databasePrefix: string,
  overrides: Partial<SubgraphConfig> = {},
): Promise<RunningSubgraph> {
  return startSubgraph(definition, await testSubgraphConfig(definition, databasePrefix, overrides));
}

/**
 * The SQL TypeORM would run to make the database match the entities; empty
 * when the committed migrations and the entity classes agree.
 */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
  return upQueries.map((q) => q.query);
}

/** Reverts every migration, checks nothing of the schema is left, and applies them again. */
export async function revertAndReapplyMigrations(dataSource: DataSource): Promise<{ tablesAfterRevert: string[] }> {
  for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration();
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'migrations'`,
  );
  await dataSource.runMigrations();
  return { tablesAfterRevert: rows.map((r) => r.table_name) };
}

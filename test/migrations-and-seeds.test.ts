import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyseTables,
  createLogger,
  openDatabase,
  seedIfEmpty,
  startSubgraph,
  type AnySubgraphDefinition,
  type SubgraphConfig,
} from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { subgraphDefinitions } from '../subgraphs/registry';
import { databaseKind, freshTestDatabase } from './support/database';
import { revertAndReapplyMigrations, schemaDrift, testSubgraphConfig } from './support/subgraph';

const syntheticSeed = 'samverkan-lua-2008';
const logger = createLogger('migrations-and-seeds-test', 'silent');

/** Rows in the table each seed step fills, by step name. */
async function rowsBySeedStep(definition: AnySubgraphDefinition, dataSource: DataSource) {
  const counts: Record<string, number> = {};
  for (const step of definition.seeds) counts[step.name] = await dataSource.manager.count(step.seededWhen);
  return counts;
}

/**
 * The tables of the given seed steps that PostgreSQL's planner has no statistics for. A server with autovacuum off
 * (CI's) never gathers them by itself, and one with it on not within the test: only the subgraph's start can.
 */
async function seededTablesWithoutStatistics(steps: AnySubgraphDefinition['seeds'], dataSource: DataSource) {
  const tables = steps.map((step) => dataSource.getMetadata(step.seededWhen).tableName);
  const rows = (await dataSource.query(
    `SELECT t FROM unnest($1::text[]) AS t
      WHERE NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = t)`,
    [tables],
  )) as { t: string }[];
  return rows.map((row) => row.t);
}

/**
 * What a subgraph does to a database its own way, apart from the files that test what it serves: each test here has
 * a database of its own, so reverting every migration or seeding twice touches no other test, whatever the order.
 */
describe.each(subgraphDefinitions.map((definition) => [definition.name, definition] as const))(
  `%s subgraph's migrations and seed steps (${databaseKind})`,
  (_name, definition) => {
    it('can revert every migration of a seeded database and apply them again, matching its entities', async () => {
      const database = await openDatabase({
        config: await freshTestDatabase(definition.name, 'samverkan_it_revert_'),
        entities: definition.entities,
        migrations: definition.migrations,
        logger,
      });
      try {
        await seedIfEmpty(definition, database.dataSource, { syntheticSeed }, logger);
        const { tablesAfterRevert } = await revertAndReapplyMigrations(database.dataSource);
        expect(tablesAfterRevert).toEqual([]);
        expect(await schemaDrift(database.dataSource)).toEqual([]);
      } finally {
        await database.close();
      }
    });

    it('gives a database seeded by an older version the seed step added since, and nothing twice', async () => {
      // A database that outlives a subgraph's stop: the server's, or PGlite's files in a directory of its own.
      const dataDir = mkdtempSync(join(tmpdir(), `samverkan-seed-${definition.name}-`));
      const base = await testSubgraphConfig(definition, 'samverkan_it_seed_upgrade_');
      const config: SubgraphConfig =
        base.database.kind === 'embedded' ? { ...base, database: { kind: 'embedded', dataDir } } : base;
      const latest = definition.seeds[definition.seeds.length - 1];
      const older: AnySubgraphDefinition = { ...definition, seeds: definition.seeds.slice(0, -1) };
      try {
        const first = await startSubgraph(older, config);
        const before = await rowsBySeedStep(definition, first.database.dataSource);
        const unanalysedFirst = await seededTablesWithoutStatistics(older.seeds, first.database.dataSource);
        await first.stop();
        expect(unanalysedFirst).toEqual([]);
        expect(before[latest.name]).toBe(0);
        for (const step of older.seeds) expect(before[step.name]).toBeGreaterThan(0);

        const upgraded = await startSubgraph(definition, config);
        const after = await rowsBySeedStep(definition, upgraded.database.dataSource);
        const unanalysedUpgraded = await seededTablesWithoutStatistics(definition.seeds, upgraded.database.dataSource);
        await upgraded.stop();
        expect(unanalysedUpgraded).toEqual([]);
        expect(after[latest.name]).toBeGreaterThan(0);
        expect({ ...after, [latest.name]: 0 }).toEqual(before);

        const again = await startSubgraph(definition, config);
        const afterRestart = await rowsBySeedStep(definition, again.database.dataSource);
        await again.stop();
        expect(afterRestart).toEqual(after);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);

describe(`gathering the planner's statistics (${databaseKind})`, () => {
  const police = subgraphDefinitions.find((definition) => definition.name === 'police')!;

  it('analyses the tables named, then those without statistics that hold rows, once; and never fails a start', async () => {
    const database = await openDatabase({
      config: await freshTestDatabase('police', 'samverkan_it_statistics_'),
      entities: police.entities,
      migrations: police.migrations,
      logger,
    });
    const { dataSource } = database;
    const tableOf = (step: string) =>
      dataSource.getMetadata(police.seeds.find((s) => s.name === step)!.seededWhen).tableName;
    try {
      expect(await seedIfEmpty(police, dataSource, { syntheticSeed }, logger)).toBe(true);
      expect(await seedIfEmpty(police, dataSource, { syntheticSeed }, logger)).toBe(false);
      const seeded = police.seeds.map((step) => tableOf(step.name));
      expect(await seededTablesWithoutStatistics(police.seeds, dataSource)).toEqual(seeded);

      const [first, ...rest] = seeded;
      expect(await analyseTables(dataSource, logger, [first])).toEqual([expect.stringMatching(`\\.${first}$`)]);
      expect(await seededTablesWithoutStatistics(police.seeds, dataSource)).toEqual(rest);

      const unanalysed = await analyseTables(dataSource, logger);
      for (const table of rest) expect(unanalysed).toContainEqual(expect.stringMatching(`\\.${table}$`));
      expect(unanalysed).not.toContainEqual(expect.stringMatching(`\\.${first}$`));
      expect(await seededTablesWithoutStatistics(police.seeds, dataSource)).toEqual([]);
      // Empty tables included: a table analysed once is not analysed at every start.
      expect(await analyseTables(dataSource, logger)).toEqual([]);

      expect(await analyseTables(dataSource, logger, ['no_such_table'])).toEqual([]);
    } finally {
      await database.close();
    }
    // A database it cannot reach costs the statistics, not the start.
    await expect(analyseTables(dataSource, logger, 'all')).resolves.toEqual([]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AreaFigures,
  areaStatisticRows,
  ImportRefusedError,
  realStatisticKeys,
  realStatisticSources,
  referenceDataDir,
  type DatabaseConfig,
  type RealStatisticKey,
} from '@samverkan/common';
import { importStatistics } from '../scripts/import/import-statistics';
import { subgraphDefinitions } from '../subgraphs/registry';
import { databaseKind } from './support/database';
import {
  importerTestDatabase,
  importScratch,
  importTestLogger as logger,
  withSubgraphDatabase,
} from './support/statistics-import';

const syntheticSeed = 'import-test';
const scratch = importScratch('samverkan-import-');

/** The shipped file cut to Stockholm and Haninge, every measure and sex, with Stockholm's 2015 figure changed. */
function sampleFile(key: RealStatisticKey): { lines: string[]; changed: number } {
  const source = realStatisticSources[key];
  const [header, ...rows] = readFileSync(join(referenceDataDir, 'real', source.file), 'utf8')
    .trim()
    .split('\n');
  const kept = rows.filter((row) => row.startsWith('0180,') || row.startsWith('0136,'));
  const target = kept.findIndex((row) => {
    const cells = row.split(',');
    return (
      cells[1] === '2015' &&
      (!source.columns.includes('sex') || cells[source.columns.indexOf('sex')] === 'total') &&
      (source.measure === undefined || row.includes(`,${source.measure},`)) &&
      row.startsWith('0180,')
    );
  });
  const cells = kept[target].split(',');
  // A figure no seed holds: a little above the published one, within the unit's bounds.
  const changed = Math.round(Number(cells.at(-1)) * 1.01 * 1000) / 1000 + 1;
  cells[cells.length - 1] = String(changed);
  kept[target] = cells.join(',');
  return { lines: [header, ...kept], changed };
}

describe.each(realStatisticKeys)(`npm run import -- %s (${databaseKind})`, (key) => {
  const source = realStatisticSources[key];
  const definition = subgraphDefinitions.find((d) => d.name === source.subgraph)!;
  let database: DatabaseConfig;

  beforeAll(async () => {
    database = await importerTestDatabase(source.subgraph, 'samverkan_import_', scratch);
  });

  const run = (location: string) => importStatistics({ key, location, definition, database, syntheticSeed, logger });

  function read(): Promise<{ rows: number; stockholm2015: Record<string, unknown> }> {
    return withSubgraphDatabase(definition, database, async (dataSource) => {
      const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM ${source.table}`);
      const [stockholm2015] = await dataSource.query(
        `SELECT value, synthetic, base_count AS "baseCount", source_table AS "sourceTable",
                source_publisher AS "sourcePublisher", source_licence AS "sourceLicence"
         FROM ${source.table} WHERE area_kind = 'municipality' AND area_id = '0180' AND year = 2015`,
      );
      return { rows, stockholm2015 };
    });
  }

  it('imports a good file over the seed, as published figures with their source', async () => {
    const { lines, changed } = sampleFile(key);
    const file = join(scratch, `${key}-good.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    const summary = await run(file);
    expect(summary).toMatchObject({ subgraph: source.subgraph, kpi: source.kpi, municipalities: 2, added: 0 });
    expect(summary.replaced).toBe(summary.figures);
    const after = await read();
    expect(after.stockholm2015).toEqual({
      value: changed,
      synthetic: false,
      baseCount: null,
      sourceTable: source.kpi,
      sourcePublisher: source.publisher,
      sourceLicence: source.licence,
    });
    // The seed (run by the importer on a database never started) holds every published figure:
    // the import replaced figures, it added no rows.
    expect(after.rows).toBe(areaStatisticRows(new AreaFigures(syntheticSeed), key).length);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await read();
    const summary = await run(join(scratch, `${key}-good.csv`));
    expect(summary.added).toBe(0);
    expect(await read()).toEqual(before);
  });

  it.each([
    ['an unknown municipality code', (cells: string[]) => (cells[0] = '0999'), /municipality_code "0999"/],
    ['a year that is no year', (cells: string[]) => (cells[1] = '20x5'), /year "20x5"/],
    ['a value that is not a number', (cells: string[]) => (cells[cells.length - 1] = 'n/a'), /value "n\/a"/],
    ['a figure outside its unit’s bounds', (cells: string[]) => (cells[cells.length - 1] = '-3'), /outside/],
  ])('refuses a file with %s whole, naming the line, and writes nothing', async (_, spoil, reason) => {
    const before = await read();
    const { lines } = sampleFile(key);
    // Spoil the figure being imported on a late line: every line before it is good and would have been written.
    const index = lines.length - 1 - [...lines].reverse().findIndex((l) => l.includes(source.kpi));
    const cells = lines[index].split(',');
    spoil(cells);
    lines[index] = cells.join(',');
    const file = join(scratch, `${key}-bad.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    const refused = await run(file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as ImportRefusedError).line).toBe(index + 1);
    expect((refused as ImportRefusedError).message).toMatch(reason);
    expect(await read()).toEqual(before);
  });

  it('refuses a file whose header is not the layout of the source', async () => {
    const file = join(scratch, `${key}-header.csv`);
    writeFileSync(file, 'kommun,år,värde\n0180,2015,1\n');
    await expect(run(file)).rejects.toThrow(/line 1: the header must be/);
  });
});

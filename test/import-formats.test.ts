import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  ImportRefusedError,
  realSeries,
  realStatisticSources,
  referenceDataDir,
  seedIfEmpty,
  toStatisticValue,
  type AreaStatistic,
  type RealStatisticKey,
} from '@samverkan/common';
import { detectFormat, readPublishedFigures, type ImportFormat } from '../scripts/import/formats';
import { parseLocatedJson } from '../scripts/import/formats/json-positions';
import { importStatistics } from '../scripts/import/import-statistics';
import { subgraphDefinitions } from '../subgraphs/registry';
import { databaseKind, freshTestDatabase } from './support/database';
import { repositoryRoot } from './support/process';
import {
  importerTestDatabase,
  importScratch,
  importTestLogger as logger,
  withSubgraphDatabase,
} from './support/statistics-import';

const syntheticSeed = 'import-formats-test';
const databasePrefix = 'samverkan_import_formats_';
const scratch = importScratch('samverkan-import-formats-');

const fixtures = join(__dirname, 'fixtures', 'import');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** Every fixture holds these municipalities (Stockholm, Haninge, Kiruna, Malmö) in these years, and no others. */
const municipalities = ['0180', '0136', '2584', '1280'];
const years = [2018, 2019, 2020];
/** The one figure each format that can withhold one has withheld in its fixture (made up: it was published). */
const withheld = { municipalityCode: '2584', year: 2019 };

/** The 1-based line of the `occurrence`th (from 0) place `marker` stands in `text`. */
function lineOf(text: string, marker: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`${marker} is not in the text ${occurrence + 1} times`);
  }
  return text.slice(0, at).split('\n').length;
}

/** `text` with the `occurrence`th `marker` replaced, and the line it stands on. */
function spoil(text: string, marker: string, replacement: string, occurrence = 0): { text: string; line: number } {
  const line = lineOf(text, marker, occurrence);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(marker, at + 1);
  return { text: text.slice(0, at) + replacement + text.slice(at + marker.length), line };
}

interface FormatCase {
  format: ImportFormat;
  key: RealStatisticKey;
  good: string;
  /** The same file with one element in the middle bad: the marker stands on its line. */
  bad: { file: string; marker: string; reason: RegExp };
  /** What the source columns of every imported row say. */
  source: Pick<AreaStatistic, 'sourcePublisher' | 'sourceTable' | 'sourceLicence'>;
  withholds: boolean;
  /**
   * More ways to spoil the good file: the marker, its occurrence, what it
   * becomes, the reason expected, and where the line named is when not on
   * the marker's (another marker and its occurrence).
   */
  spoils: [string, string, number, string, RegExp, [string, number]?][];
}

const cases: FormatCase[] = [
  {
    format: 'kolada',
    key: 'unemployment',
    good: 'kolada-unemployment.json',
    bad: {
      file: 'kolada-unemployment-bad.json',
      marker: '578.4333',
      reason: /values\[4\]\.values\[0\]\.value: .*outside/,
    },
    source: {
      sourcePublisher: realStatisticSources.unemployment.publisher,
      sourceTable: 'N03920',
      sourceLicence: realStatisticSources.unemployment.licence,
    },
    withholds: true,
    spoils: [
      ['another KPI', '"kpi": "N03920"', 5, '"kpi": "N03921"', /values\[5\]\.kpi: "N03921" is not N03920/],
      [
        'the whole country',
        '"municipality": "0136"',
        1,
        '"municipality": "0000"',
        /"0000" is not one of .*whole country/,
      ],
      ['a year twice', '"period": 2019', 1, '"period": 2018', /values\[4\]\.period: a second figure for 0136 in 2018/],
      ['a value that is a string', '6.888675', 0, '"6,888675"', /values\[2\]\.values\[0\]\.value: expected a number/],
      [
        'a gender Kolada has not',
        '"gender": "T"',
        6,
        '"gender": "X"',
        /values\[6\]\.values\[0\]\.gender: "X" is not one of T/,
      ],
      [
        'a second total',
        '"gender": "K"',
        6,
        '"gender": "T"',
        /values\[6\]\.values\[1\]\.gender: a second entry for gender T/,
      ],
      ['broken JSON', '"period": 2020,', 2, '"period": 2020x,', /not readable as JSON \(expected , or \}/],
    ],
  },
  {
    format: 'json-stat2',
    key: 'population',
    good: 'scb-population.json-stat2.json',
    bad: { file: 'scb-population-bad.json-stat2.json', marker: '-93690', reason: /value\[5\]: -93690 is outside/ },
    source: {
      sourcePublisher: 'SCB (population statistics BE0101)',
      sourceTable: 'BE0101N1',
      sourceLicence: 'CC0 (SCB open data)',
    },
    withholds: false,
    spoils: [
      ['the whole country', '"2584": 2', 0, '"00": 2', /index\["00"\]: "00" is not one of .*whole country/],
      [
        'a unit that is no count of people',
        '"base": "antal"',
        0,
        '"base": "procent"',
        /unit\.BE0101N1\.base: "procent" is not a count/,
      ],
      ['another content', '"BE0101N1": 0', 0, '"BE0101N2": 0', /"BE0101N2" is not BE0101N1/],
      ['a cell with no value', '92095', 0, 'null', /value\[4\]: no value for this cell/],
      ['a month for a year', '"2019": 1', 0, '"2019M12": 1', /"2019M12" is not a year/],
    ],
  },
  {
    format: 'forsakringskassan',
    key: 'ohalsotal',
    good: 'forsakringskassan-ohalsotal.json',
    bad: {
      file: 'forsakringskassan-ohalsotal-bad.json',
      marker: '"ALL_01"',
      reason: /\[13\]\.dimensions\.kommun_kod: "ALL_01" is not one of .*total of county 01/,
    },
    source: {
      sourcePublisher: 'Försäkringskassan',
      sourceTable: 'SJPohttal',
      sourceLicence:
        'Försäkringskassan open data (Sveriges officiella statistik): free to reuse; "Källa: Försäkringskassan"',
    },
    withholds: true,
    spoils: [
      [
        'rojd that is no boolean',
        '"rojd": false',
        7,
        '"rojd": "nej"',
        /\[7\]\.observations\.oht\.rojd: expected true or false/,
      ],
      [
        'another county',
        '"lan_kod": "25"',
        1,
        '"lan_kod": "24"',
        /lan_kod: "24" is not the county of municipality 2584/,
      ],
      [
        'a record twice',
        '"manad": "06"',
        0,
        '"manad": "12"',
        /\[9\]\.dimensions: a second record for/,
        ['"dimensions"', 9],
      ],
      ['no ohälsotal', '"oht"', 3, '"antal"', /\[3\]\.observations: no "oht" .*found antal/, ['"observations"', 3]],
      [
        'no value, yet not withheld',
        '"value": 18.3,',
        0,
        '"value": null,',
        /\[0\]\.observations\.oht\.value: null, yet rojd is false/,
      ],
    ],
  },
];

describe.each(cases)(`npm run import -- <key> <$format file> (${databaseKind})`, (formatCase) => {
  const source = realStatisticSources[formatCase.key];
  const definition = subgraphDefinitions.find((d) => d.name === source.subgraph)!;
  const published = realSeries(formatCase.key);
  let database: Awaited<ReturnType<typeof importerTestDatabase>>;

  const run = (location: string) =>
    importStatistics({ key: formatCase.key, location, definition, database, syntheticSeed, logger });
  const write = (name: string, text: string) => {
    const file = join(scratch, `${formatCase.format}-${name}.json`);
    writeFileSync(file, text);
    return file;
  };

  /** The table's row count and a checksum of every row: equal before and after means nothing was written. */
  const snapshot = () =>
    withSubgraphDatabase(definition, database, async (dataSource) => {
      const [row] = await dataSource.query(
        `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY area_kind, area_id, year)) AS checksum
         FROM ${source.table} t`,
      );
      return row as { rows: number; checksum: string };
    });

  const fixtureRows = (dataSource: DataSource) =>
    dataSource
      .getRepository<AreaStatistic>(dataSource.entityMetadatas.find((m) => m.tableName === source.table)!.target)
      .find({
        where: municipalities.flatMap((areaId) =>
          years.map((year) => ({ areaKind: 'municipality' as const, areaId, year })),
        ),
      });

  beforeAll(async () => {
    database = await importerTestDatabase(source.subgraph, databasePrefix, scratch);
    await withSubgraphDatabase(definition, database, (dataSource) =>
      seedIfEmpty(definition, dataSource, { syntheticSeed }, logger),
    );
  });

  it('imports a good file: the published figures with their source, and a withheld one served suppressed', async () => {
    // The seed holds these figures already; without them, the import is seen to write every one.
    await withSubgraphDatabase(definition, database, (dataSource) =>
      dataSource.query(
        `DELETE FROM ${source.table} WHERE area_kind = 'municipality' AND area_id = ANY($1) AND year = ANY($2)`,
        [municipalities, years],
      ),
    );
    const summary = await run(join(fixtures, formatCase.good));
    const figures = municipalities.length * years.length;
    expect(summary).toMatchObject({
      format: formatCase.format,
      figures,
      withheld: formatCase.withholds ? 1 : 0,
      added: figures,
      replaced: 0,
      municipalities: municipalities.length,
      years: [2018, 2020],
    });
    const rows = await withSubgraphDatabase(definition, database, fixtureRows);
    expect(rows).toHaveLength(figures);
    for (const row of rows) {
      expect(row).toMatchObject({ synthetic: false, ...formatCase.source });
      const isWithheld = formatCase.withholds && row.areaId === withheld.municipalityCode && row.year === withheld.year;
      if (isWithheld) {
        expect(row).toMatchObject({ baseCount: 0, value: 0 });
        // Served withheld even at the lowest threshold there can be.
        expect(toStatisticValue(row, source.unit, { threshold: 1, syntheticFigures: true })).toMatchObject({
          value: null,
          suppressed: true,
          year: withheld.year,
          source: { synthetic: false, table: formatCase.source.sourceTable, period: String(withheld.year) },
        });
      } else {
        expect({ [`${row.areaId} ${row.year}`]: row.value }).toEqual({
          [`${row.areaId} ${row.year}`]: published.get(row.areaId)!.get(row.year),
        });
        expect(row.baseCount).toBeNull();
        expect(toStatisticValue(row, source.unit, { threshold: 5, syntheticFigures: true })).toMatchObject({
          value: row.value,
          suppressed: false,
        });
      }
    }
  });

  it('adds nothing when the same file is imported again', async () => {
    await run(join(fixtures, formatCase.good));
    const before = await snapshot();
    const summary = await run(join(fixtures, formatCase.good));
    expect(summary).toMatchObject({ added: 0, replaced: municipalities.length * years.length });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file with one bad element in the middle whole, naming its line and path, and writes nothing', async () => {
    const before = await snapshot();
    const text = fixture(formatCase.bad.file);
    const refused = await run(join(fixtures, formatCase.bad.file)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as ImportRefusedError).line).toBe(lineOf(text, formatCase.bad.marker));
    expect((refused as ImportRefusedError).reason).toMatch(formatCase.bad.reason);
    expect(await snapshot()).toEqual(before);
  });

  // As objects: jest would take a missing last element of an array row for a `done` callback.
  const spoils = formatCase.spoils.map(([name, marker, occurrence, replacement, reason, at]) => {
    return { name, marker, occurrence, replacement, reason, at };
  });
  it.each(spoils)(
    'refuses a file with $name, naming its line',
    async ({ marker, occurrence, replacement, reason, at }) => {
      const before = await snapshot();
      const spoiled = spoil(fixture(formatCase.good), marker, replacement, occurrence);
      const refused = await run(write('spoiled', spoiled.text)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ImportRefusedError);
      expect((refused as ImportRefusedError).message).toMatch(reason);
      expect((refused as ImportRefusedError).line).toBe(at ? lineOf(spoiled.text, ...at) : spoiled.line);
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('telling the format of a file', () => {
  const shippedCsv = readFileSync(join(referenceDataDir, 'real', 'population.csv'), 'utf8');

  it.each(cases.map((c) => [c.format, c.good] as const))('reads %s from its content', (format, file) => {
    expect(detectFormat(fixture(file), file)).toBe(format);
  });

  it('reads JSON as JSON.parse does, escapes, numbers and a "__proto__" key included', () => {
    const texts = [
      ...cases.map((c) => fixture(c.good)),
      '\uFEFF {"a\\u00e5": ["\\"\\n\\ud83d\\ude00", -0.5e-3, 1E2, true, null], "__proto__": {}}',
    ];
    for (const text of texts) {
      expect(parseLocatedJson(text, 'text.json').root).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')));
    }
  });

  it('reads a file that is not JSON as CSV', () => {
    expect(detectFormat(shippedCsv, 'population.csv')).toBe('csv');
    expect(detectFormat('\uFEFFmunicipality_code,year\n', 'bom.csv')).toBe('csv');
  });

  it('refuses JSON in none of the formats, and text that opens as JSON but is not', () => {
    expect(() => detectFormat('{"rows": []}', 'other.json')).toThrow(/JSON in none of the formats/);
    const broken = '{\n  "values": [\n    { "kpi": "N01951" ]\n}\n';
    expect(() => detectFormat(broken, 'broken.json')).toThrow(ImportRefusedError);
    expect(() => detectFormat(broken, 'broken.json')).toThrow(/line 3: not readable as JSON/);
  });

  it('reads the format --format names, refusing a file that is not in it', () => {
    const text = fixture('scb-population.json-stat2.json');
    expect(readPublishedFigures(text, realStatisticSources.population, 'scb.json', 'json-stat2').figures).toHaveLength(
      12,
    );
    expect(() => readPublishedFigures(text, realStatisticSources.population, 'scb.json', 'kolada')).toThrow(
      /line 1: values: expected an array, found missing/,
    );
    expect(() => readPublishedFigures(text, realStatisticSources.population, 'scb.json', 'csv')).toThrow(
      /line 2: not readable as CSV/,
    );
  });

  it('refuses a file of one publisher for a statistic it does not publish', () => {
    expect(() =>
      readPublishedFigures(fixture('scb-population.json-stat2.json'), realStatisticSources.ohalsotal, 'scb.json'),
    ).toThrow(/json-stat2 is read for population \(BE0101N1\) only/);
    expect(() =>
      readPublishedFigures(fixture('kolada-unemployment.json'), realStatisticSources.population, 'k.json'),
    ).toThrow(/values\[0\]\.kpi: "N03920" is not N01951, the KPI of population/);
  });

  it('npm run import tells the format from the content, or refuses arguments it does not take', async () => {
    const database = await freshTestDatabase('forsakringskassan', 'samverkan_import_cli_');
    const env =
      database.kind === 'server'
        ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_NAME_PREFIX: 'samverkan_import_cli_' }
        : { PGLITE_DATA_DIR: join(scratch, 'cli') };
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'scripts/import.ts'), ...args], {
        cwd: repositoryRoot,
        env: { PATH: process.env.PATH ?? '', SYNTHETIC_SEED: syntheticSeed, ...env },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
        (failed: { code: number; stdout: string; stderr: string }) => ({
          code: failed.code,
          output: failed.stdout + failed.stderr,
        }),
      );
    const file = join(fixtures, 'forsakringskassan-ohalsotal.json');
    const imported = await run(['ohalsotal', file]);
    expect(imported.output).toContain('(forsakringskassan): 12 figures of Försäkringskassan ohm-ohalsotal/SJPohttal');
    expect(imported.output).toContain('(1 withheld by the publisher)');
    expect(imported.code).toBe(0);
    const forced = await run(['ohalsotal', '--format', 'kolada', file]);
    expect(forced.code).toBe(1);
    expect(forced.output).toContain('refused: ');
    const unknown = await run(['ohalsotal', file, '--format', 'xlsx']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('[--format <csv|kolada|json-stat2|forsakringskassan>]');
  });
});

import DataLoader from 'dataloader';
import { Column, PrimaryColumn, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { readInteger } from './config';
import { badUserInput } from './errors';
import { entityStatement, runPreparedRead } from './prepared-reads';
import { loadMunicipalities, loadUrbanDistricts } from './reference-data';
import {
  loadShippedRealStatistics,
  realStatisticSources,
  type RealFigure,
  type RealStatisticKey,
  type RealStatisticSource,
} from './real-statistics';
import { AreaFigures, restsOn, statisticYears, type AreaKind, type ModelledFigure } from './synthetic';

/** The key of every per-area, per-year table: what `findByAreaAndYear` looks rows up by. */
export abstract class AreaYearKey {
  @PrimaryColumn({ name: 'area_kind', type: 'varchar', length: 16 })
  areaKind!: AreaKind;

  /** A municipality code or an urban district id. */
  @PrimaryColumn({ name: 'area_id', type: 'varchar', length: 64 })
  areaId!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;
}

/**
 * The columns every per-area, per-year statistic table has. Each subgraph
 * owns its own table (`unemployment_statistic`, ...) extending this class.
 */
export abstract class AreaStatistic extends AreaYearKey {
  @Column({ type: 'double precision' })
  value!: number;

  /**
   * How many people, days or offences the figure rests on; decides
   * suppression. Null for a published figure: its publisher has already
   * decided what is safe to publish.
   */
  @Column({ name: 'base_count', type: 'integer', nullable: true })
  baseCount!: number | null;

  @Column({ name: 'source_name', type: 'varchar', length: 300 })
  sourceName!: string;

  /** Who produced the figure and through whom it came; null for a synthetic one. */
  @Column({ name: 'source_publisher', type: 'varchar', length: 200, nullable: true })
  sourcePublisher!: string | null;

  /** The publisher's table or indicator id (a Kolada KPI); null for a synthetic one. */
  @Column({ name: 'source_table', type: 'varchar', length: 64, nullable: true })
  sourceTable!: string | null;

  @Column({ name: 'source_licence', type: 'varchar', length: 300, nullable: true })
  sourceLicence!: string | null;

  @Column({ name: 'source_url', type: 'varchar', length: 300, nullable: true })
  sourceUrl!: string | null;

  @Column({ type: 'boolean' })
  synthetic!: boolean;
}

/** The GraphQL `Statistic` shape every statistics subgraph serves. */
export interface StatisticValue {
  year: number;
  value: number | null;
  unit: string;
  suppressed: boolean;
  source: StatisticSourceValue;
}

/** The GraphQL `StatisticSource`: where a figure comes from, and under what terms. */
export interface StatisticSourceValue {
  name: string;
  publisher: string | null;
  table: string | null;
  period: string;
  licence: string | null;
  url: string | null;
  synthetic: boolean;
}

/** The source of a stored figure, as served. */
export function sourceOf(row: {
  year: number;
  sourceName: string;
  sourcePublisher?: string | null;
  sourceTable?: string | null;
  sourceLicence?: string | null;
  sourceUrl?: string | null;
  synthetic: boolean;
}): StatisticSourceValue {
  return {
    name: row.sourceName,
    publisher: row.sourcePublisher ?? null,
    table: row.sourceTable ?? null,
    period: String(row.year),
    licence: row.sourceLicence ?? null,
    url: row.sourceUrl ?? null,
    synthetic: row.synthetic,
  };
}

/**
 * Figures resting on fewer than this many people are withheld, as Swedish
 * official statistics do, so that nobody can be singled out.
 */
export const defaultSuppressionThreshold = 5;

/** What of one statistics source's figures may be served. */
export interface Disclosure {
  /** Figures resting on fewer people than this are withheld. */
  threshold: number;
  /**
   * Whether synthetic (modelled) figures are served; when not, they are
   * withheld like small counts, still labelled synthetic.
   */
  syntheticFigures: boolean;
}

/**
 * The disclosure of each statistics source: its suppression threshold
 * (`SUPPRESSION_THRESHOLD`, or `SUPPRESSION_THRESHOLD_<SOURCE>`) and whether
 * synthetic figures are served (`SYNTHETIC_FIGURES`).
 */
export interface SuppressionThresholds {
  of(source: string): Disclosure;
}

export function readSuppressionThresholds(
  env: Record<string, string | undefined>,
  syntheticFigures = true,
): SuppressionThresholds {
  const fallback = readInteger(env, 'SUPPRESSION_THRESHOLD', defaultSuppressionThreshold, { min: 1, max: 1_000 });
  const bySource = new Map<string, number>();
  for (const name of Object.keys(env)) {
    const match = /^SUPPRESSION_THRESHOLD_([A-Z0-9_]+)$/.exec(name);
    if (match) bySource.set(match[1].toLowerCase(), readInteger(env, name, fallback, { min: 1, max: 1_000 }));
  }
  return { of: (source) => ({ threshold: bySource.get(source) ?? fallback, syntheticFigures }) };
}

export function toStatisticValue(row: AreaStatistic, unit: string, disclosure: Disclosure): StatisticValue {
  const suppressed =
    (row.synthetic && !disclosure.syntheticFigures) || (row.baseCount !== null && row.baseCount < disclosure.threshold);
  return {
    year: row.year,
    value: suppressed ? null : row.value,
    unit,
    suppressed,
    source: sourceOf(row),
  };
}

export interface StatisticKey {
  areaKind: AreaKind;
  areaId: string;
  year: number;
}

/**
 * The rows of a per-area, per-year table (columns `area_kind`, `area_id`,
 * `year`) for many (area, year) pairs in one prepared statement, joined on
 * the pairs unnested from three arrays rather than spelled out as a long OR.
 */
export function findByAreaAndYear<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  keys: readonly StatisticKey[],
): Promise<T[]> {
  const statement = entityStatement(
    dataSource,
    entity,
    'by area and year',
    (table) =>
      `SELECT ${table.columns} FROM ${table.name} t ` +
      'JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(kind, id, year) ' +
      'ON t.area_kind = k.kind AND t.area_id = k.id AND t.year = k.year',
  );
  return runPreparedRead<T>(dataSource, statement, [
    keys.map((k) => k.areaKind),
    keys.map((k) => k.areaId),
    keys.map((k) => k.year),
  ]);
}

/** The cache key of a (area, year) pair. */
export function statisticKey(key: StatisticKey): string {
  return `${key.areaKind}:${key.areaId}:${key.year}`;
}

/**
 * A per-request loader for one statistic table: all the (area, year) pairs a
 * request asks for are fetched in one statement.
 */
export function createStatisticLoader<T extends AreaStatistic & ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  unit: string,
  disclosure: Disclosure,
): DataLoader<StatisticKey, StatisticValue | null, string> {
  return new DataLoader<StatisticKey, StatisticValue | null, string>(
    async (keys) => {
      const rows = await findByAreaAndYear(dataSource, entity, keys);
      const byKey = new Map(rows.map((row) => [statisticKey(row), row]));
      return keys.map((key) => {
        const row = byKey.get(statisticKey(key));
        return row ? toStatisticValue(row, unit, disclosure) : null;
      });
    },
    { cacheKeyFn: statisticKey },
  );
}

/** Every area a statistic is seeded for: the 290 municipalities, then the 38 agreement districts. */
export function statisticAreas(): { kind: AreaKind; id: string }[] {
  return [
    ...loadMunicipalities().map((m) => ({ kind: 'municipality' as const, id: m.code })),
    ...loadUrbanDistricts().map((d) => ({ kind: 'district' as const, id: d.id })),
  ];
}

/** A generated figure as a row of its statistic table: no publisher, labelled synthetic. */
function syntheticStatisticRow(key: StatisticKey, value: number, baseCount: number, sourceName: string): AreaStatistic {
  return {
    ...key,
    value,
    baseCount,
    sourceName,
    sourcePublisher: null,
    sourceTable: null,
    sourceLicence: null,
    sourceUrl: null,
    synthetic: true,
  };
}

/** A published figure as a row of its statistic table. */
export function publishedStatisticRow(source: RealStatisticSource, figure: RealFigure): AreaStatistic {
  return {
    areaKind: 'municipality',
    areaId: figure.municipalityCode,
    year: figure.year,
    value: figure.value,
    baseCount: null,
    sourceName: `Kolada ${source.kpi}: ${source.title}`,
    sourcePublisher: source.publisher,
    sourceTable: source.kpi,
    sourceLicence: source.licence,
    sourceUrl: source.url,
    synthetic: false,
  };
}

/**
 * A figure its publisher withheld (Kolada `value: null`, Försäkringskassan
 * `rojd: true`) as a row of its statistic table, so that it is served as
 * `suppressed: true, value: null` with its source: `base_count` 0 is below
 * every suppression threshold (at least 1), and `value` 0 is never served.
 * No value is invented; a published figure otherwise has `base_count` null
 * and is never suppressed.
 */
export function withheldStatisticRow(source: RealStatisticSource, figure: RealFigure): AreaStatistic {
  return { ...publishedStatisticRow(source, figure), value: 0, baseCount: 0 };
}

/**
 * Every row of the statistic `key` for every municipality and agreement
 * district in every year of `statisticYears`: the published figure where
 * there is one, a synthetic one, labelled as such and saying what it was
 * modelled on, everywhere else; and the published figures of earlier years.
 */
export function areaStatisticRows(figures: AreaFigures, key: RealStatisticKey): AreaStatistic[] {
  const source = realStatisticSources[key];
  const synthetic = (kind: AreaKind, areaId: string, year: number, figure: ModelledFigure, sourceName: string) =>
    syntheticStatisticRow(
      { areaKind: kind, areaId, year },
      figure.value,
      restsOn(key, figures.population(kind, areaId, year), figure.value),
      sourceName,
    );
  const served = new Set(statisticYears);
  // Published figures of earlier years are served too: real figures are never left out.
  const earlier = loadShippedRealStatistics(key)
    .filter((figure) => !served.has(figure.year))
    .map((figure) => publishedStatisticRow(source, figure));
  const areas = statisticAreas();
  const everyYear = statisticYears.flatMap((year) =>
    areas.map(({ kind, id }) => {
      if (kind === 'district') {
        const sourceName = `Synthetic district figure modelled on its municipality's Kolada ${source.kpi}`;
        return synthetic(kind, id, year, figures.district(key, id, year), sourceName);
      }
      const figure = figures.municipality(key, id, year);
      if (!figure.synthetic) return publishedStatisticRow(source, { municipalityCode: id, year, value: figure.value });
      const sourceName = `Synthetic: Kolada ${source.kpi} of ${figure.carriedFrom} carried to ${year}, which has no published figure`;
      return synthetic(kind, id, year, figure, sourceName);
    }),
  );
  return [...everyYear, ...earlier];
}

/** A synthetic measure of one area in one year, given the area's population. */
export type SyntheticMeasure = (
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
) => { value: number; count: number };

/**
 * One synthetic statistic for every municipality and agreement district in
 * every year of `statisticYears`, on the populations every subgraph shares
 * (`AreaFigures`), each row labelled synthetic with the given source name:
 * what a subgraph seeds for a figure nobody publishes.
 */
export function syntheticAreaStatistics(seed: string, measure: SyntheticMeasure, sourceName: string): AreaStatistic[] {
  const figures = new AreaFigures(seed);
  const areas = statisticAreas();
  return statisticYears.flatMap((year) =>
    areas.map(({ kind, id }) => {
      const { value, count } = measure(seed, kind, id, year, figures.population(kind, id, year));
      return syntheticStatisticRow({ areaKind: kind, areaId: id, year }, value, count, sourceName);
    }),
  );
}

/** A count split into parts that add up to it, such as women and men. */
export interface CountBreakdownRow {
  total: number;
  parts: Record<string, number>;
}

/**
 * Suppression for a total and its parts, so that no withheld figure can be
 * worked out from the ones served: every count under the threshold is
 * withheld, and when only one part would be withheld the next smallest is
 * withheld with it, since the total minus the others would give it away.
 */
export function suppressBreakdown(
  row: CountBreakdownRow,
  threshold: number,
): { total: number | null; parts: Record<string, number | null> } {
  const names = Object.keys(row.parts);
  const withheld = new Set(names.filter((name) => row.parts[name] < threshold));
  const totalWithheld = row.total < threshold;
  if (!totalWithheld && withheld.size === 1 && names.length > 1) {
    const [next] = names.filter((name) => !withheld.has(name)).sort((a, b) => row.parts[a] - row.parts[b]);
    withheld.add(next);
  }
  if (totalWithheld) names.forEach((name) => withheld.add(name));
  return {
    total: totalWithheld ? null : row.total,
    parts: Object.fromEntries(names.map((name) => [name, withheld.has(name) ? null : row.parts[name]])),
  };
}

/** One area whose statistic is asked for over the years. */
export interface AreaKey {
  areaKind: AreaKind;
  areaId: string;
}

/** The GraphQL `StatisticSeries`: one statistic of one area over a range of years. */
export interface StatisticSeriesValue {
  statistic: string;
  unit: string;
  availableYears: number[];
  publishedYears: number[];
  points: StatisticValue[];
}

/** The years a series is asked for; either end may be left open. */
export interface YearRange {
  from?: number | null;
  to?: number | null;
}

/** The widest years a range may name: statistics start long after 1900, and nothing is published for 2100. */
const rangeBounds = [1900, 2100] as const;

/**
 * Refuses a range a dashboard cannot have meant (a year outside 1900–2100,
 * or `from` after `to`), naming the argument, instead of answering an empty
 * series that looks like missing data.
 */
export function requireYearRange({ from, to }: YearRange): void {
  for (const [argument, year] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (year !== null && year !== undefined && (year < rangeBounds[0] || year > rangeBounds[1])) {
      throw badUserInput(argument, `expected a year from ${rangeBounds[0]} to ${rangeBounds[1]}, got ${year}.`);
    }
  }
  if (from !== null && from !== undefined && to !== null && to !== undefined && from > to) {
    throw badUserInput('from', `the range starts in ${from}, after its end in ${to}.`);
  }
}

/** Whether `year` lies in `range`, both ends included. */
export function inYearRange(year: number, { from, to }: YearRange): boolean {
  return (from === null || from === undefined || year >= from) && (to === null || to === undefined || year <= to);
}

/**
 * A per-request loader of every year of one statistic for many areas: all
 * the areas of a request in one statement, each area's rows in year order.
 * A series is then cut to the asked range in memory: an area has at most a
 * few dozen years, and one statement serves every range asked. A range that
 * cannot be meant is refused (`requireYearRange`).
 */
export function createSeriesLoader<T extends AreaStatistic & ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  statistic: string,
  unit: string,
  disclosure: Disclosure,
): { load(area: AreaKey, range: YearRange): Promise<StatisticSeriesValue> } {
  const rowsOf = new DataLoader<AreaKey, T[], string>(
    async (areas) => {
      const statement = entityStatement(
        dataSource,
        entity,
        'by area, every year',
        (table) =>
          `SELECT ${table.columns} FROM ${table.name} t ` +
          'JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON t.area_kind = k.kind AND t.area_id = k.id ' +
          'ORDER BY t.year',
      );
      const rows = await runPreparedRead<T>(dataSource, statement, [
        areas.map((a) => a.areaKind),
        areas.map((a) => a.areaId),
      ]);
      const byArea = new Map<string, T[]>();
      for (const row of rows) {
        const key = `${row.areaKind}:${row.areaId}`;
        const list = byArea.get(key);
        if (list) list.push(row);
        else byArea.set(key, [row]);
      }
      return areas.map((a) => byArea.get(`${a.areaKind}:${a.areaId}`) ?? []);
    },
    { cacheKeyFn: (a) => `${a.areaKind}:${a.areaId}` },
  );
  return {
    async load(area, range) {
      requireYearRange(range);
      const rows = await rowsOf.load(area);
      return {
        statistic,
        unit,
        availableYears: rows.map((row) => row.year),
        publishedYears: rows.filter((row) => !row.synthetic).map((row) => row.year),
        points: rows
          .filter((row) => inYearRange(row.year, range))
          .map((row) => toStatisticValue(row, unit, disclosure)),
      };
    },
  };
}

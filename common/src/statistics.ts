import DataLoader from 'dataloader';
import { Column, PrimaryColumn, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { readInteger } from './config';
import { entityStatement, runPreparedRead } from './prepared-reads';
import { loadMunicipalities, loadUrbanDistricts } from './reference-data';
import {
  syntheticDistrictPopulation,
  syntheticMunicipalityPopulation,
  syntheticYears,
  type AreaKind,
} from './synthetic';

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

  /** How many people or events the figure rests on; decides suppression. */
  @Column({ name: 'base_count', type: 'integer' })
  baseCount!: number;

  @Column({ name: 'source_name', type: 'varchar', length: 200 })
  sourceName!: string;

  @Column({ type: 'boolean' })
  synthetic!: boolean;
}

/** The GraphQL `Statistic` shape every statistics subgraph serves. */
export interface StatisticValue {
  year: number;
  value: number | null;
  unit: string;
  suppressed: boolean;
  source: { name: string; synthetic: boolean };
}

/**
 * Figures resting on fewer than this many people are withheld, as Swedish
 * official statistics do, so that nobody can be singled out.
 */
export const defaultSuppressionThreshold = 5;

/** The suppression threshold of each statistics source: `SUPPRESSION_THRESHOLD`, or `SUPPRESSION_THRESHOLD_<SOURCE>`. */
export interface SuppressionThresholds {
  of(source: string): number;
}

export function readSuppressionThresholds(env: Record<string, string | undefined>): SuppressionThresholds {
  const fallback = readInteger(env, 'SUPPRESSION_THRESHOLD', defaultSuppressionThreshold, { min: 1, max: 1_000 });
  const bySource = new Map<string, number>();
  for (const name of Object.keys(env)) {
    const match = /^SUPPRESSION_THRESHOLD_([A-Z0-9_]+)$/.exec(name);
    if (match) bySource.set(match[1].toLowerCase(), readInteger(env, name, fallback, { min: 1, max: 1_000 }));
  }
  return { of: (source) => bySource.get(source) ?? fallback };
}

export function toStatisticValue(row: AreaStatistic, unit: string, threshold: number): StatisticValue {
  const suppressed = row.baseCount < threshold;
  return {
    year: row.year,
    value: suppressed ? null : row.value,
    unit,
    suppressed,
    source: { name: row.sourceName, synthetic: row.synthetic },
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
  threshold: number,
): DataLoader<StatisticKey, StatisticValue | null, string> {
  return new DataLoader<StatisticKey, StatisticValue | null, string>(
    async (keys) => {
      const rows = await findByAreaAndYear(dataSource, entity, keys);
      const byKey = new Map(rows.map((row) => [statisticKey(row), row]));
      return keys.map((key) => {
        const row = byKey.get(statisticKey(key));
        return row ? toStatisticValue(row, unit, threshold) : null;
      });
    },
    { cacheKeyFn: statisticKey },
  );
}

/** A synthetic measure of one area in one year, given the area's (synthetic) population. */
export type SyntheticMeasure = (
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
) => { value: number; count: number };

/**
 * One synthetic statistic for every municipality and every agreement
 * district in every year of `syntheticYears`, as rows for a statistic table,
 * each labelled synthetic with the given source name.
 */
export function syntheticAreaStatistics(seed: string, measure: SyntheticMeasure, sourceName: string): AreaStatistic[] {
  const areas = [
    ...loadMunicipalities().map((m) => ({
      kind: 'municipality' as const,
      id: m.code,
      population: (year: number) => syntheticMunicipalityPopulation(seed, m.code, year),
    })),
    ...loadUrbanDistricts().map((d) => ({
      kind: 'district' as const,
      id: d.id,
      population: (year: number) => syntheticDistrictPopulation(seed, d.id, year),
    })),
  ];
  return syntheticYears.flatMap((year) =>
    areas.map((area) => {
      const { value, count } = measure(seed, area.kind, area.id, year, area.population(year));
      return { areaKind: area.kind, areaId: area.id, year, value, baseCount: count, sourceName, synthetic: true };
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

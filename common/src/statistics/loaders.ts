import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { entityStatement, runPreparedRead } from '../prepared-reads';
import type { AreaKind } from '../synthetic';
import { toStatisticValue, type Disclosure } from './disclosure';
import { statisticKey, type AreaStatistic, type StatisticKey } from './rows';
import type { StatisticSeriesValue, StatisticValue } from './values';
import { inYearRange, requireYearRange, type YearRange } from './year-range';

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

/** One area whose statistic is asked for over the years. */
export interface AreaKey {
  areaKind: AreaKind;
  areaId: string;
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

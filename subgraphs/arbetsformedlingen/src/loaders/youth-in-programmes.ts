import DataLoader from 'dataloader';
import {
  findByAreaAndYear,
  inYearRange,
  requireYearRange,
  sourceOf,
  statisticKey,
  statisticYears,
  suppressBreakdown,
  type AreaKey,
  type Disclosure,
  type StatisticKey,
  type StatisticValue,
  type YearRange,
} from '@samverkan/common';
import type { DataSource } from 'typeorm';
import { YouthProgrammeStatistic } from '../entities';

export interface CountBreakdownValue {
  total: StatisticValue;
  women: StatisticValue;
  men: StatisticValue;
}

const unit = 'persons';

/**
 * Youth in programmes by sex for all the (area, year) pairs of a request in
 * one statement, suppressed at the data layer so that no withheld part can be
 * worked out from the total and the other parts.
 */
export function createBreakdownLoader(dataSource: DataSource, disclosure: Disclosure) {
  return new DataLoader<StatisticKey, CountBreakdownValue | null, string>(
    async (keys) => {
      const rows = await findByAreaAndYear(dataSource, YouthProgrammeStatistic, keys);
      const byKey = new Map<string, YouthProgrammeStatistic[]>();
      for (const row of rows) byKey.set(statisticKey(row), [...(byKey.get(statisticKey(row)) ?? []), row]);
      return keys.map((key) => {
        const found = byKey.get(statisticKey(key));
        const count = (gender: string) => found?.find((r) => r.gender === gender)?.count;
        const [total, women, men] = [count('T'), count('K'), count('M')];
        if (!found || total === undefined || women === undefined || men === undefined) return null;
        // Not served, a synthetic breakdown is withheld whole, as if every count were under the threshold.
        const withheldWhole = found[0].synthetic && !disclosure.syntheticFigures;
        const safe = suppressBreakdown(
          { total, parts: { women, men } },
          withheldWhole ? Infinity : disclosure.threshold,
        );
        const source = sourceOf(found[0]);
        const statistic = (value: number | null): StatisticValue => ({
          year: key.year,
          value,
          unit,
          suppressed: value === null,
          source,
        });
        return { total: statistic(safe.total), women: statistic(safe.parts.women), men: statistic(safe.parts.men) };
      });
    },
    { cacheKeyFn: statisticKey },
  );
}

/**
 * An area's breakdowns over the years of `range` that have one, in year
 * order: the years go through the same loader as single-year lookups, so a
 * request's series and years together still cost one statement.
 */
export async function loadBreakdownSeries(
  loader: ReturnType<typeof createBreakdownLoader>,
  area: AreaKey,
  range: YearRange,
): Promise<CountBreakdownValue[]> {
  requireYearRange(range);
  const years = statisticYears.filter((year) => inYearRange(year, range));
  const breakdowns = await Promise.all(years.map((year) => loader.load({ ...area, year })));
  return breakdowns.filter((breakdown): breakdown is CountBreakdownValue => breakdown !== null);
}

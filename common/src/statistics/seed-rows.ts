import { loadMunicipalities, loadUrbanDistricts } from '../reference-data';
import {
  loadShippedRealStatistics,
  realStatisticSources,
  type RealFigure,
  type RealStatisticKey,
  type RealStatisticSource,
} from '../real-statistics';
import { AreaFigures, restsOn, statisticYears, type AreaKind, type ModelledFigure } from '../synthetic';
import type { AreaStatistic, StatisticKey } from './rows';

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

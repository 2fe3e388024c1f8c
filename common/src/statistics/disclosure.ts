import { readInteger } from '../config';
import type { AreaStatistic } from './rows';
import { sourceOf, type StatisticValue } from './values';

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

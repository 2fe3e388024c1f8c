import { badUserInput } from '../errors';

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

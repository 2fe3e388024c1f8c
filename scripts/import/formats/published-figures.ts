import {
  ImportRefusedError,
  loadMunicipalities,
  type AreaStatistic,
  type RealFigure,
  type RealStatisticSource,
} from '@samverkan/common';
import type { JsonNode } from './json-positions';

/** The source columns of a stored figure, for a format whose figures do not come through Kolada. */
export type StatisticProvenance = Pick<
  AreaStatistic,
  'sourceName' | 'sourcePublisher' | 'sourceTable' | 'sourceLicence' | 'sourceUrl'
>;

/** What a format's reader returns: the figures of one statistic and where they come from. */
export interface PublishedFigures {
  figures: RealFigure[];
  /** The publisher's table or indicator, for the import summary: `Kolada N03920`, `SCB BE0101N1`. */
  origin: string;
  /**
   * The source columns every row gets; undefined for figures cut from
   * Kolada, which keep the columns `publishedStatisticRow` gives them.
   */
  provenance?: StatisticProvenance;
}

/**
 * The years a file may hold, as for the CSV files (`parseRealStatistics`):
 * Kolada starts in 1994, and nothing is published ahead of time.
 */
function acceptedYears(now = new Date()): readonly [number, number] {
  return [1994, now.getUTCFullYear()];
}

let municipalityCodes: ReadonlySet<string> | undefined;

/** What a code that is no municipality's stands for, where the publishers' files are known to hold such codes. */
function whatCodeIs(code: string): string {
  if (code === '00' || code === '0000') return ' (it is the whole country)';
  if (/^00\d\d$/.test(code)) return ` (Kolada's code for region ${code.slice(2)}, a county council)`;
  if (/^\d\d$/.test(code)) return ' (it is a county)';
  return '';
}

/**
 * The figures of one statistic as a format's reader finds them, each checked
 * by the rules every format shares: a municipality among the 290, a year in
 * range, a finite value within the unit's bounds, and no municipality and
 * year twice. A rule broken refuses the whole file at the element at fault.
 */
export class FigureList {
  private readonly figures: RealFigure[] = [];
  private readonly seen = new Map<string, number>();
  private readonly years = acceptedYears();

  constructor(readonly source: RealStatisticSource) {}

  /** A municipality code (a string of four digits among the 290); `aside` explains a code the format uses otherwise. */
  municipality(node: JsonNode, aside: (code: string) => string = whatCodeIs): string {
    const code = node.string();
    municipalityCodes ??= new Set(loadMunicipalities().map((m) => m.code));
    if (!municipalityCodes.has(code)) node.refuse(`"${code}" is not one of the 290 municipality codes${aside(code)}`);
    return code;
  }

  /** A year, written as a number or a string of four digits. */
  year(node: JsonNode): number {
    const written =
      typeof node.value === 'string' ? node.value : typeof node.value === 'number' ? String(node.value) : '';
    const year = Number(written);
    const [first, last] = this.years;
    if (!/^\d{4}$/.test(written) || year < first || year > last) {
      node.refuse(`${node.describe()} is not a year from ${first} to ${last}`);
    }
    return year;
  }

  /** A published value of the source's unit. */
  value(node: JsonNode): number {
    const value = node.number();
    const [low, high] = this.source.range;
    if (value < low || value > high) node.refuse(`${value} is outside ${low}–${high} ${this.source.unit}`);
    return value;
  }

  /** Takes a figure, refusing a second one of the same municipality and year at `at`, naming the first one's line. */
  add(at: JsonNode, figure: RealFigure): void {
    const key = `${figure.municipalityCode}|${figure.year}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      at.refuse(`a second figure for ${figure.municipalityCode} in ${figure.year} (the first is on line ${first})`);
    }
    this.seen.set(key, at.line);
    this.figures.push(figure);
  }

  /** The figures taken; a file that holds none of the source's is refused. */
  done(file: string): RealFigure[] {
    if (this.figures.length === 0) {
      throw new ImportRefusedError(file, undefined, `the file holds no figures of ${this.source.key}`);
    }
    return this.figures;
  }
}

/** A figure its publisher withheld: no value is read or invented (see `withheldStatisticRow`). */
export function withheldFigure(municipalityCode: string, year: number): RealFigure {
  return { municipalityCode, year, value: 0, withheld: true };
}

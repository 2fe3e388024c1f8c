import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadMunicipalities, referenceDataDir } from './reference-data';

/**
 * Published municipal statistics: which files the product ships and imports,
 * who published each figure, under what terms, in what unit, and the rules a
 * file must pass before anything of it is written. The files are cut from
 * Kolada (see `reference-data/real/README.md`), one row per municipality,
 * year and, where split, sex and measure.
 */
export type RealStatisticKey = 'population' | 'unemployment' | 'ohalsotal' | 'reported-crime';

export interface RealStatisticSource {
  key: RealStatisticKey;
  /** The subgraph that owns the figure and whose database the importer writes. */
  subgraph: 'municipalities' | 'arbetsformedlingen' | 'forsakringskassan' | 'police';
  /** The owning subgraph's table the figures go to. */
  table: string;
  /** The file the seed imports, under `reference-data/real/`. */
  file: string;
  /** The header a file must have, in this order. */
  columns: readonly string[];
  /** The `measure` value of the rows imported, when the file holds several measures. */
  measure?: string;
  /** Kolada's key performance indicator id. */
  kpi: string;
  /** Kolada's title of the indicator. */
  title: string;
  /** The unit every figure of this statistic is served in, synthetic ones included. */
  unit: string;
  /** Bounds a published value of this unit can plausibly have; anything outside refuses the file. */
  range: readonly [number, number];
  /** Who produced the figure, and through whom it reached us. */
  publisher: string;
  licence: string;
  url: string;
}

const koladaTerms =
  'Kolada open data: free use, commercial included; state the source as "Källa: Kolada" (SCB population: CC0)';
const kpiUrl = (kpi: string) => `https://www.kolada.se/verktyg/fri-sokning/?kpis=${kpi}`;

export const realStatisticSources: Record<RealStatisticKey, RealStatisticSource> = {
  population: {
    key: 'population',
    subgraph: 'municipalities',
    table: 'population_statistic',
    file: 'population.csv',
    columns: ['municipality_code', 'year', 'sex', 'kolada_kpi', 'value'],
    kpi: 'N01951',
    title: 'Invånare totalt, antal',
    unit: 'inhabitants',
    range: [0, 2_000_000],
    publisher: 'SCB (population statistics BE0101), via Kolada',
    licence: 'CC0 (SCB open data); "Källa: Kolada"',
    url: kpiUrl('N01951'),
  },
  unemployment: {
    key: 'unemployment',
    subgraph: 'arbetsformedlingen',
    table: 'unemployment_statistic',
    file: 'unemployment.csv',
    columns: ['municipality_code', 'year', 'sex', 'measure', 'kolada_kpi', 'value'],
    measure: 'open_unemployed_or_in_programme_18_64_pct',
    kpi: 'N03920',
    title: 'Arbetslöshet 18-64 år, årsmedelvärde, andel (%) av befolkningen',
    unit: 'percent of inhabitants aged 18-64',
    range: [0, 100],
    publisher: 'Arbetsförmedlingen and SCB, via Kolada',
    licence: koladaTerms,
    url: kpiUrl('N03920'),
  },
  ohalsotal: {
    key: 'ohalsotal',
    subgraph: 'forsakringskassan',
    table: 'sickness_statistic',
    file: 'sickness-absence.csv',
    columns: ['municipality_code', 'year', 'sex', 'measure', 'kolada_kpi', 'value'],
    measure: 'ohalsotal_days',
    kpi: 'N00957',
    title: 'Ohälsotal, dagar',
    unit: 'days per inhabitant aged 16-64',
    range: [0, 366],
    publisher: 'Försäkringskassan, via Kolada',
    licence: koladaTerms,
    url: kpiUrl('N00957'),
  },
  'reported-crime': {
    key: 'reported-crime',
    subgraph: 'police',
    table: 'reported_crime_statistic',
    file: 'reported-crime.csv',
    columns: ['municipality_code', 'year', 'measure', 'kolada_kpi', 'value'],
    measure: 'reported_crimes_total_per_100k',
    kpi: 'N07540',
    title: 'Anmälda brott totalt, antal/100 000 invånare',
    unit: 'reported offences per 100,000 inhabitants',
    range: [0, 200_000],
    publisher: 'Brå and SCB, via Kolada',
    licence: koladaTerms,
    url: kpiUrl('N07540'),
  },
};

export const realStatisticKeys = Object.keys(realStatisticSources) as RealStatisticKey[];

/** One published figure of one municipality in one year. */
export interface RealFigure {
  municipalityCode: string;
  year: number;
  value: number;
  /**
   * The publisher withheld this figure (disclosure control, or no figure
   * published): `value` is then 0 and says nothing, and the figure is stored
   * withheld (`withheldStatisticRow`). Only the JSON formats' readers set it.
   */
  withheld?: true;
}

/** A file refused whole: where and why. */
export class ImportRefusedError extends Error {
  constructor(
    readonly file: string,
    /** The line of the file, counting the header as line 1; undefined when the file as a whole is wrong. */
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line === undefined ? '' : ` line ${line}`}: ${reason}`);
    this.name = 'ImportRefusedError';
  }
}

/** The earliest and latest year a file may hold: Kolada starts in 1994; nothing can be published ahead of time. */
const acceptedYears = (now = new Date()) => [1994, now.getUTCFullYear()] as const;
const sexes = new Set(['total', 'female', 'male']);
const decimal = /^-?\d+(\.\d+)?$/;

/**
 * Reads a file in the layout of `reference-data/real/` and returns the
 * figures of `source` (total for both sexes, the source's measure), checking
 * every row of the file, the ones not imported too: a known municipality
 * code, a year in range, a known sex, the indicator id the measure belongs
 * to, a number within the unit's bounds, and no (municipality, year, sex,
 * measure) twice. The first row that breaks a rule refuses the whole file.
 */
export function parseRealStatistics(text: string, source: RealStatisticSource, file: string): RealFigure[] {
  const codes = new Set(loadMunicipalities().map((m) => m.code));
  const [firstYear, lastYear] = acceptedYears();
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ImportRefusedError(file, line, `not readable as CSV (${(error as Error).message})`);
  }
  const [header, ...rows] = records;
  if (!header || header.join(',') !== source.columns.join(',')) {
    throw new ImportRefusedError(
      file,
      1,
      `the header must be "${source.columns.join(',')}", found "${header?.join(',') ?? ''}"`,
    );
  }
  if (rows.length === 0) throw new ImportRefusedError(file, undefined, 'the file holds no figures');
  const seen = new Set<string>();
  const figures: RealFigure[] = [];
  rows.forEach((cells, index) => {
    const line = index + 2;
    const refuse = (reason: string): never => {
      throw new ImportRefusedError(file, line, reason);
    };
    if (cells.length !== source.columns.length) {
      refuse(`expected ${source.columns.length} columns, found ${cells.length}`);
    }
    const row = Object.fromEntries(source.columns.map((column, i) => [column, cells[i].trim()]));
    if (!codes.has(row.municipality_code)) {
      refuse(`municipality_code "${row.municipality_code}" is not one of the 290 municipality codes`);
    }
    const year = Number(row.year);
    if (!/^\d{4}$/.test(row.year) || year < firstYear || year > lastYear) {
      refuse(`year "${row.year}" is not a year from ${firstYear} to ${lastYear}`);
    }
    const sex = row.sex ?? 'total';
    if (!sexes.has(sex)) refuse(`sex "${sex}" is not one of total, female, male`);
    const measure = row.measure ?? '';
    const ours = source.measure === undefined || measure === source.measure;
    if (ours && row.kolada_kpi !== source.kpi) {
      refuse(`kolada_kpi "${row.kolada_kpi}" is not ${source.kpi}, the indicator of ${source.measure ?? source.key}`);
    }
    if (!/^N\d{5}$/.test(row.kolada_kpi)) refuse(`kolada_kpi "${row.kolada_kpi}" is not a Kolada indicator id`);
    if (!decimal.test(row.value)) refuse(`value "${row.value}" is not a decimal number`);
    const value = Number(row.value);
    if (ours && (value < source.range[0] || value > source.range[1])) {
      refuse(`value ${value} is outside ${source.range[0]}–${source.range[1]} ${source.unit}`);
    }
    const key = `${row.municipality_code}|${year}|${sex}|${measure}`;
    if (seen.has(key))
      refuse(`a second figure for ${row.municipality_code}, ${year}, ${sex}, ${measure || source.key}`);
    seen.add(key);
    if (ours && sex === 'total') figures.push({ municipalityCode: row.municipality_code, year, value });
  });
  if (figures.length === 0) {
    throw new ImportRefusedError(file, undefined, `the file holds no total figures of ${source.measure ?? source.key}`);
  }
  return figures;
}

const shipped = new Map<RealStatisticKey, RealFigure[]>();

/** The figures of the file the product ships for `key`, read and checked once per process. */
export function loadShippedRealStatistics(key: RealStatisticKey): RealFigure[] {
  let figures = shipped.get(key);
  if (!figures) {
    const source = realStatisticSources[key];
    const path = join(referenceDataDir, 'real', source.file);
    figures = parseRealStatistics(readFileSync(path, 'utf8'), source, `real/${source.file}`);
    shipped.set(key, figures);
  }
  return figures;
}

/** The shipped figures of `key` as municipality code → year → value. */
export function realSeries(key: RealStatisticKey): Map<string, Map<number, number>> {
  const series = new Map<string, Map<number, number>>();
  for (const figure of loadShippedRealStatistics(key)) {
    let years = series.get(figure.municipalityCode);
    if (!years) series.set(figure.municipalityCode, (years = new Map()));
    years.set(figure.year, figure.value);
  }
  return series;
}

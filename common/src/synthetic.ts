import { realSeries, type RealStatisticKey } from './real-statistics';
import { loadUrbanDistricts } from './reference-data';

/**
 * Figures no open source gives: every figure of an agreement district, and a
 * municipality's figure in a served year its publisher has no figure for.
 * Deterministic (the same seed gives the same figures on every machine) and
 * built from the published municipal figures (`real-statistics.ts`), so they
 * never contradict them: a district's population is a share of its
 * municipality's, its rates vary around the municipality's (these districts
 * were chosen for higher unemployment, ill-health and crime than their
 * municipality), its counts follow from its rates and population, and the
 * districts of a municipality together never exceed it. Every such figure is
 * served with `synthetic: true`.
 */

/** The seed the seeding scripts use unless `SYNTHETIC_SEED` says otherwise. */
export const defaultSyntheticSeed = 'samverkan-lua-2008';

/**
 * The years every statistic is served for: two before the 2008–2010
 * agreements to the latest full year. Published figures cover part of it
 * (`realStatisticSources`); the rest is synthetic.
 */
export const statisticYears: readonly number[] = Array.from({ length: 19 }, (_, i) => 2006 + i);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A uniform number in [0, 1) fixed by the seed and the key parts. */
export function uniform(seed: string, ...key: (string | number)[]): number {
  // One round of mulberry32 over an FNV-1a hash: well spread, dependency-free.
  let t = (fnv1a([seed, ...key].join('|')) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function between(seed: string, low: number, high: number, ...key: (string | number)[]): number {
  return low + (high - low) * uniform(seed, ...key);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The business cycle unemployment follows, used to carry a published rate to a year without one. */
const unemploymentCycle: Record<number, number> = {
  2006: 1.0,
  2007: 0.86,
  2008: 0.84,
  2009: 1.22,
  2010: 1.28,
  2011: 1.14,
  2012: 1.18,
  2013: 1.2,
  2014: 1.16,
  2015: 1.1,
  2016: 1.04,
  2017: 0.98,
  2018: 0.94,
  2019: 0.98,
  2020: 1.3,
  2021: 1.2,
  2022: 1.0,
  2023: 1.02,
  2024: 1.1,
};

export type AreaKind = 'municipality' | 'district';

/**
 * How much higher than its municipality's a district's rate runs (a factor
 * fixed per district), how much it wanders from year to year, and how its
 * figure is rounded as published.
 */
const districtRates: Record<
  Exclude<RealStatisticKey, 'population'>,
  { factor: [number, number]; noise: number; decimals: number; ceiling: number }
> = {
  unemployment: { factor: [1.4, 2.8], noise: 0.07, decimals: 1, ceiling: 60 },
  ohalsotal: { factor: [1.15, 1.8], noise: 0.04, decimals: 1, ceiling: 250 },
  'reported-crime': { factor: [1.0, 1.9], noise: 0.1, decimals: 0, ceiling: 200_000 },
};

/** A district's starting share of its municipality never exceeds this, split among the municipality's districts. */
const districtsShareCeiling = 0.22;

/** Share of inhabitants aged 18–64 (unemployment) and 16–64 (ohälsotal): SCB's national shares, about 2010. */
export const workingAgeShare = { unemployment: 0.6, ohalsotal: 0.63 } as const;

/**
 * What a figure counts in an area of `population` inhabitants: people
 * (population, unemployment), days (ohälsotal) or offences (reported crime).
 * The same rule for municipalities and districts, so their counts compare.
 */
export function impliedCount(key: RealStatisticKey, population: number, value: number): number {
  switch (key) {
    case 'population':
      return value;
    case 'unemployment':
      return (population * workingAgeShare.unemployment * value) / 100;
    case 'ohalsotal':
      return population * workingAgeShare.ohalsotal * value;
    case 'reported-crime':
      return (population * value) / 100_000;
  }
}

/** How many people a figure rests on, which decides whether it is withheld. */
export function restsOn(key: RealStatisticKey, population: number, value: number): number {
  return Math.round(
    key === 'ohalsotal' ? population * workingAgeShare.ohalsotal : impliedCount(key, population, value),
  );
}

export interface ModelledFigure {
  value: number;
  synthetic: boolean;
  /** For a synthetic municipal figure: the published year it was carried from. */
  carriedFrom?: number;
}

/**
 * The figures of every municipality and district for one seed: published
 * where published, modelled from the published ones elsewhere.
 */
export class AreaFigures {
  private readonly series = new Map<RealStatisticKey, Map<string, Map<number, number>>>();
  private readonly districts = new Map(loadUrbanDistricts().map((d) => [d.id, d]));
  private readonly districtsPerMunicipality = new Map<string, number>();

  constructor(readonly seed: string) {
    for (const district of this.districts.values()) {
      const count = this.districtsPerMunicipality.get(district.municipalityCode) ?? 0;
      this.districtsPerMunicipality.set(district.municipalityCode, count + 1);
    }
  }

  private published(key: RealStatisticKey): Map<string, Map<number, number>> {
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = realSeries(key)));
    return series;
  }

  /** A municipality's figure: the published one, or one carried from the nearest published year. */
  municipality(key: RealStatisticKey, code: string, year: number): ModelledFigure {
    const years = this.published(key).get(code);
    if (!years || years.size === 0) throw new Error(`No published ${key} figure of municipality ${code}.`);
    const value = years.get(year);
    if (value !== undefined) return { value, synthetic: false };
    const from = [...years.keys()].sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b)[0];
    const base = years.get(from)!;
    const noise = between(this.seed, 0.97, 1.03, `${key}-carried`, code, year);
    let carried: number;
    switch (key) {
      case 'population': {
        // The municipality's own growth over the five published years next to the gap.
        const other = years.get(from + (year > from ? -5 : 5));
        const growth = other ? (year > from ? base / other : other / base) ** (1 / 5) : 1;
        carried = Math.round(base * growth ** (year - from));
        return { value: carried, synthetic: true, carriedFrom: from };
      }
      case 'unemployment':
        carried = round(base * ((unemploymentCycle[year] ?? 1) / (unemploymentCycle[from] ?? 1)) * noise, 1);
        break;
      case 'ohalsotal':
        // Ohälsotal fell by a few per cent a year to about 2014 and has drifted down slowly since.
        carried = round(base * (1 + (year < from ? 0.03 : -0.01) * Math.abs(year - from)) * noise, 1);
        break;
      case 'reported-crime':
        carried = round(base * noise, 0);
        break;
    }
    return { value: carried, synthetic: true, carriedFrom: from };
  }

  private municipalityOf(districtId: string) {
    const district = this.districts.get(districtId);
    if (!district) throw new Error(`Unknown urban district ${districtId}.`);
    return district.municipalityCode;
  }

  /** A district's inhabitants: a share of its municipality's that drifts slowly from 2006. */
  districtPopulation(districtId: string, year: number): number {
    const code = this.municipalityOf(districtId);
    const whole = (y: number) => this.municipality('population', code, y).value;
    const ceiling = districtsShareCeiling / (this.districtsPerMunicipality.get(code) ?? 1);
    const share = Math.min(between(this.seed, 4_000, 24_000, 'district-population', districtId) / whole(2006), ceiling);
    const drift = between(this.seed, -0.004, 0.006, 'district-drift', districtId);
    return Math.round(whole(year) * share * (1 + drift) ** (year - 2006));
  }

  /** A district's figure: its population, or its municipality's rate times the district's factor. */
  district(key: RealStatisticKey, districtId: string, year: number): ModelledFigure {
    if (key === 'population') return { value: this.districtPopulation(districtId, year), synthetic: true };
    const rates = districtRates[key];
    const whole = this.municipality(key, this.municipalityOf(districtId), year).value;
    const factor = between(this.seed, rates.factor[0], rates.factor[1], `${key}-factor`, districtId);
    const noise = between(this.seed, 1 - rates.noise, 1 + rates.noise, `${key}-noise`, districtId, year);
    return { value: Math.min(round(whole * factor * noise, rates.decimals), rates.ceiling), synthetic: true };
  }

  /** The population an area's figure rests on. */
  population(kind: AreaKind, areaId: string, year: number): number {
    return kind === 'municipality'
      ? this.municipality('population', areaId, year).value
      : this.districtPopulation(areaId, year);
  }
}

/**
 * Young people aged 16–19 registered as unemployed and in a labour-market
 * programme, women and men. Small numbers by nature in a district, so many
 * fall under the suppression threshold: the data disclosure control exists for.
 */
export function syntheticYouthInProgrammes(
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
): { women: number; men: number } {
  const perThousand = between(seed, 0.3, 2.2, 'youth-programmes-rate', areaId) * (unemploymentCycle[year] ?? 1);
  const expected = (population / 1000) * perThousand * (kind === 'district' ? 1.6 : 1);
  const women = Math.floor(expected * between(seed, 0.25, 0.55, 'youth-programmes-women', areaId, year));
  const men = Math.floor(expected * between(seed, 0.3, 0.65, 'youth-programmes-men', areaId, year));
  return { women, men };
}

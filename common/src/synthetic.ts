/**
 * Deterministic synthetic statistics for figures no open source gives per
 * district (and, offline, per municipality). The same seed and key always give
 * the same figure, so tests, demos and every machine agree; magnitudes follow
 * the public orders of size (a few per cent unemployment, an ohälsotal of tens
 * of days, roughly a hundred reported offences per thousand inhabitants) but
 * no figure is real, and every served figure says `synthetic: true`.
 */

/** The seed the seeding scripts use unless `SYNTHETIC_SEED` says otherwise. */
export const defaultSyntheticSeed = 'samverkan-lua-2008';

/** The years synthetic series cover: two before the 2008–2010 agreements to the latest full year. */
export const syntheticYears: readonly number[] = Array.from({ length: 19 }, (_, i) => 2006 + i);

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

/** The three metropolitan municipalities, which are an order of magnitude larger than the rest. */
const metropolitanScale: Record<string, number> = { '0180': 55, '1480': 32, '1280': 18 };

/** Inhabitants of a municipality in a year. */
export function syntheticMunicipalityPopulation(seed: string, code: string, year: number): number {
  const base =
    metropolitanScale[code] !== undefined
      ? 16_000 * metropolitanScale[code] * between(seed, 0.9, 1.1, 'population-scale', code)
      : // Log-uniform between 2,500 and 160,000: most municipalities are small.
        Math.exp(between(seed, Math.log(2_500), Math.log(160_000), 'population-base', code));
  const growth = between(seed, -0.004, 0.014, 'population-growth', code);
  return Math.round(base * (1 + growth) ** (year - 2006));
}

/** Inhabitants of an urban district in a year. */
export function syntheticDistrictPopulation(seed: string, districtId: string, year: number): number {
  const base = between(seed, 4_000, 24_000, 'district-population', districtId);
  const growth = between(seed, 0.0, 0.018, 'district-growth', districtId);
  return Math.round(base * (1 + growth) ** (year - 2006));
}

/** The business cycle all unemployment series share: the 2009 crisis, the 2020 pandemic. */
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

/** Registered unemployment, per cent of inhabitants aged 16–64, with the people it counts. */
export function syntheticUnemployment(
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
): { value: number; count: number } {
  const level =
    kind === 'municipality'
      ? between(seed, 2.8, 8.5, 'unemployment-level', areaId)
      : between(seed, 9, 22, 'unemployment-level', areaId);
  const noise = between(seed, 0.93, 1.07, 'unemployment-noise', areaId, year);
  const value = round(level * (unemploymentCycle[year] ?? 1) * noise, 1);
  const workingAge = population * 0.63;
  return { value, count: Math.round((workingAge * value) / 100) };
}

/**
 * Ohälsotal: days of sickness and activity compensation per insured person
 * aged 16–64. It fell steeply from 2006 to about 2014 and has been flat since.
 */
export function syntheticSicknessIndex(
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
): { value: number; count: number } {
  const level =
    kind === 'municipality'
      ? between(seed, 30, 48, 'sickness-level', areaId)
      : between(seed, 42, 72, 'sickness-level', areaId);
  const trend = year <= 2014 ? 1 - 0.045 * (year - 2006) : 0.64 - 0.004 * (year - 2014);
  const noise = between(seed, 0.96, 1.04, 'sickness-noise', areaId, year);
  const value = round(level * trend * noise, 1);
  return { value, count: Math.round(population * 0.63) };
}

/** Offences reported to the police in a year. */
export function syntheticReportedCrimes(
  seed: string,
  kind: AreaKind,
  areaId: string,
  year: number,
  population: number,
): { value: number; count: number } {
  const perThousand =
    kind === 'municipality'
      ? between(seed, 70, 150, 'crime-rate', areaId)
      : between(seed, 90, 210, 'crime-rate', areaId);
  const noise = between(seed, 0.9, 1.1, 'crime-noise', areaId, year);
  const value = Math.round((population / 1000) * perThousand * noise);
  return { value, count: value };
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

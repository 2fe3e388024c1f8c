import {
  syntheticDistrictPopulation,
  syntheticMunicipalityPopulation,
  syntheticReportedCrimes,
  syntheticSicknessIndex,
  syntheticUnemployment,
  syntheticYears,
  uniform,
} from '../synthetic';
import { loadMunicipalities } from '../reference-data';

describe('synthetic statistics', () => {
  const seed = 'test-seed';

  it('gives the same figures for the same seed and different ones for another seed', () => {
    expect(syntheticUnemployment(seed, 'district', '0180-rinkeby', 2009, 15_000)).toEqual(
      syntheticUnemployment(seed, 'district', '0180-rinkeby', 2009, 15_000),
    );
    expect(syntheticUnemployment('other', 'district', '0180-rinkeby', 2009, 15_000)).not.toEqual(
      syntheticUnemployment(seed, 'district', '0180-rinkeby', 2009, 15_000),
    );
  });

  it('draws uniform numbers in [0, 1) spread over the interval', () => {
    const draws = Array.from({ length: 5000 }, (_, i) => uniform(seed, i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('keeps every figure within public orders of magnitude', () => {
    for (const { code } of loadMunicipalities()) {
      for (const year of [syntheticYears[0], 2009, syntheticYears.at(-1)!]) {
        const population = syntheticMunicipalityPopulation(seed, code, year);
        expect(population).toBeGreaterThan(2_000);
        expect(population).toBeLessThan(1_200_000);
        const unemployment = syntheticUnemployment(seed, 'municipality', code, year, population);
        expect(unemployment.value).toBeGreaterThan(1);
        expect(unemployment.value).toBeLessThan(15);
        const sickness = syntheticSicknessIndex(seed, 'municipality', code, year, population);
        expect(sickness.value).toBeGreaterThan(15);
        expect(sickness.value).toBeLessThan(55);
        const crimes = syntheticReportedCrimes(seed, 'municipality', code, year, population);
        expect(crimes.value / population).toBeGreaterThan(0.05);
        expect(crimes.value / population).toBeLessThan(0.2);
      }
    }
  });

  it('makes the three metropolitan municipalities the largest', () => {
    const populations = loadMunicipalities().map((m) => ({
      code: m.code,
      population: syntheticMunicipalityPopulation(seed, m.code, 2009),
    }));
    populations.sort((a, b) => b.population - a.population);
    expect(populations.slice(0, 3).map((p) => p.code)).toEqual(['0180', '1480', '1280']);
  });

  it('shows the 2009 crisis in unemployment and the fall of ohälsotal to 2014', () => {
    const u2008 = syntheticUnemployment(seed, 'district', '0127-alby', 2008, 10_000).value;
    const u2010 = syntheticUnemployment(seed, 'district', '0127-alby', 2010, 10_000).value;
    expect(u2010).toBeGreaterThan(u2008);
    const s2006 = syntheticSicknessIndex(seed, 'district', '0127-alby', 2006, 10_000).value;
    const s2014 = syntheticSicknessIndex(seed, 'district', '0127-alby', 2014, 10_000).value;
    expect(s2014).toBeLessThan(s2006 * 0.8);
  });

  it('gives districts a few thousand to a few tens of thousands of inhabitants', () => {
    const population = syntheticDistrictPopulation(seed, '0180-rinkeby', 2009);
    expect(population).toBeGreaterThanOrEqual(4_000);
    expect(population).toBeLessThan(30_000);
  });
});

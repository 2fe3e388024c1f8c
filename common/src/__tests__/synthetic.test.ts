import { realStatisticKeys, type RealStatisticKey } from '../real-statistics';
import { loadMunicipalities, loadUrbanDistricts } from '../reference-data';
import { areaStatisticRows } from '../statistics';
import { AreaFigures, impliedCount, statisticYears, uniform } from '../synthetic';

const seed = 'test-seed';
const figures = new AreaFigures(seed);
const municipalities = loadMunicipalities();
const districts = loadUrbanDistricts();
const rates = realStatisticKeys.filter((key) => key !== 'population');

describe('area figures', () => {
  it('draws uniform numbers in [0, 1) spread over the interval', () => {
    const draws = Array.from({ length: 5000 }, (_, i) => uniform(seed, i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('gives the same synthetic figures for the same seed and different ones for another seed', () => {
    const again = new AreaFigures(seed);
    const other = new AreaFigures('other');
    expect(again.district('unemployment', '0180-rinkeby', 2009)).toEqual(
      figures.district('unemployment', '0180-rinkeby', 2009),
    );
    expect(other.district('unemployment', '0180-rinkeby', 2009)).not.toEqual(
      figures.district('unemployment', '0180-rinkeby', 2009),
    );
  });

  it('serves the published municipal figures as published', () => {
    // Spot checks against Kolada, as listed in reference-data/real/README.md.
    expect(figures.municipality('population', '0180', 2010)).toEqual({ value: 847_073, synthetic: false });
    expect(figures.municipality('population', '0136', 2010)).toEqual({ value: 77_054, synthetic: false });
    expect(figures.municipality('population', '2584', 2010)).toEqual({ value: 22_944, synthetic: false });
    expect(figures.municipality('population', '0180', 2022)).toEqual({ value: 984_748, synthetic: false });
    // Registered unemployment starts in 2010: 2009 is carried from 2010 along the business cycle.
    expect(figures.municipality('unemployment', '0180', 2010).synthetic).toBe(false);
    expect(figures.municipality('unemployment', '0180', 2009)).toMatchObject({ synthetic: true, carriedFrom: 2010 });
    expect(figures.municipality('reported-crime', '0180', 2007)).toMatchObject({ synthetic: true, carriedFrom: 2008 });
    expect(figures.municipality('ohalsotal', '0180', 2024)).toMatchObject({ synthetic: true, carriedFrom: 2022 });
  });

  describe.each(statisticYears)('in %i', (year) => {
    it('keeps every figure of all 290 municipalities within public orders of magnitude', () => {
      for (const { code } of municipalities) {
        const population = figures.municipality('population', code, year).value;
        expect(population).toBeGreaterThan(2_000);
        expect(population).toBeLessThan(1_100_000);
        expect(figures.municipality('unemployment', code, year).value).toBeLessThan(30);
        expect(figures.municipality('ohalsotal', code, year).value).toBeLessThan(120);
        expect(figures.municipality('reported-crime', code, year).value).toBeLessThan(60_000);
        for (const key of realStatisticKeys) expect(figures.municipality(key, code, year).value).toBeGreaterThan(0);
      }
    });

    it('never lets a municipality’s districts exceed it, in people, days or offences', () => {
      for (const { code } of municipalities) {
        const own = districts.filter((d) => d.municipalityCode === code);
        if (own.length === 0) continue;
        const population = figures.municipality('population', code, year).value;
        const parts = own.map((d) => figures.districtPopulation(d.id, year));
        expect(parts.reduce((a, b) => a + b, 0)).toBeLessThan(population);
        for (const key of rates) {
          const whole = impliedCount(key, population, figures.municipality(key, code, year).value);
          const sum = own
            .map((d, i) => impliedCount(key, parts[i], figures.district(key, d.id, year).value))
            .reduce((a, b) => a + b, 0);
          expect(sum).toBeLessThan(whole);
        }
      }
    });

    it('gives each of the 38 districts a plausible population and rates above, but near, its municipality’s', () => {
      const bounds: Record<Exclude<RealStatisticKey, 'population'>, [number, number]> = {
        unemployment: [1.2, 3.1],
        ohalsotal: [1.05, 1.9],
        'reported-crime': [0.85, 2.1],
      };
      for (const district of districts) {
        const population = figures.districtPopulation(district.id, year);
        expect(population).toBeGreaterThan(1_000);
        expect(population).toBeLessThan(40_000);
        for (const key of rates) {
          const ratio =
            figures.district(key, district.id, year).value /
            figures.municipality(key, district.municipalityCode, year).value;
          expect(ratio).toBeGreaterThanOrEqual(bounds[key][0]);
          expect(ratio).toBeLessThanOrEqual(bounds[key][1]);
        }
      }
    });
  });

  it.each(realStatisticKeys)(
    'seeds %s for every area and served year once, published where published, labelled synthetic elsewhere',
    (key) => {
      const rows = areaStatisticRows(figures, key);
      const served = rows.filter((r) => statisticYears.includes(r.year));
      expect(served).toHaveLength((municipalities.length + districts.length) * statisticYears.length);
      // Earlier years: published municipal figures only.
      expect(rows.filter((r) => !statisticYears.includes(r.year)).every((r) => !r.synthetic)).toBe(true);
      expect(new Set(rows.map((r) => `${r.areaKind}:${r.areaId}:${r.year}`)).size).toBe(rows.length);
      for (const row of rows) {
        if (row.synthetic) {
          expect(row.sourceName).toMatch(/^Synthetic/);
          expect(row.sourcePublisher).toBeNull();
          expect(row.baseCount).toEqual(expect.any(Number));
        } else {
          expect(row.areaKind).toBe('municipality');
          expect(row.sourceTable).toMatch(/^N\d{5}$/);
          expect(row.sourcePublisher).toMatch(/via Kolada/);
        }
      }
      // Every district figure is synthetic; most municipal figures in the years Kolada covers are not.
      expect(rows.filter((r) => r.areaKind === 'district').every((r) => r.synthetic)).toBe(true);
      expect(rows.filter((r) => r.areaKind === 'municipality' && !r.synthetic).length).toBeGreaterThan(290 * 10);
    },
  );
});

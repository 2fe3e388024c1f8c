import { loadAgreementMunicipalities, loadShippedRealStatistics, loadUrbanDistricts } from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

interface Point {
  year: number;
  value: number | null;
  suppressed: boolean;
  source: { publisher: string | null; table: string | null; licence: string | null; synthetic: boolean };
}

interface Series {
  statistic: string;
  unit: string;
  availableYears: number[];
  publishedYears: number[];
  points: Point[];
}

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * What a dashboard reads through the real gateway and the five real
 * subgraphs: statistics over a range of years, and the lists it filters.
 */
describe(`time series and filters through the gateway (${databaseKind})`, () => {
  let system: RunningSupergraph;
  const query = (document: string, variables?: Record<string, unknown>) =>
    postGraphQL(system.gateway.url, document, variables);

  beforeAll(async () => {
    system = await startSupergraph('samverkan_series_');
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  describe('DistrictTrends, the registered trend-chart operation, for Rinkeby', () => {
    let district: Record<string, any>;

    beforeAll(async () => {
      const op = loadRegisteredOperations().find((o) => o.name === 'DistrictTrends')!;
      const { status, body } = await query(op.document, op.variables);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      district = body.data!.urbanDistrict;
    });

    it('gives every statistic of the district for 2006–2024, every point synthetic and saying so', () => {
      expect(district.id).toBe('0180-rinkeby');
      for (const field of ['populationSeries', 'unemploymentSeries', 'sicknessIndexSeries', 'reportedCrimesSeries']) {
        const series: Series = district[field];
        expect(series.availableYears).toEqual(years(2006, 2024));
        expect(series.publishedYears).toEqual([]);
        expect(series.points.map((p) => p.year)).toEqual(years(2006, 2024));
        for (const point of series.points) {
          expect(point.source).toMatchObject({ synthetic: true, publisher: null, licence: null });
        }
      }
    });

    it("gives Stockholm's published figures as Kolada has them, and says which years are synthetic", () => {
      const municipality = district.municipality;
      const cases: [string, Parameters<typeof loadShippedRealStatistics>[0], number[], number[]][] = [
        ['populationSeries', 'population', years(2000, 2024), years(2000, 2022)],
        ['unemploymentSeries', 'unemployment', years(2006, 2024), years(2010, 2022)],
        ['sicknessIndexSeries', 'ohalsotal', years(2001, 2024), years(2001, 2022)],
        ['reportedCrimesSeries', 'reported-crime', years(2006, 2024), years(2008, 2022)],
      ];
      for (const [field, key, available, published] of cases) {
        const series: Series = municipality[field];
        expect({ field, available: series.availableYears }).toEqual({ field, available });
        expect({ field, published: series.publishedYears }).toEqual({ field, published });
        const kolada = new Map(
          loadShippedRealStatistics(key)
            .filter((f) => f.municipalityCode === '0180')
            .map((f) => [f.year, f.value]),
        );
        for (const point of series.points) {
          const isPublished = published.includes(point.year);
          expect({ field, year: point.year, synthetic: point.source.synthetic }).toEqual({
            field,
            year: point.year,
            synthetic: !isPublished,
          });
          if (isPublished) {
            expect(point.value).toBe(kolada.get(point.year));
            expect(point.source.table).toMatch(/^N\d{5}$/);
            expect(point.source.publisher).toContain('via Kolada');
          }
        }
      }
    });

    it('never shows the district above its municipality: population and reported offences, every year', () => {
      const share = (field: string, year: number) => {
        const at = (s: Series) => s.points.find((p) => p.year === year)!.value!;
        return at(district[field]) / at(district.municipality[field]);
      };
      for (const year of years(2006, 2024)) {
        expect(share('populationSeries', year)).toBeLessThan(1);
        // Offences are a rate per 100,000: counts are rate × population.
        expect(share('reportedCrimesSeries', year) * share('populationSeries', year)).toBeLessThan(1);
        // The districts were chosen for higher unemployment and ill-health than their municipality.
        expect(share('unemploymentSeries', year)).toBeGreaterThan(1);
        expect(share('sicknessIndexSeries', year)).toBeGreaterThan(1);
      }
    });
  });

  it('answers a range in one field where single years needed an alias each: 2006–2024 for two statistics', async () => {
    const { body } = await query(/* GraphQL */ `
      {
        urbanDistrict(id: "0180-rinkeby") {
          unemploymentSeries(from: 2006, to: 2024) {
            points {
              year
              value
            }
          }
          sicknessIndexSeries(from: 2006, to: 2024) {
            points {
              year
              value
            }
          }
        }
      }
    `);
    expect(body.errors).toBeUndefined();
    expect(body.data!.urbanDistrict.unemploymentSeries.points).toHaveLength(19);
    expect(body.data!.urbanDistrict.sicknessIndexSeries.points).toHaveLength(19);
  });

  it('cuts a series to the years asked, keeps the single-year figure equal to its point, and lists what is available', async () => {
    const { body } = await query(/* GraphQL */ `
      {
        municipality(code: "0136") {
          unemploymentSeries(from: 2009, to: 2011) {
            availableYears
            points {
              year
              value
              source {
                synthetic
              }
            }
          }
          unemployment(year: 2010) {
            value
          }
          fromOnly: reportedCrimesSeries(from: 2023) {
            points {
              year
            }
          }
          toOnly: populationSeries(to: 2001) {
            points {
              year
            }
          }
          nothingThen: populationSeries(from: 1950, to: 1960) {
            availableYears
            points {
              year
            }
          }
          youthInProgrammesSeries(from: 2020, to: 2021) {
            total {
              year
              suppressed
            }
          }
        }
      }
    `);
    expect(body.errors).toBeUndefined();
    const haninge = body.data!.municipality;
    expect(haninge.unemploymentSeries.availableYears).toEqual(years(2006, 2024));
    expect(haninge.unemploymentSeries.points.map((p: Point) => [p.year, p.source.synthetic])).toEqual([
      [2009, true],
      [2010, false],
      [2011, false],
    ]);
    expect(haninge.unemploymentSeries.points[1].value).toBe(haninge.unemployment.value);
    expect(haninge.fromOnly.points.map((p: Point) => p.year)).toEqual([2023, 2024]);
    expect(haninge.toOnly.points.map((p: Point) => p.year)).toEqual([2000, 2001]);
    expect(haninge.nothingThen.points).toEqual([]);
    expect(haninge.nothingThen.availableYears).toEqual(years(2000, 2024));
    expect(haninge.youthInProgrammesSeries.map((b: { total: Point }) => b.total.year)).toEqual([2020, 2021]);
  });

  it('refuses a backwards or impossible range with BAD_USER_INPUT naming the argument, and still answers the rest', async () => {
    const { body } = await query(/* GraphQL */ `
      {
        municipality(code: "0180") {
          name
          unemploymentSeries(from: 2012, to: 2010) {
            points {
              year
            }
          }
          sicknessIndexSeries(to: 30000) {
            points {
              year
            }
          }
        }
      }
    `);
    expect(body.data!.municipality.name).toBe('Stockholm');
    expect(body.data!.municipality.unemploymentSeries).toBeNull();
    expect(body.data!.municipality.sicknessIndexSeries).toBeNull();
    const byPath = new Map(body.errors!.map((e) => [e.path?.join('.'), e.extensions]));
    expect(byPath.get('municipality.unemploymentSeries')).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from' });
    expect(byPath.get('municipality.sicknessIndexSeries')).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
  });

  describe('filters', () => {
    it("lists one county's or one police region's agreements, as the other partners place the municipalities", async () => {
      const { body } = await query(/* GraphQL */ `
        {
          county: agreements(countyCode: "01", activeInYear: 2009) {
            municipality {
              code
              county {
                code
              }
            }
          }
          region: agreements(policeRegionCode: "5600", activeInYear: 2009) {
            municipality {
              code
              policeRegion {
                code
              }
            }
          }
          safety: agreements(focusArea: SAFETY, activeInYear: 2009) {
            id
          }
          urban15: agreements(activeInYear: 2013) {
            id
          }
          later: agreements(activeInYear: 2016) {
            id
          }
        }
      `);
      expect(body.errors).toBeUndefined();
      const { county, region, safety, urban15, later } = body.data!;
      expect(county.map((a: any) => a.municipality.code).sort()).toEqual(
        loadAgreementMunicipalities()
          .filter((m) => m.countyCode === '01')
          .map((m) => m.code)
          .sort(),
      );
      // The county from the municipalities subgraph and the region from the police subgraph agree with the filter.
      expect(county.every((a: any) => a.municipality.county.code === '01')).toBe(true);
      expect(region.length).toBe(loadAgreementMunicipalities().filter((m) => m.policeRegionName === 'Syd').length);
      expect(region.every((a: any) => a.municipality.policeRegion.code === '5600')).toBe(true);
      expect(safety).toHaveLength(21);
      expect(urban15.every((a: any) => a.id.startsWith('lua-2012-2014-'))).toBe(true);
      expect(urban15.length).toBeGreaterThan(0);
      expect(later).toEqual([]);
    });

    it("lists one police region's vulnerable areas by category, and the districts by confidence", async () => {
      const { body } = await query(/* GraphQL */ `
        {
          stockholm: vulnerableAreas(regionCode: "5300") {
            region {
              code
            }
          }
          especially: vulnerableAreas(regionCode: "5300", category: ESPECIALLY_VULNERABLE) {
            category
            region {
              code
            }
          }
          all: vulnerableAreas {
            id
          }
          verified: urbanDistricts(confidence: VERIFIED) {
            id
            confidence
          }
          unverifiedInGoteborg: urbanDistricts(municipalityCode: "1480", confidence: UNVERIFIED) {
            confidence
            municipality {
              code
            }
          }
        }
      `);
      expect(body.errors).toBeUndefined();
      const { stockholm, especially, all, verified, unverifiedInGoteborg } = body.data!;
      expect(stockholm.length).toBeGreaterThan(0);
      expect(stockholm.length).toBeLessThan(all.length);
      expect(stockholm.every((a: any) => a.region.code === '5300')).toBe(true);
      expect(especially.length).toBeGreaterThan(0);
      expect(especially.length).toBeLessThan(stockholm.length);
      expect(especially.every((a: any) => a.category === 'ESPECIALLY_VULNERABLE' && a.region.code === '5300')).toBe(
        true,
      );
      const districts = loadUrbanDistricts();
      expect(verified.map((d: any) => d.id).sort()).toEqual(
        districts
          .filter((d) => d.confidence === 'verified')
          .map((d) => d.id)
          .sort(),
      );
      expect(unverifiedInGoteborg).toEqual(
        districts
          .filter((d) => d.municipalityCode === '1480' && d.confidence === 'unverified')
          .map(() => ({ confidence: 'UNVERIFIED', municipality: { code: '1480' } })),
      );
    });

    it('refuses malformed filter keys with BAD_USER_INPUT naming the argument', async () => {
      for (const [field, argument, value] of [
        ['agreements', 'countyCode', '1'],
        ['agreements', 'policeRegionCode', 'Syd'],
        ['vulnerableAreas', 'regionCode', '53'],
      ]) {
        const { body } = await query(`{ ${field}(${argument}: "${value}") { __typename } }`);
        expect(body.data?.[field] ?? null).toBeNull();
        expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      }
    });
  });

  it('costs one county’s municipalities alike asked at the root with a filter or through the county', async () => {
    const perMunicipality = 'code agreements { title districts { id name population(year: 2009) { value } } }';
    const filtered = await query(`{ municipalities(countyCode: "01") { ${perMunicipality} } }`);
    expect(filtered.body.errors).toBeUndefined();
    expect(filtered.body.data!.municipalities).toHaveLength(26);
    const throughCounty = await query(`{ county(code: "01") { municipalities { ${perMunicipality} } } }`);
    expect(throughCounty.body.errors).toBeUndefined();
    expect(throughCounty.body.data!.county.municipalities).toEqual(filtered.body.data!.municipalities);
    // The same shape for all 290 municipalities is refused before any subgraph is asked.
    const unfiltered = await query(`{ municipalities { ${perMunicipality} } }`);
    expect(unfiltered.body.data ?? null).toBeNull();
    expect(unfiltered.body.errors![0].message).toContain('too expensive');
  });
});

import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import {
  createSeriesLoader,
  createStatisticLoader,
  entityColumns,
  findWhereIn,
  groupedLoader,
  listLoader,
  preparedReadOf,
  realStatisticSources,
  runPreparedRead,
  toStatisticValue,
  uniqueLoader,
  type StatisticValue,
  type SuppressionThresholds,
  type Disclosure,
} from '@samverkan/common';
import {
  CountyPoliceRegion,
  MunicipalityPoliceRegion,
  PoliceAuthority,
  PoliceRegion,
  ReportedCrimeStatistic,
  VulnerableArea,
} from '../entities';

/** The region of each county or municipality with the region's row joined in, so it costs one statement. */
function regionOf(
  link: 'county_police_region' | 'municipality_police_region',
  key: 'county_code' | 'municipality_code',
) {
  return preparedReadOf(
    (dataSource) =>
      `SELECT l.${key} AS "policedArea", ${entityColumns(dataSource, PoliceRegion, 'r')} ` +
      `FROM ${link} l JOIN police_region r ON r.code = l.region_code WHERE l.${key} = ANY($1)`,
  );
}
const regionOfCounty = regionOf('county_police_region', 'county_code');
const regionOfMunicipality = regionOf('municipality_police_region', 'municipality_code');

async function findRegionsOf(
  dataSource: DataSource,
  read: ReturnType<typeof regionOf>,
  codes: readonly string[],
): Promise<{ code: string; region: PoliceRegion }[]> {
  const rows = await runPreparedRead<PoliceRegion & { policedArea: string }>(dataSource, read(dataSource), [codes]);
  return rows.map(({ policedArea, ...region }) => ({ code: policedArea, region }));
}

/**
 * Everything the police know of an agreement district, in one statement for
 * all the districts (and years) of a request: its vulnerable area (the newest
 * listing, if several match) and, for the year asked, its reported crimes.
 * Both fields of `UrbanDistrict` come from this one read, so an entity fetch
 * of districts costs one statement, not one per field.
 */
const factsOfDistricts = preparedReadOf(
  (dataSource) =>
    'SELECT k.id AS "districtId", k.year AS "year", area.row AS "area", crimes.row AS "crimes" ' +
    'FROM unnest($1::text[], $2::int[]) AS k(id, year) ' +
    'LEFT JOIN LATERAL (SELECT row_to_json(a) AS row FROM (' +
    `SELECT ${entityColumns(dataSource, VulnerableArea, 'va')} FROM vulnerable_area va ` +
    'WHERE va.district_id = k.id ORDER BY va.list_year DESC, va.id LIMIT 1) a) area ON true ' +
    'LEFT JOIN LATERAL (SELECT row_to_json(c) AS row FROM (' +
    `SELECT ${entityColumns(dataSource, ReportedCrimeStatistic, 't')} FROM reported_crime_statistic t ` +
    "WHERE t.area_kind = 'district' AND t.area_id = k.id AND t.year = k.year) c) crimes ON true",
);

/** A district, and the year of its reported crimes when they are asked for. */
export interface DistrictFactsKey {
  districtId: string;
  year?: number;
}

export interface DistrictFacts {
  area: VulnerableArea | null;
  reportedCrimes: StatisticValue | null;
}

function districtFactsLoader(dataSource: DataSource, disclosure: Disclosure) {
  const keyOf = (districtId: string, year: number | null | undefined) => `${districtId}:${year ?? ''}`;
  return new DataLoader<DistrictFactsKey, DistrictFacts, string>(
    async (keys) => {
      const rows = await runPreparedRead<{
        districtId: string;
        year: number | null;
        area: VulnerableArea | null;
        crimes: ReportedCrimeStatistic | null;
      }>(dataSource, factsOfDistricts(dataSource), [keys.map((k) => k.districtId), keys.map((k) => k.year ?? null)]);
      const byKey = new Map(rows.map((row) => [keyOf(row.districtId, row.year), row]));
      return keys.map((key) => {
        const row = byKey.get(keyOf(key.districtId, key.year));
        return {
          area: row?.area ?? null,
          reportedCrimes: row?.crimes
            ? toStatisticValue(row.crimes, realStatisticSources['reported-crime'].unit, disclosure)
            : null,
        };
      });
    },
    { cacheKeyFn: (key) => keyOf(key.districtId, key.year) },
  );
}

/** One set per request: each lookup below costs one prepared statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, PoliceAuthority, 'id', ids),
      (a) => a.id,
    ),
    regionByCode: uniqueLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, PoliceRegion, 'code', codes),
      (r) => r.code,
    ),
    regionOfCounty: uniqueLoader(
      (codes: readonly string[]) => findRegionsOf(dataSource, regionOfCounty, codes),
      (c) => c.code,
    ),
    regionOfMunicipality: uniqueLoader(
      (codes: readonly string[]) => findRegionsOf(dataSource, regionOfMunicipality, codes),
      (m) => m.code,
    ),
    allRegions: listLoader(() => dataSource.getRepository(PoliceRegion).find({ order: { code: 'ASC' } })),
    countiesByRegion: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, CountyPoliceRegion, 'regionCode', codes, ['countyCode']),
      (c) => c.regionCode,
    ),
    municipalitiesByRegion: groupedLoader(
      (codes: readonly string[]) =>
        findWhereIn(dataSource, MunicipalityPoliceRegion, 'regionCode', codes, ['municipalityCode']),
      (m) => m.regionCode,
    ),
    vulnerableAreaById: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, VulnerableArea, 'id', ids),
      (a) => a.id,
    ),
    districtFacts: districtFactsLoader(dataSource, suppression.of('reported_crimes')),
    vulnerableAreasByMunicipality: groupedLoader(
      (codes: readonly string[]) => findWhereIn(dataSource, VulnerableArea, 'municipalityCode', codes, ['name']),
      (a) => a.municipalityCode,
    ),
    vulnerableAreasByRegion: groupedLoader(
      (codes: readonly string[]) =>
        findWhereIn(dataSource, VulnerableArea, 'regionCode', codes, ['municipalityCode', 'name']),
      (a) => a.regionCode,
    ),
    reportedCrimes: createStatisticLoader(
      dataSource,
      ReportedCrimeStatistic,
      realStatisticSources['reported-crime'].unit,
      suppression.of('reported_crimes'),
    ),
    reportedCrimesSeries: createSeriesLoader(
      dataSource,
      ReportedCrimeStatistic,
      'reportedCrimes',
      realStatisticSources['reported-crime'].unit,
      suppression.of('reported_crimes'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

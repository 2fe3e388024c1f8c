import type { DataSource } from 'typeorm';
import {
  createStatisticLoader,
  entityColumns,
  findWhereIn,
  groupedLoader,
  listLoader,
  preparedReadOf,
  runPreparedRead,
  uniqueLoader,
  type SuppressionThresholds,
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
    vulnerableAreaOfDistrict: uniqueLoader(
      (ids: readonly string[]) => findWhereIn(dataSource, VulnerableArea, 'districtId', ids),
      (a) => a.districtId as string,
    ),
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
      'reported offences',
      suppression.of('reported_crimes'),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

import type { EntityManager } from 'typeorm';
import {
  createMunicipalityNameResolver,
  foldName,
  insertInChunks,
  loadMunicipalities,
  loadPoliceRegions,
  loadUrbanDistricts,
  loadVulnerableAreas,
  AreaFigures,
  areaStatisticRows,
  type SeedOptions,
} from '@samverkan/common';
import {
  CountyPoliceRegion,
  MunicipalityPoliceRegion,
  PoliceAuthority,
  PoliceRegion,
  ReportedCrimeStatistic,
  VulnerableArea,
} from './entities';
import { categoryOf, matchVulnerableArea } from './vulnerability-matching';

/** The year of Polisen's list shipped in the reference data. */
export const vulnerableAreaListYear = 2025;

export async function seed(manager: EntityManager): Promise<void> {
  await manager.insert(PoliceAuthority, {
    id: 'polisen',
    name: 'Polismyndigheten',
    shortName: 'Polisen',
    website: 'https://polisen.se',
    establishedOn: '2015-01-01',
  });

  const regions = loadPoliceRegions();
  await manager.insert(
    PoliceRegion,
    regions.map(({ code, name }) => ({ code, name })),
  );
  const regionByCounty = new Map(regions.flatMap((r) => r.countyCodes.map((county) => [county, r.code])));
  const regionByName = new Map(regions.map((r) => [r.name, r.code]));
  await manager.insert(
    CountyPoliceRegion,
    [...regionByCounty].map(([countyCode, regionCode]) => ({ countyCode, regionCode })),
  );

  const municipalities = loadMunicipalities();
  await manager.insert(
    MunicipalityPoliceRegion,
    municipalities.map((m) => {
      const regionCode = regionByCounty.get(m.countyCode);
      if (!regionCode) throw new Error(`County ${m.countyCode} of ${m.name} is in no police region`);
      return { municipalityCode: m.code, countyCode: m.countyCode, regionCode };
    }),
  );

  const codeOf = createMunicipalityNameResolver(municipalities);
  const districts = loadUrbanDistricts();
  const areas = loadVulnerableAreas().map((record) => {
    const municipalityCode = codeOf(record.municipalityName);
    const regionCode = regionByName.get(record.policeRegionName);
    if (!municipalityCode || !regionCode) {
      throw new Error(`Vulnerable area ${record.name}: unknown municipality or region in the reference data`);
    }
    return {
      id: `${vulnerableAreaListYear}-${municipalityCode}-${foldName(record.name).replace(/ /g, '-')}`,
      municipalityCode,
      name: record.name,
      category: categoryOf(record),
      listYear: vulnerableAreaListYear,
      localPoliceArea: record.localPoliceArea,
      policeArea: record.policeArea,
      regionCode,
      boundaryValidFrom: record.boundaryValidFrom,
      districtId: null as string | null,
    };
  });
  for (const district of districts) {
    const area = matchVulnerableArea(
      district,
      areas.filter((a) => a.municipalityCode === district.municipalityCode),
    );
    if (area) area.districtId = district.id;
  }
  await manager.insert(VulnerableArea, areas);
}

/**
 * Published municipal figures where there are any, synthetic figures
 * modelled on them elsewhere (every district, and the years without one).
 */
export async function seedReportedCrimes(manager: EntityManager, options: SeedOptions): Promise<void> {
  await insertInChunks(
    manager,
    ReportedCrimeStatistic,
    areaStatisticRows(new AreaFigures(options.syntheticSeed), 'reported-crime'),
  );
}

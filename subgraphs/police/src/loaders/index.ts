import { In, type DataSource } from 'typeorm';
import {
  createStatisticLoader,
  groupedLoader,
  listLoader,
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

/** One set per request: each lookup below costs one statement per request, whatever the number of rows. */
export function createLoaders(dataSource: DataSource, suppression: SuppressionThresholds) {
  const areas = dataSource.getRepository(VulnerableArea);
  return {
    authorityById: uniqueLoader(
      (ids: readonly string[]) => dataSource.getRepository(PoliceAuthority).findBy({ id: In([...ids]) }),
      (a) => a.id,
    ),
    regionByCode: uniqueLoader(
      (codes: readonly string[]) => dataSource.getRepository(PoliceRegion).findBy({ code: In([...codes]) }),
      (r) => r.code,
    ),
    // The region comes joined in, so a county's or municipality's region costs one statement.
    regionOfCounty: uniqueLoader(
      (codes: readonly string[]) =>
        dataSource
          .getRepository(CountyPoliceRegion)
          .find({ where: { countyCode: In([...codes]) }, relations: { region: true } }),
      (c) => c.countyCode,
    ),
    regionOfMunicipality: uniqueLoader(
      (codes: readonly string[]) =>
        dataSource
          .getRepository(MunicipalityPoliceRegion)
          .find({ where: { municipalityCode: In([...codes]) }, relations: { region: true } }),
      (m) => m.municipalityCode,
    ),
    allRegions: listLoader(() => dataSource.getRepository(PoliceRegion).find({ order: { code: 'ASC' } })),
    countiesByRegion: groupedLoader(
      (codes: readonly string[]) =>
        dataSource
          .getRepository(CountyPoliceRegion)
          .find({ where: { regionCode: In([...codes]) }, order: { countyCode: 'ASC' } }),
      (c) => c.regionCode,
    ),
    municipalitiesByRegion: groupedLoader(
      (codes: readonly string[]) =>
        dataSource
          .getRepository(MunicipalityPoliceRegion)
          .find({ where: { regionCode: In([...codes]) }, order: { municipalityCode: 'ASC' } }),
      (m) => m.regionCode,
    ),
    vulnerableAreaById: uniqueLoader(
      (ids: readonly string[]) => areas.findBy({ id: In([...ids]) }),
      (a) => a.id,
    ),
    vulnerableAreaOfDistrict: uniqueLoader(
      (ids: readonly string[]) => areas.findBy({ districtId: In([...ids]) }),
      (a) => a.districtId as string,
    ),
    vulnerableAreasByMunicipality: groupedLoader(
      (codes: readonly string[]) => areas.find({ where: { municipalityCode: In([...codes]) }, order: { name: 'ASC' } }),
      (a) => a.municipalityCode,
    ),
    vulnerableAreasByRegion: groupedLoader(
      (codes: readonly string[]) =>
        areas.find({ where: { regionCode: In([...codes]) }, order: { municipalityCode: 'ASC', name: 'ASC' } }),
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

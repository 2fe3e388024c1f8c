import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { repositoryPath } from './repository';

/** The folder of CSV files the product ships; see its README for sources. */
export const referenceDataDir = repositoryPath('common', 'reference-data');

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(referenceDataDir, file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
}

export interface CountyRecord {
  code: string;
  name: string;
  shortName: string;
}

export interface MunicipalityRecord {
  code: string;
  name: string;
  countyCode: string;
}

export interface PoliceRegionRecord {
  code: string;
  name: string;
  countyCodes: string[];
}

export interface AgreementMunicipalityRecord {
  code: string;
  name: string;
  countyCode: string;
  policeRegionName: string;
  inUrban15: boolean;
}

export type DistrictConfidence = 'verified' | 'probable' | 'unverified';

export interface UrbanDistrictRecord {
  id: string;
  municipalityCode: string;
  name: string;
  confidence: DistrictConfidence;
  note: string;
}

export interface VulnerableAreaRecord {
  municipalityName: string;
  name: string;
  category: 'Utsatt område' | 'Särskilt utsatt område';
  localPoliceArea: string;
  policeArea: string;
  policeRegionName: string;
  boundaryValidFrom: string;
}

export function loadCounties(): CountyRecord[] {
  return readCsv('counties.csv').map((row) => ({
    code: row.county_code,
    name: row.county_name,
    shortName: row.county_name_short,
  }));
}

export function loadMunicipalities(): MunicipalityRecord[] {
  return readCsv('municipalities.csv').map((row) => ({
    code: row.municipality_code,
    name: row.name,
    countyCode: row.county_code,
  }));
}

export function loadPoliceRegions(): PoliceRegionRecord[] {
  return readCsv('police-regions.csv').map((row) => ({
    code: row.region_code,
    name: row.region,
    countyCodes: row.county_codes.split(';'),
  }));
}

export function loadAgreementMunicipalities(): AgreementMunicipalityRecord[] {
  return readCsv('lua-2008-municipalities.csv').map((row) => ({
    code: row.municipality_code,
    name: row.name,
    countyCode: row.county_code,
    policeRegionName: row.police_region_since_2015,
    inUrban15: row.in_urban15_2012_2014 === 'yes',
  }));
}

export function loadUrbanDistricts(): UrbanDistrictRecord[] {
  return readCsv('lua-districts.csv').map((row) => ({
    id: urbanDistrictId(row.municipality_code, row.district),
    municipalityCode: row.municipality_code,
    name: row.district,
    confidence: row.confidence as DistrictConfidence,
    note: row.note,
  }));
}

export function loadVulnerableAreas(): VulnerableAreaRecord[] {
  return readCsv('police-vulnerable-areas-2025.csv').map((row) => ({
    municipalityName: row.municipality,
    name: row.area,
    category: row.category as VulnerableAreaRecord['category'],
    localPoliceArea: row.local_police_area,
    policeArea: row.police_area,
    policeRegionName: row.police_region,
    boundaryValidFrom: row.boundary_valid_from,
  }));
}

/** Folds a Swedish name to lower-case ASCII words for comparison and ids. */
export function foldName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The stable key of an urban district across every subgraph: the
 * municipality code and the folded district name, e.g. `0180-rinkeby`.
 */
export function urbanDistrictId(municipalityCode: string, districtName: string): string {
  return `${municipalityCode}-${foldName(districtName).replace(/ /g, '-')}`;
}

/**
 * Misspellings met in real source documents. The 2008 decision's
 * distribution list writes Haninge as "Häringe".
 */
const municipalityNameAliases: Record<string, string> = {
  haringe: '0136',
};

/**
 * Resolves a municipality name as source documents write it ("Göteborgs
 * kommun", "Malmö stad", "Häringe") to its SCB code, or undefined. Names are
 * matched against the SCB list, never trusted as keys themselves.
 */
export function createMunicipalityNameResolver(
  municipalities: readonly MunicipalityRecord[],
): (name: string) => string | undefined {
  const byName = new Map(municipalities.map((m) => [foldName(m.name), m.code]));
  return (name: string) => {
    const folded = foldName(name).replace(/ (kommun|stad)$/, '');
    const candidates = [folded, folded.replace(/s$/, '')];
    for (const candidate of candidates) {
      const code = byName.get(candidate) ?? municipalityNameAliases[candidate];
      if (code) return code;
    }
    return undefined;
  };
}

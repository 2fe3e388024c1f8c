import {
  createMunicipalityNameResolver,
  loadAgreementMunicipalities,
  loadCounties,
  loadMunicipalities,
  loadPoliceRegions,
  loadUrbanDistricts,
  loadVulnerableAreas,
  urbanDistrictId,
} from '../reference-data';

describe('reference data shipped with the product', () => {
  const municipalities = loadMunicipalities();

  it('holds every municipality and county, codes as strings with their leading zeros', () => {
    expect(municipalities).toHaveLength(290);
    expect(loadCounties()).toHaveLength(21);
    expect(municipalities.find((m) => m.code === '0180')).toEqual({
      code: '0180',
      name: 'Stockholm',
      countyCode: '01',
    });
    for (const m of municipalities) expect(m.code).toMatch(/^\d{4}$/);
  });

  it('places every county in exactly one of the seven police regions', () => {
    const regions = loadPoliceRegions();
    expect(regions).toHaveLength(7);
    const counties = regions.flatMap((r) => r.countyCodes).sort();
    expect(counties).toEqual(
      loadCounties()
        .map((c) => c.code)
        .sort(),
    );
  });

  it('holds the 21 agreement municipalities and their 38 districts, with unique ids', () => {
    expect(loadAgreementMunicipalities()).toHaveLength(21);
    const districts = loadUrbanDistricts();
    expect(districts).toHaveLength(38);
    expect(new Set(districts.map((d) => d.id)).size).toBe(38);
    const agreementCodes = new Set(loadAgreementMunicipalities().map((m) => m.code));
    for (const d of districts) expect(agreementCodes.has(d.municipalityCode)).toBe(true);
  });

  it('makes district ids from the municipality code and the folded name', () => {
    expect(urbanDistrictId('1280', 'Södra Sofielund/Seved')).toBe('1280-sodra-sofielund-seved');
    expect(urbanDistrictId('0127', 'Hallunda-Norsborg')).toBe('0127-hallunda-norsborg');
    expect(urbanDistrictId('0181', 'Hovsjö')).toBe('0181-hovsjo');
  });

  it('holds the 48 areas of the 2025 vulnerable-area list', () => {
    expect(loadVulnerableAreas()).toHaveLength(48);
  });

  it('resolves municipality names as the 2008 decision writes them, typos included', () => {
    const codeOf = createMunicipalityNameResolver(municipalities);
    // The decision's distribution list ("Likalydande till"), verbatim.
    const distributionList = [
      'Botkyrka kommun',
      'Gävle kommun',
      'Göteborgs kommun',
      'Halmstads kommun',
      'Häringe kommun',
      'Huddinge kommun',
      'Jönköpings kommun',
      'Kristianstads kommun',
      'Landskrona kommun',
      'Linköpings kommun',
      'Luleå kommun',
      'Malmö kommun',
      'Nacka kommun',
      'Norrköpings kommun',
      'Stockholms kommun',
      'Sundsvalls kommun',
      'Södertälje kommun',
      'Trollhättans kommun',
      'Uppsala kommun',
      'Växjö kommun',
    ];
    const codes = distributionList.map(codeOf);
    expect(codes).not.toContain(undefined);
    expect(codeOf('Häringe kommun')).toBe('0136');
    expect(codeOf('Borås kommun')).toBe('1490');
    expect(codeOf('Malmö stad')).toBe('1280');
    expect(codeOf('Tyresö')).toBe('0138');
    expect(codeOf('Atlantis kommun')).toBeUndefined();
    const agreementCodes = new Set(loadAgreementMunicipalities().map((m) => m.code));
    for (const code of codes) expect(agreementCodes.has(code!)).toBe(true);
  });
});

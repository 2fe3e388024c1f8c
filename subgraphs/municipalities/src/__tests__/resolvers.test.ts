import { anonymousCaller } from '@samverkan/common';
import type { MunicipalitiesContext } from '../context';
import { resolvers } from '../resolvers';

/** Resolvers map GraphQL fields onto loader keys; the loaders here record what they are asked. */
function contextRecording(calls: string[]): MunicipalitiesContext {
  const loader = (name: string) => ({
    load: async (key: unknown) => {
      calls.push(`${name}:${JSON.stringify(key)}`);
      return null;
    },
  });
  return {
    dataSource: undefined as never,
    caller: anonymousCaller,
    loaders: {
      municipalityByCode: loader('municipalityByCode'),
      countyByCode: loader('countyByCode'),
      districtById: loader('districtById'),
      districtsByMunicipality: loader('districtsByMunicipality'),
      municipalitiesByCounty: loader('municipalitiesByCounty'),
      population: loader('population'),
    } as unknown as MunicipalitiesContext['loaders'],
  };
}

describe('municipalities resolvers', () => {
  const district = {
    id: '0180-rinkeby',
    municipalityCode: '0180',
    name: 'Rinkeby',
    confidence: 'verified' as const,
    confidenceNote: 'URBAN 15',
  };

  it('serves the reference data’s confidence as the API enum', () => {
    expect(resolvers.UrbanDistrict.confidence(district)).toBe('VERIFIED');
    expect(resolvers.UrbanDistrict.confidence({ ...district, confidence: 'unverified' })).toBe('UNVERIFIED');
  });

  it('resolves references and relations through the loaders, never the database directly', async () => {
    const calls: string[] = [];
    const context = contextRecording(calls);
    await resolvers.Municipality.__resolveReference({ __typename: 'Municipality', code: '0136' }, context);
    await resolvers.Municipality.county({ code: '0136', name: 'Haninge', countyCode: '01' }, {}, context);
    await resolvers.UrbanDistrict.municipality(district, {}, context);
    await resolvers.UrbanDistrict.population(district, { year: 2009 }, context);
    expect(calls).toEqual([
      'municipalityByCode:"0136"',
      'countyByCode:"01"',
      'municipalityByCode:"0180"',
      'population:{"areaKind":"district","areaId":"0180-rinkeby","year":2009}',
    ]);
  });

  it('refuses a malformed code before any lookup', () => {
    const calls: string[] = [];
    expect(() => resolvers.Query.municipality({}, { code: '180' }, contextRecording(calls))).toThrow(
      /four-digit SCB municipality code/,
    );
    expect(calls).toEqual([]);
  });
});

import type { ArbetsformedlingenContext } from '../context';
import { resolvers } from '../resolvers';

describe('arbetsformedlingen resolvers', () => {
  it('asks the unemployment loader for the area kind, id and year of the field', async () => {
    const keys: unknown[] = [];
    const context = {
      dataSource: undefined as never,
      loaders: { unemployment: { load: async (key: unknown) => (keys.push(key), null) } },
    } as unknown as ArbetsformedlingenContext;
    await resolvers.Municipality.unemployment({ code: '1280' }, { year: 2010 }, context);
    await resolvers.UrbanDistrict.unemployment({ id: '1280-rosengard' }, { year: 2008 }, context);
    expect(keys).toEqual([
      { areaKind: 'municipality', areaId: '1280', year: 2010 },
      { areaKind: 'district', areaId: '1280-rosengard', year: 2008 },
    ]);
  });

  it('points an office at its municipality by key, for the municipalities subgraph to resolve', () => {
    const office = { id: 'af-1280', name: 'Arbetsförmedlingen Malmö', municipalityCode: '1280', synthetic: true };
    expect(resolvers.EmploymentOffice.municipality(office)).toEqual({ code: '1280' });
    expect(resolvers.Authority.__resolveType()).toBe('Arbetsformedlingen');
  });
});

import type { ForsakringskassanContext } from '../context';
import { resolvers } from '../resolvers';

describe('forsakringskassan resolvers', () => {
  it('refuses a malformed municipality filter before querying', () => {
    const context = { dataSource: undefined as never, loaders: {} } as unknown as ForsakringskassanContext;
    expect(() => resolvers.Query.serviceOffices({}, { municipalityCode: 'Malmö' }, context)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'municipalityCode' } }),
    );
  });

  it('reads ohälsotal for a district under its district id and year', async () => {
    const keys: unknown[] = [];
    const context = {
      dataSource: undefined as never,
      loaders: { sicknessIndex: { load: async (key: unknown) => (keys.push(key), null) } },
    } as unknown as ForsakringskassanContext;
    await resolvers.UrbanDistrict.sicknessIndex({ id: '0181-ronna' }, { year: 2012 }, context);
    expect(keys).toEqual([{ areaKind: 'district', areaId: '0181-ronna', year: 2012 }]);
    expect(resolvers.Authority.__resolveType()).toBe('Forsakringskassan');
  });
});

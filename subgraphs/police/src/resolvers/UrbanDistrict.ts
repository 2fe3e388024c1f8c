import type { YearRange } from '@samverkan/common';
import type { PoliceContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  reportedCrimesSeries: ({ id }: { id: string }, range: YearRange, { loaders }: PoliceContext) =>
    loaders.reportedCrimesSeries.load({ areaKind: 'district', areaId: id }, range),
  vulnerability: async ({ id }: { id: string }, _: unknown, { loaders }: PoliceContext) => {
    const { area } = await loaders.districtFacts.load({ districtId: id });
    return area ? { category: area.category, listYear: area.listYear, area } : null;
  },
  reportedCrimes: async ({ id }: { id: string }, { year }: { year: number }, { loaders }: PoliceContext) =>
    (await loaders.districtFacts.load({ districtId: id, year })).reportedCrimes,
};

import type { UrbanDistrictResolvers } from '../generated/resolvers-types';

export const UrbanDistrict = {
  __resolveReference: ({ id }) => ({ id }),
  reportedCrimesSeries: ({ id }, range, { loaders }) =>
    loaders.reportedCrimesSeries.load({ areaKind: 'district', areaId: id }, range),
  vulnerability: async ({ id }, _, { loaders }) => {
    const { area } = await loaders.districtFacts.load({ districtId: id });
    return area ? { category: area.category, listYear: area.listYear, area } : null;
  },
  reportedCrimes: async ({ id }, { year }, { loaders }) =>
    (await loaders.districtFacts.load({ districtId: id, year })).reportedCrimes,
} satisfies UrbanDistrictResolvers;

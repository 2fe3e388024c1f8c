import type { UrbanDistrictResolvers } from '../generated/resolvers-types';

export const UrbanDistrict = {
  __resolveReference: ({ id }) => ({ id }),
  sicknessIndexSeries: ({ id }, range, { loaders }) =>
    loaders.sicknessIndexSeries.load({ areaKind: 'district', areaId: id }, range),
  sicknessIndex: ({ id }, { year }, { loaders }) =>
    loaders.sicknessIndex.load({ areaKind: 'district', areaId: id, year }),
} satisfies UrbanDistrictResolvers;

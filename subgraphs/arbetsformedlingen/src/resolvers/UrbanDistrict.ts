import type { UrbanDistrictResolvers } from '../generated/resolvers-types';
import { loadBreakdownSeries } from '../loaders/youth-in-programmes';

export const UrbanDistrict = {
  __resolveReference: ({ id }) => ({ id }),
  unemploymentSeries: ({ id }, range, { loaders }) =>
    loaders.unemploymentSeries.load({ areaKind: 'district', areaId: id }, range),
  unemployment: ({ id }, { year }, { loaders }) =>
    loaders.unemployment.load({ areaKind: 'district', areaId: id, year }),
  youthInProgrammes: ({ id }, { year }, { loaders }) =>
    loaders.youthInProgrammes.load({ areaKind: 'district', areaId: id, year }),
  youthInProgrammesSeries: ({ id }, range, { loaders }) =>
    loadBreakdownSeries(loaders.youthInProgrammes, { areaKind: 'district', areaId: id }, range),
} satisfies UrbanDistrictResolvers;

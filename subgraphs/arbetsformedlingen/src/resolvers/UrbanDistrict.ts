import type { YearRange } from '@samverkan/common';
import type { ArbetsformedlingenContext } from '../context';
import { loadBreakdownSeries } from '../loaders/youth-in-programmes';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  unemploymentSeries: ({ id }: { id: string }, range: YearRange, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemploymentSeries.load({ areaKind: 'district', areaId: id }, range),
  unemployment: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemployment.load({ areaKind: 'district', areaId: id, year }),
  youthInProgrammes: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.youthInProgrammes.load({ areaKind: 'district', areaId: id, year }),
  youthInProgrammesSeries: ({ id }: { id: string }, range: YearRange, { loaders }: ArbetsformedlingenContext) =>
    loadBreakdownSeries(loaders.youthInProgrammes, { areaKind: 'district', areaId: id }, range),
};

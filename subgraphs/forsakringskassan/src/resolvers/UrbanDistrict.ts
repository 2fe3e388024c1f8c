import type { YearRange } from '@samverkan/common';
import type { ForsakringskassanContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  sicknessIndexSeries: ({ id }: { id: string }, range: YearRange, { loaders }: ForsakringskassanContext) =>
    loaders.sicknessIndexSeries.load({ areaKind: 'district', areaId: id }, range),
  sicknessIndex: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ForsakringskassanContext) =>
    loaders.sicknessIndex.load({ areaKind: 'district', areaId: id, year }),
};

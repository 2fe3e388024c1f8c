import type { ForsakringskassanContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  sicknessIndex: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ForsakringskassanContext) =>
    loaders.sicknessIndex.load({ areaKind: 'district', areaId: id, year }),
};

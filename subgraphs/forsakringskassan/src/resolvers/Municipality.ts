import type { YearRange } from '@samverkan/common';
import type { ForsakringskassanContext } from '../context';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  sicknessIndexSeries: ({ code }: { code: string }, range: YearRange, { loaders }: ForsakringskassanContext) =>
    loaders.sicknessIndexSeries.load({ areaKind: 'municipality', areaId: code }, range),
  sicknessIndex: ({ code }: { code: string }, { year }: { year: number }, { loaders }: ForsakringskassanContext) =>
    loaders.sicknessIndex.load({ areaKind: 'municipality', areaId: code, year }),
  serviceOffices: ({ code }: { code: string }, _: unknown, { loaders }: ForsakringskassanContext) =>
    loaders.officesByMunicipality.load(code),
};

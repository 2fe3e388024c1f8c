import type { YearRange } from '@samverkan/common';
import type { ArbetsformedlingenContext } from '../context';
import { loadBreakdownSeries } from '../loaders/youth-in-programmes';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  unemploymentSeries: ({ code }: { code: string }, range: YearRange, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemploymentSeries.load({ areaKind: 'municipality', areaId: code }, range),
  unemployment: ({ code }: { code: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemployment.load({ areaKind: 'municipality', areaId: code, year }),
  youthInProgrammes: ({ code }: { code: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.youthInProgrammes.load({ areaKind: 'municipality', areaId: code, year }),
  youthInProgrammesSeries: ({ code }: { code: string }, range: YearRange, { loaders }: ArbetsformedlingenContext) =>
    loadBreakdownSeries(loaders.youthInProgrammes, { areaKind: 'municipality', areaId: code }, range),
  employmentOffices: ({ code }: { code: string }, _: unknown, { loaders }: ArbetsformedlingenContext) =>
    loaders.officesByMunicipality.load(code),
};

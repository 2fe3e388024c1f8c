import type { YearRange } from '@samverkan/common';
import type { PoliceContext } from '../context';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  reportedCrimesSeries: ({ code }: { code: string }, range: YearRange, { loaders }: PoliceContext) =>
    loaders.reportedCrimesSeries.load({ areaKind: 'municipality', areaId: code }, range),
  policeRegion: async ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) =>
    (await loaders.regionOfMunicipality.load(code))?.region ?? null,
  reportedCrimes: ({ code }: { code: string }, { year }: { year: number }, { loaders }: PoliceContext) =>
    loaders.reportedCrimes.load({ areaKind: 'municipality', areaId: code, year }),
  vulnerableAreas: ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) =>
    loaders.vulnerableAreasByMunicipality.load(code),
};

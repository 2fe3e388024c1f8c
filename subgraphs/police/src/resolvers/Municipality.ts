import type { PoliceContext } from '../context';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  policeRegion: async ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) => {
    const link = await loaders.regionOfMunicipality.load(code);
    return link ? loaders.regionByCode.load(link.regionCode) : null;
  },
  reportedCrimes: ({ code }: { code: string }, { year }: { year: number }, { loaders }: PoliceContext) =>
    loaders.reportedCrimes.load({ areaKind: 'municipality', areaId: code, year }),
  vulnerableAreas: ({ code }: { code: string }, _: unknown, { loaders }: PoliceContext) =>
    loaders.vulnerableAreasByMunicipality.load(code),
};

import type { ArbetsformedlingenContext } from '../context';

export const Municipality = {
  __resolveReference: ({ code }: { code: string }) => ({ code }),
  unemployment: ({ code }: { code: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemployment.load({ areaKind: 'municipality', areaId: code, year }),
  youthInProgrammes: ({ code }: { code: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.youthInProgrammes.load({ areaKind: 'municipality', areaId: code, year }),
  employmentOffices: ({ code }: { code: string }, _: unknown, { loaders }: ArbetsformedlingenContext) =>
    loaders.officesByMunicipality.load(code),
};

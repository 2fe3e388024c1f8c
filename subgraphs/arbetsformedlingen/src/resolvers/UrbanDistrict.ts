import type { ArbetsformedlingenContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  unemployment: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.unemployment.load({ areaKind: 'district', areaId: id, year }),
  youthInProgrammes: ({ id }: { id: string }, { year }: { year: number }, { loaders }: ArbetsformedlingenContext) =>
    loaders.youthInProgrammes.load({ areaKind: 'district', areaId: id, year }),
};

import type { PoliceContext } from '../context';

export const UrbanDistrict = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  vulnerability: async ({ id }: { id: string }, _: unknown, { loaders }: PoliceContext) => {
    const area = await loaders.vulnerableAreaOfDistrict.load(id);
    return area ? { category: area.category, listYear: area.listYear, area } : null;
  },
  reportedCrimes: ({ id }: { id: string }, { year }: { year: number }, { loaders }: PoliceContext) =>
    loaders.reportedCrimes.load({ areaKind: 'district', areaId: id, year }),
};

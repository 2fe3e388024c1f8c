import type { PoliceContext } from '../context';
import type { PoliceRegion as PoliceRegionRow } from '../entities';

export const PoliceRegion = {
  __resolveReference: ({ code }: { code: string }, { loaders }: PoliceContext) => loaders.regionByCode.load(code),
  counties: async (region: PoliceRegionRow, _: unknown, { loaders }: PoliceContext) =>
    (await loaders.countiesByRegion.load(region.code)).map((c) => ({ code: c.countyCode })),
  municipalities: async (region: PoliceRegionRow, _: unknown, { loaders }: PoliceContext) =>
    (await loaders.municipalitiesByRegion.load(region.code)).map((m) => ({ code: m.municipalityCode })),
  vulnerableAreas: (region: PoliceRegionRow, _: unknown, { loaders }: PoliceContext) =>
    loaders.vulnerableAreasByRegion.load(region.code),
};

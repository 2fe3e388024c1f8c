import { keyFormats, requireKeyFormat } from '@samverkan/common';
import type { PoliceContext } from '../context';
import { PoliceRegion, VulnerableArea, type VulnerabilityCategory } from '../entities';

export const policeAuthorityId = 'polisen';

export const Query = {
  police: async (_: unknown, __: unknown, { loaders }: PoliceContext) => {
    const authority = await loaders.authorityById.load(policeAuthorityId);
    if (!authority) throw new Error('The police authority is missing from the database; has the seed run?');
    return authority;
  },
  policeRegions: (_: unknown, __: unknown, { dataSource }: PoliceContext) =>
    dataSource.getRepository(PoliceRegion).find({ order: { code: 'ASC' } }),
  policeRegion: (_: unknown, { code }: { code: string }, { loaders }: PoliceContext) => {
    requireKeyFormat('code', code, keyFormats.policeRegionCode);
    return loaders.regionByCode.load(code);
  },
  vulnerableAreas: (
    _: unknown,
    args: { municipalityCode?: string | null; regionCode?: string | null; category?: VulnerabilityCategory | null },
    { dataSource }: PoliceContext,
  ) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    requireKeyFormat('regionCode', args.regionCode, keyFormats.policeRegionCode);
    return dataSource.getRepository(VulnerableArea).find({
      where: {
        ...(args.municipalityCode ? { municipalityCode: args.municipalityCode } : {}),
        ...(args.regionCode ? { regionCode: args.regionCode } : {}),
        ...(args.category ? { category: args.category } : {}),
      },
      order: { municipalityCode: 'ASC', name: 'ASC' },
    });
  },
};

import { keyFormats, requireKeyFormat } from '@samverkan/common';
import type { QueryResolvers } from '../generated/resolvers-types';
import { PoliceRegion, VulnerableArea } from '../entities';

export const policeAuthorityId = 'polisen';

export const Query = {
  police: async (_, __, { loaders }) => {
    const authority = await loaders.authorityById.load(policeAuthorityId);
    if (!authority) throw new Error('The police authority is missing from the database; has the seed run?');
    return authority;
  },
  policeRegions: (_, __, { dataSource }) => dataSource.getRepository(PoliceRegion).find({ order: { code: 'ASC' } }),
  policeRegion: (_, { code }, { loaders }) => {
    requireKeyFormat('code', code, keyFormats.policeRegionCode);
    return loaders.regionByCode.load(code);
  },
  vulnerableAreas: (_, args, { dataSource }) => {
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
} satisfies QueryResolvers;

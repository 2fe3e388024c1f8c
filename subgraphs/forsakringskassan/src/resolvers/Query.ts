import { keyFormats, requireKeyFormat } from '@samverkan/common';
import type { QueryResolvers } from '../generated/resolvers-types';
import { ServiceOffice } from '../entities';

export const forsakringskassanId = 'forsakringskassan';

export const Query = {
  forsakringskassan: async (_, __, { loaders }) => {
    const authority = await loaders.authorityById.load(forsakringskassanId);
    if (!authority) throw new Error('Försäkringskassan is missing from the database; has the seed run?');
    return authority;
  },
  serviceOffices: (_, args, { dataSource }) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    return dataSource.getRepository(ServiceOffice).find({
      where: args.municipalityCode ? { municipalityCode: args.municipalityCode } : {},
      order: { municipalityCode: 'ASC', name: 'ASC' },
    });
  },
} satisfies QueryResolvers;

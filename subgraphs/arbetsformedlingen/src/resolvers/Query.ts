import { keyFormats, requireKeyFormat } from '@samverkan/common';
import type { QueryResolvers } from '../generated/resolvers-types';
import { EmploymentOffice } from '../entities';

export const arbetsformedlingenId = 'arbetsformedlingen';

export const Query = {
  arbetsformedlingen: async (_, __, { loaders }) => {
    const authority = await loaders.authorityById.load(arbetsformedlingenId);
    if (!authority) throw new Error('Arbetsförmedlingen is missing from the database; has the seed run?');
    return authority;
  },
  employmentOffices: (_, args, { dataSource }) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    return dataSource.getRepository(EmploymentOffice).find({
      where: args.municipalityCode ? { municipalityCode: args.municipalityCode } : {},
      order: { municipalityCode: 'ASC', name: 'ASC' },
    });
  },
} satisfies QueryResolvers;

import { keyFormats, requireKeyFormat } from '@samverkan/common';
import type { ArbetsformedlingenContext } from '../context';
import { EmploymentOffice } from '../entities';

export const arbetsformedlingenId = 'arbetsformedlingen';

export const Query = {
  arbetsformedlingen: async (_: unknown, __: unknown, { loaders }: ArbetsformedlingenContext) => {
    const authority = await loaders.authorityById.load(arbetsformedlingenId);
    if (!authority) throw new Error('Arbetsförmedlingen is missing from the database; has the seed run?');
    return authority;
  },
  employmentOffices: (
    _: unknown,
    args: { municipalityCode?: string | null },
    { dataSource }: ArbetsformedlingenContext,
  ) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    return dataSource.getRepository(EmploymentOffice).find({
      where: args.municipalityCode ? { municipalityCode: args.municipalityCode } : {},
      order: { municipalityCode: 'ASC', name: 'ASC' },
    });
  },
};

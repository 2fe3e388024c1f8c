import { badUserInput, keyFormats, requireKeyFormat } from '@samverkan/common';
import type { AgreementsContext } from '../context';
import { authorityPartnerTypes, GovernmentDecision, LocalDevelopmentAgreement, Partnership } from '../entities';

export const Query = {
  agreements: (
    _: unknown,
    args: { municipalityCode?: string | null; activeInYear?: number | null },
    { dataSource }: AgreementsContext,
  ) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    const query = dataSource.getRepository(LocalDevelopmentAgreement).createQueryBuilder('a');
    if (args.municipalityCode) query.andWhere('a.municipality_code = :code', { code: args.municipalityCode });
    if (args.activeInYear !== null && args.activeInYear !== undefined) {
      if (args.activeInYear < 1900 || args.activeInYear > 2100) {
        throw badUserInput('activeInYear', 'expected a year between 1900 and 2100.');
      }
      query.andWhere('EXTRACT(YEAR FROM a.period_start) <= :year AND EXTRACT(YEAR FROM a.period_end) >= :year', {
        year: args.activeInYear,
      });
    }
    return query.orderBy('a.municipality_code').addOrderBy('a.period_start').getMany();
  },
  agreement: (_: unknown, { id }: { id: string }, { loaders }: AgreementsContext) => {
    requireKeyFormat('id', id, keyFormats.slug);
    return loaders.agreementById.load(id);
  },
  authorities: async (_: unknown, __: unknown, { dataSource }: AgreementsContext) => {
    const rows: { partner_type: string; partner_id: string }[] = await dataSource
      .getRepository(Partnership)
      .createQueryBuilder('p')
      .select(['p.partner_type AS partner_type', 'p.partner_id AS partner_id'])
      .distinct(true)
      .where('p.partner_type IN (:...types)', { types: authorityPartnerTypes })
      .orderBy('p.partner_type')
      .getRawMany();
    return rows.map((row) => ({ __typename: row.partner_type, id: row.partner_id }));
  },
  viewer: (_: unknown, __: unknown, { caller }: AgreementsContext) => caller,
  governmentDecisions: (_: unknown, __: unknown, { dataSource }: AgreementsContext) =>
    dataSource.getRepository(GovernmentDecision).find({ order: { decidedOn: 'ASC' } }),
};

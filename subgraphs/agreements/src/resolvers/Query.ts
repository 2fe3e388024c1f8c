import {
  badUserInput,
  entityStatement,
  keyFormats,
  preparedRead,
  requireKeyFormat,
  runPreparedRead,
} from '@samverkan/common';
import type { AgreementsContext } from '../context';
import { authorityPartnerTypes, GovernmentDecision, LocalDevelopmentAgreement } from '../entities';

/** Every authority that is a partner in some agreement, by type. */
const authoritiesRead = preparedRead(
  'SELECT DISTINCT partner_type, partner_id FROM partnership WHERE partner_type = ANY($1) ORDER BY partner_type',
);

export const Query = {
  // The dashboards' main list: a prepared statement for each combination of filters given.
  agreements: (
    _: unknown,
    args: { municipalityCode?: string | null; activeInYear?: number | null },
    { dataSource }: AgreementsContext,
  ) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    const filters: string[] = [];
    const values: unknown[] = [];
    if (args.municipalityCode) {
      values.push(args.municipalityCode);
      filters.push(`t.municipality_code = $${values.length}`);
    }
    if (args.activeInYear !== null && args.activeInYear !== undefined) {
      if (args.activeInYear < 1900 || args.activeInYear > 2100) {
        throw badUserInput('activeInYear', 'expected a year between 1900 and 2100.');
      }
      values.push(args.activeInYear);
      const year = `$${values.length}`;
      filters.push(`EXTRACT(YEAR FROM t.period_start) <= ${year} AND EXTRACT(YEAR FROM t.period_end) >= ${year}`);
    }
    const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
    const statement = entityStatement(
      dataSource,
      LocalDevelopmentAgreement,
      `list${where}`,
      (table) => `SELECT ${table.columns} FROM ${table.name} t${where} ORDER BY t.municipality_code, t.period_start`,
    );
    return runPreparedRead<LocalDevelopmentAgreement>(dataSource, statement, values);
  },
  agreement: (_: unknown, { id }: { id: string }, { loaders }: AgreementsContext) => {
    requireKeyFormat('id', id, keyFormats.slug);
    return loaders.agreementById.load(id);
  },
  authorities: async (_: unknown, __: unknown, { dataSource }: AgreementsContext) => {
    const rows = await runPreparedRead<{ partner_type: string; partner_id: string }>(dataSource, authoritiesRead, [
      authorityPartnerTypes,
    ]);
    return rows.map((row) => ({ __typename: row.partner_type, id: row.partner_id }));
  },
  viewer: (_: unknown, __: unknown, { caller }: AgreementsContext) => caller,
  governmentDecisions: (_: unknown, __: unknown, { dataSource }: AgreementsContext) =>
    dataSource.getRepository(GovernmentDecision).find({ order: { decidedOn: 'ASC' } }),
};

import {
  badUserInput,
  entityStatement,
  keyFormats,
  preparedRead,
  requireKeyFormat,
  runPreparedRead,
} from '@samverkan/common';
import { authorityPartnerTypes, authorityTypeById, GovernmentDecision, LocalDevelopmentAgreement } from '../entities';
import type { QueryResolvers, ResolversParentTypes } from '../generated/resolvers-types';
import { committedBudgets, openObstacles, quarterlySummary, reportsDue } from '../reads/follow-up';

/** Every authority that is a partner in some agreement, by type. */
const authoritiesRead = preparedRead(
  'SELECT DISTINCT partner_type, partner_id FROM partnership WHERE partner_type = ANY($1) ORDER BY partner_type',
);

export const Query = {
  // The dashboards' main list: one prepared statement for each combination of filters given.
  agreements: (_, args, { dataSource }) => {
    requireKeyFormat('municipalityCode', args.municipalityCode, keyFormats.municipalityCode);
    requireKeyFormat('countyCode', args.countyCode, keyFormats.countyCode);
    requireKeyFormat('policeRegionCode', args.policeRegionCode, keyFormats.policeRegionCode);
    const filters: string[] = [];
    const values: unknown[] = [];
    const where = (condition: (parameter: string) => string, value: unknown) => {
      values.push(value);
      filters.push(condition(`$${values.length}`));
    };
    if (args.municipalityCode) where((p) => `t.municipality_code = ${p}`, args.municipalityCode);
    // Where a municipality lies is this subgraph's own copy of the reference data: no other partner is asked.
    if (args.countyCode) where((p) => `l.county_code = ${p}`, args.countyCode);
    if (args.policeRegionCode) where((p) => `l.police_region_code = ${p}`, args.policeRegionCode);
    if (args.focusArea) where((p) => `${p} = ANY(t.focus_areas)`, args.focusArea);
    if (args.activeInYear !== null && args.activeInYear !== undefined) {
      if (args.activeInYear < 1900 || args.activeInYear > 2100) {
        throw badUserInput('activeInYear', 'expected a year between 1900 and 2100.');
      }
      where(
        (year) => `EXTRACT(YEAR FROM t.period_start) <= ${year} AND EXTRACT(YEAR FROM t.period_end) >= ${year}`,
        args.activeInYear,
      );
    }
    const located = args.countyCode || args.policeRegionCode;
    const join = located ? ' JOIN municipality_location l ON l.municipality_code = t.municipality_code' : '';
    const conditions = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
    const statement = entityStatement(
      dataSource,
      LocalDevelopmentAgreement,
      `list${join}${conditions}`,
      (table) =>
        `SELECT ${table.columns} FROM ${table.name} t${join}${conditions} ORDER BY t.municipality_code, t.period_start`,
    );
    return runPreparedRead<LocalDevelopmentAgreement>(dataSource, statement, values);
  },
  agreement: (_, { id }, { loaders }) => {
    requireKeyFormat('id', id, keyFormats.slug);
    return loaders.agreementById.load(id);
  },
  authorities: async (_, __, { dataSource }) => {
    // The statement selects authorities only, so each row's type is one of theirs.
    type AuthorityType = ResolversParentTypes['Authority']['__typename'];
    const rows = await runPreparedRead<{ partner_type: AuthorityType; partner_id: string }>(
      dataSource,
      authoritiesRead,
      [authorityPartnerTypes],
    );
    return rows.map((row) => ({ __typename: row.partner_type, id: row.partner_id }));
  },
  viewer: (_, __, { caller }) => caller,
  governmentDecisions: (_, __, { dataSource }) =>
    dataSource.getRepository(GovernmentDecision).find({ order: { decidedOn: 'ASC' } }),
  reportsDue: (_, { asOf }, { dataSource }) => reportsDue(dataSource, asOf),
  openObstacles: (_, { authorityId, agreementId }, { dataSource }) => {
    if (authorityId && !(authorityId in authorityTypeById)) {
      throw badUserInput('authorityId', 'expected polisen, arbetsformedlingen or forsakringskassan.');
    }
    requireKeyFormat('agreementId', agreementId, keyFormats.slug);
    return openObstacles(dataSource, authorityId, agreementId);
  },
  committedBudgets: (_, { agreementId }, { dataSource }) => {
    requireKeyFormat('agreementId', agreementId, keyFormats.slug);
    return committedBudgets(dataSource, agreementId);
  },
  quarterlySummary: (_, { year, quarter }, { dataSource }) => quarterlySummary(dataSource, year, quarter),
} satisfies QueryResolvers;

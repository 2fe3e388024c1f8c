import { badUserInput } from '@samverkan/common';
import { Between, type DataSource } from 'typeorm';
import { authorityPartnerTypes, ChangeRecord, Obstacle, type PartnerType } from '../entities';
import { isCalendarDate } from '../writes/input';

/**
 * The follow-up dashboard's reads across agreements: reports not in,
 * obstacles not resolved, what partners committed, what changed in a
 * quarter. Coordinators' data (the schema marks them so); each is one or two
 * statements whatever the number of agreements.
 */

export interface DueReportRow {
  agreementId: string;
  year: number;
  drafted: boolean;
  asOf: string;
}

export interface PartnerBudgetRow {
  agreementId: string;
  partnerType: PartnerType;
  partnerId: string;
  committedBudgetSek: number;
  coFinancingSek: number;
  commitments: number;
}

function isoDate(argument: string, value: string): string {
  if (!isCalendarDate(value)) throw badUserInput(argument, 'expected a date as YYYY-MM-DD, e.g. 2010-11-01.');
  return value;
}

export async function reportsDue(dataSource: DataSource, asOf: string): Promise<DueReportRow[]> {
  const date = isoDate('asOf', asOf);
  const rows = (await dataSource.query(
    'SELECT a.id AS "agreementId", y.year, r.agreement_id IS NOT NULL AS drafted ' +
      'FROM local_development_agreement a ' +
      'CROSS JOIN LATERAL generate_series(EXTRACT(YEAR FROM a.period_start)::int, EXTRACT(YEAR FROM a.period_end)::int) AS y(year) ' +
      'LEFT JOIN follow_up_report r ON r.agreement_id = a.id AND r.year = y.year ' +
      'WHERE make_date(y.year, 1, 1) <= $1::date ' +
      "AND (r.status IS DISTINCT FROM 'SUBMITTED' OR r.submitted_on > $1::date) " +
      'ORDER BY y.year, a.municipality_code, a.id',
    [date],
  )) as { agreementId: string; year: number; drafted: boolean }[];
  return rows.map((row) => ({ ...row, asOf: date }));
}

export async function openObstacles(
  dataSource: DataSource,
  authorityId: string | null | undefined,
  agreementId: string | null | undefined,
): Promise<Obstacle[]> {
  const query = dataSource
    .getRepository(Obstacle)
    .createQueryBuilder('o')
    .where("o.status <> 'RESOLVED'")
    .orderBy('o.reported_at', 'DESC', 'NULLS LAST')
    .addOrderBy('o.id');
  if (authorityId) {
    query.andWhere(
      'EXISTS (SELECT 1 FROM obstacle_party p WHERE p.obstacle_id = o.id AND p.partner_type IN (:...types) AND p.partner_id = :authorityId)',
      { types: authorityPartnerTypes, authorityId },
    );
  }
  if (agreementId) query.andWhere('o.agreement_id = :agreementId', { agreementId });
  return query.getMany();
}

export async function committedBudgets(
  dataSource: DataSource,
  agreementId: string | null | undefined,
): Promise<PartnerBudgetRow[]> {
  const rows = (await dataSource.query(
    "WITH live AS (SELECT * FROM commitment WHERE status <> 'CANCELLED' AND ($1::text IS NULL OR agreement_id = $1)), " +
      'own AS (SELECT agreement_id, partner_type, partner_id, coalesce(sum(budget_sek), 0) AS budget, count(*) AS n ' +
      'FROM live GROUP BY 1, 2, 3), ' +
      'shares AS (SELECT c.agreement_id, s.partner_type, s.partner_id, ' +
      'coalesce(sum(round(c.budget_sek::numeric * s.basis_points / 10000)), 0) AS co_financing ' +
      'FROM live c JOIN co_financing_share s ON s.commitment_id = c.id GROUP BY 1, 2, 3) ' +
      'SELECT coalesce(o.agreement_id, s.agreement_id) AS "agreementId", ' +
      'coalesce(o.partner_type, s.partner_type) AS "partnerType", coalesce(o.partner_id, s.partner_id) AS "partnerId", ' +
      'coalesce(o.budget, 0)::float8 AS "committedBudgetSek", coalesce(s.co_financing, 0)::float8 AS "coFinancingSek", ' +
      'coalesce(o.n, 0)::int AS commitments ' +
      'FROM own o FULL JOIN shares s ON s.agreement_id = o.agreement_id AND s.partner_type = o.partner_type ' +
      'AND s.partner_id = o.partner_id ORDER BY 1, 2, 3',
    [agreementId ?? null],
  )) as PartnerBudgetRow[];
  return rows;
}

export interface QuarterlySummaryValue {
  year: number;
  quarter: number;
  from: string;
  to: string;
  agreementsRegistered: number;
  agreementsRenewed: number;
  commitmentsRecorded: number;
  budgetRecordedSek: number;
  obstaclesRecorded: number;
  obstaclesEscalated: number;
  obstaclesResolved: number;
  reportsFiled: number;
  changes: ChangeRecord[];
}

export async function quarterlySummary(
  dataSource: DataSource,
  year: number,
  quarter: number,
): Promise<QuarterlySummaryValue> {
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw badUserInput('year', 'expected a year from 1990 to 2100.');
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw badUserInput('quarter', 'expected 1, 2, 3 or 4.');
  const firstMonth = 3 * (quarter - 1) + 1;
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  const to = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  // The quarter in Swedish time, as the coordinator reports it.
  const [bounds] = (await dataSource.query(
    "SELECT ($1::timestamp AT TIME ZONE 'Europe/Stockholm') AS start, ($2::timestamp AT TIME ZONE 'Europe/Stockholm') AS end",
    [from, next],
  )) as { start: Date; end: Date }[];
  const [counts] = (await dataSource.query(
    'SELECT ' +
      "count(*) FILTER (WHERE operation = 'registerAgreement' AND entity = 'LocalDevelopmentAgreement')::int AS \"agreementsRegistered\", " +
      "count(*) FILTER (WHERE operation = 'renewAgreement' AND entity = 'LocalDevelopmentAgreement')::int AS \"agreementsRenewed\", " +
      'count(*) FILTER (WHERE operation = \'recordCommitment\')::int AS "commitmentsRecorded", ' +
      "coalesce(sum((after->>'budgetSek')::numeric) FILTER (WHERE operation = 'recordCommitment'), 0)::float8 AS \"budgetRecordedSek\", " +
      'count(*) FILTER (WHERE operation = \'recordObstacle\')::int AS "obstaclesRecorded", ' +
      "count(*) FILTER (WHERE operation = 'changeObstacleStatus' AND after->>'status' = 'ESCALATED')::int AS \"obstaclesEscalated\", " +
      "count(*) FILTER (WHERE operation = 'changeObstacleStatus' AND after->>'status' = 'RESOLVED')::int AS \"obstaclesResolved\", " +
      'count(*) FILTER (WHERE operation = \'fileFollowUpReport\')::int AS "reportsFiled" ' +
      'FROM change_record WHERE at >= $1 AND at < $2',
    [bounds.start, bounds.end],
  )) as Omit<QuarterlySummaryValue, 'year' | 'quarter' | 'from' | 'to' | 'changes'>[];
  const changes = await dataSource.getRepository(ChangeRecord).find({
    where: { at: Between(bounds.start, new Date(bounds.end.getTime() - 1)) },
    order: { id: 'DESC' },
  });
  return { year, quarter, from, to, ...counts, changes };
}

import { loadAgreementMunicipalities } from '@samverkan/common';
import { databaseKind } from '../support/database';
import { startWriteHarness, type WriteHarness } from '../support/writes';

const dueQuery = /* GraphQL */ `
  query Due($asOf: String!) {
    reportsDue(asOf: $asOf) {
      agreement {
        id
      }
      year
      dueOn
      overdue
      drafted
    }
  }
`;

const budgetsQuery = /* GraphQL */ `
  query Budgets($agreementId: ID) {
    committedBudgets(agreementId: $agreementId) {
      agreement {
        id
      }
      partner {
        __typename
        ... on Municipality {
          code
        }
        ... on PoliceAuthority {
          id
        }
        ... on Organisation {
          id
        }
      }
      committedBudgetSek
      coFinancingSek
      commitments
    }
  }
`;

const obstaclesQuery = /* GraphQL */ `
  query Open($authorityId: ID, $agreementId: ID) {
    openObstacles(authorityId: $authorityId, agreementId: $agreementId) {
      id
      status
      agreement {
        id
      }
    }
  }
`;

const summaryQuery = /* GraphQL */ `
  query Summary($year: Int!, $quarter: Int!) {
    quarterlySummary(year: $year, quarter: $quarter) {
      from
      to
      agreementsRegistered
      agreementsRenewed
      commitmentsRecorded
      budgetRecordedSek
      obstaclesRecorded
      obstaclesEscalated
      obstaclesResolved
      reportsFiled
      changes {
        operation
        entity
        agreement {
          id
        }
      }
    }
  }
`;

const now = new Date();
const thisQuarter = { year: now.getUTCFullYear(), quarter: Math.floor(now.getUTCMonth() / 3) + 1 };

describe(`the follow-up dashboard's reads across agreements (${databaseKind})`, () => {
  let harness: WriteHarness;
  const as: WriteHarness['as'] = (...args) => harness.as(...args);

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_dashboard_');
  }, 180_000);
  afterAll(() => harness?.stop());

  it('keeps every cross-agreement list to coordinators', async () => {
    for (const caller of ['anonymous', 'partner of the agreement', 'police partner'] as const) {
      const body = await as(caller, dueQuery, { asOf: '2010-11-01' });
      expect(body.data).toEqual({ reportsDue: null });
      expect(body.errors![0].extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await as('coordinator', dueQuery, { asOf: '1 November 2010' });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
  });

  it('lists the reports not in as of a date: the 2010 drafts overdue, then the URBAN 15 years as they come', async () => {
    const in2010 = await as('coordinator', dueQuery, { asOf: '2010-11-01' });
    expect(in2010.errors).toBeUndefined();
    const municipalities = loadAgreementMunicipalities().length;
    expect(in2010.data!.reportsDue).toHaveLength(municipalities);
    for (const due of in2010.data!.reportsDue) {
      expect(due).toMatchObject({ year: 2010, dueOn: '2010-10-01', overdue: true, drafted: true });
    }
    // Before 1 October 2010 the drafts are due, not overdue.
    const september = await as('coordinator', dueQuery, { asOf: '2010-09-30' });
    expect(september.data!.reportsDue.every((d: any) => !d.overdue)).toBe(true);
    const in2013 = await as('coordinator', dueQuery, { asOf: '2013-02-01' });
    const urban15 = in2013.data!.reportsDue.filter((d: any) => d.agreement.id.startsWith('lua-2012-2014-'));
    expect(urban15.filter((d: any) => d.year === 2012).every((d: any) => d.overdue && !d.drafted)).toBe(true);
    expect(urban15.filter((d: any) => d.year === 2013).every((d: any) => !d.overdue)).toBe(true);
    expect(urban15.filter((d: any) => d.year === 2014)).toEqual([]);
  });

  it('adds up what each partner committed and co-finances, cancelled commitments left out', async () => {
    const before = await as('coordinator', budgetsQuery, { agreementId: 'lua-2008-2010-0180' });
    expect(before.errors).toBeUndefined();
    const row = (body: any, typename: string) =>
      body.data!.committedBudgets.find((b: any) => b.partner.__typename === typename);
    const recorded = await as(
      'partner of the agreement',
      'mutation R($input: RecordCommitmentInput!) { recordCommitment(input: $input) { id } }',
      {
        input: {
          agreementId: 'lua-2008-2010-0180',
          focusArea: 'EDUCATION',
          description: 'Summer school in Tensta',
          districtIds: ['0180-tensta'],
          period: { start: '2010-06-01', end: '2010-08-31' },
          budgetSek: 1_000_000,
          coFinancing: [
            { partner: { municipalityCode: '0180' }, sharePercent: 50 },
            { partner: { authorityId: 'polisen' }, sharePercent: 30.5 },
            { partner: { organisationId: 'housing-0180' }, sharePercent: 19.5 },
          ],
        },
      },
    );
    expect(recorded.errors).toBeUndefined();
    const after = await as('coordinator', budgetsQuery, { agreementId: 'lua-2008-2010-0180' });
    const change = (typename: string) => ({
      committed: row(after, typename).committedBudgetSek - row(before, typename).committedBudgetSek,
      coFinancing: row(after, typename).coFinancingSek - row(before, typename).coFinancingSek,
      commitments: row(after, typename).commitments - row(before, typename).commitments,
    });
    expect(change('Municipality')).toEqual({ committed: 1_000_000, coFinancing: 500_000, commitments: 1 });
    expect(change('PoliceAuthority')).toEqual({ committed: 0, coFinancing: 305_000, commitments: 0 });
    expect(change('Organisation')).toEqual({ committed: 0, coFinancing: 195_000, commitments: 0 });
    // Cancelled, it counts no more.
    const cancelled = await as(
      'partner of the agreement',
      'mutation U($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { status } }',
      { input: { id: recorded.data!.recordCommitment.id, version: 1, status: 'CANCELLED' } },
    );
    expect(cancelled.errors).toBeUndefined();
    const afterCancel = await as('coordinator', budgetsQuery, { agreementId: 'lua-2008-2010-0180' });
    expect(afterCancel.data).toEqual(before.data);
    const everyAgreement = await as('coordinator', budgetsQuery, {});
    expect(new Set(everyAgreement.data!.committedBudgets.map((b: any) => b.agreement.id)).size).toBe(
      loadAgreementMunicipalities().length,
    );
  });

  it('lists open obstacles per authority and per agreement, and drops the resolved', async () => {
    const police = await as('coordinator', obstaclesQuery, { authorityId: 'polisen' });
    expect(police.errors).toBeUndefined();
    // The seed's two per agreement both involve the Police.
    expect(police.data!.openObstacles).toHaveLength(2 * loadAgreementMunicipalities().length);
    const recorded = await as(
      'partner of the agreement',
      'mutation R($input: RecordObstacleInput!) { recordObstacle(input: $input) { id version } }',
      {
        input: {
          agreementId: 'lua-2008-2010-0180',
          kind: 'OBSTACLE',
          description: 'Sickness benefit rules stop participants from joining the job training',
          focusArea: 'WORK',
          parties: [{ authorityId: 'forsakringskassan' }],
        },
      },
    );
    const obstacle = recorded.data!.recordObstacle;
    const ofAgreement = await as('coordinator', obstaclesQuery, { agreementId: 'lua-2008-2010-0180' });
    expect(ofAgreement.data!.openObstacles[0]).toEqual({
      id: obstacle.id,
      status: 'OPEN',
      agreement: { id: 'lua-2008-2010-0180' },
    });
    expect(ofAgreement.data!.openObstacles).toHaveLength(3);
    const stillPolice = await as('coordinator', obstaclesQuery, { authorityId: 'polisen' });
    expect(stillPolice.data!.openObstacles.map((o: any) => o.id)).not.toContain(obstacle.id);
    const fk = await as('coordinator', obstaclesQuery, { authorityId: 'forsakringskassan' });
    expect(fk.data!.openObstacles.map((o: any) => o.id)).toContain(obstacle.id);
    await as(
      'coordinator',
      'mutation C($input: ChangeObstacleStatusInput!) { changeObstacleStatus(input: $input) { status } }',
      { input: { obstacleId: obstacle.id, version: 1, status: 'RESOLVED' } },
    );
    const afterResolve = await as('coordinator', obstaclesQuery, { agreementId: 'lua-2008-2010-0180' });
    expect(afterResolve.data!.openObstacles).toHaveLength(2);
    const bad = await as('coordinator', obstaclesQuery, { authorityId: 'skatteverket' });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'authorityId' });
  });

  it('sums up the quarter: what the writes above did, and nothing in a quarter long past', async () => {
    const body = await as('coordinator', summaryQuery, thisQuarter);
    expect(body.errors).toBeUndefined();
    const summary = body.data!.quarterlySummary;
    expect(summary).toMatchObject({
      agreementsRegistered: 0,
      commitmentsRecorded: 1,
      budgetRecordedSek: 1_000_000,
      obstaclesRecorded: 1,
      obstaclesEscalated: 0,
      obstaclesResolved: 1,
      reportsFiled: 0,
    });
    expect(summary.changes.map((c: any) => c.operation)).toEqual([
      'changeObstacleStatus',
      'recordObstacle',
      'updateCommitment',
      'recordCommitment',
    ]);
    expect(summary.changes.every((c: any) => c.agreement.id === 'lua-2008-2010-0180')).toBe(true);
    const past = await as('coordinator', summaryQuery, { year: 2009, quarter: 1 });
    expect(past.data!.quarterlySummary).toMatchObject({
      from: '2009-01-01',
      to: '2009-03-31',
      commitmentsRecorded: 0,
      changes: [],
    });
    const bad = await as('coordinator', summaryQuery, { year: 2009, quarter: 5 });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'quarter' });
  });
});

import { loadRegisteredOperations } from '../../schema/operations';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { callerToken } from '../support/identity';
import { startWriteHarness, type WriteCaller, type WriteHarness } from '../support/writes';

const fileReport = /* GraphQL */ `
  mutation File($input: FileFollowUpReportInput!, $key: String) {
    fileFollowUpReport(input: $input, idempotencyKey: $key) {
      year
      status
      summary
      submittedOn
      dueOn
      late
      filedBy
      version
      assessments {
        focusArea
        rating
        assessment
      }
      indicators {
        districtId
        districtName
        statistic
        year
        value
        unit
        suppressed
        synthetic
        source
        publisher
      }
      indicatorGaps
      indicatorsTakenAt
    }
  }
`;

const allAreas = ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'];

/** Stockholm's report on its 2008–2010 agreement for 2010, whose seeded draft it replaces. */
function stockholm2010(overrides: Record<string, unknown> = {}) {
  return {
    agreementId: 'lua-2008-2010-0180',
    year: 2010,
    summary: 'Joint work in Husby, Rinkeby and Tensta continued; employment efforts reached more young adults.',
    assessments: allAreas.map((focusArea, i) => ({
      focusArea,
      rating: i === 2 ? 'AT_RISK' : 'ON_TRACK',
      assessment: `Assessment of ${focusArea.toLowerCase()} for 2010.`,
    })),
    ...overrides,
  };
}

const indicators = loadRegisteredOperations().find((op) => op.name === 'FollowUpIndicators')!;

describe(`follow-up reports filed through the gateway, with the indicators kept (${databaseKind})`, () => {
  let harness: WriteHarness;
  const as: WriteHarness['as'] = (...args) => harness.as(...args);
  const refused: WriteHarness['refused'] = (...args) => harness.refused(...args);

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_follow_ups_');
  }, 180_000);
  afterAll(() => harness?.stop());

  it.each<[WriteCaller, RegExp]>([
    ['anonymous', /anonymous callers write nothing/],
    ['coordinator', /is for the municipality of the agreement/],
    ['police partner', /is for the municipality of the agreement/],
    ['partner of another agreement', /filed by its municipality \(0180\), not 1280/],
  ])('refuses a filing by %s with FORBIDDEN and writes nothing', async (caller, reason) => {
    const error = await refused(caller, fileReport, { input: stockholm2010() });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(reason);
  });

  it.each<[field: string, rule: RegExp, change: Record<string, unknown>]>([
    ['year', /within the agreement's period, 2008–2010; got 2011/, { year: 2011 }],
    ['year', /the report for 2009 was filed on 2009-10-01; one report per agreement and year/, { year: 2009 }],
    ['year', /from 1990 to 2100/, { year: 3000 }],
    ['summary', /must not be empty/, { summary: '' }],
    [
      'assessments',
      /every goal area of the agreement; missing GROWTH/,
      { assessments: stockholm2010().assessments.slice(0, 3) },
    ],
    [
      'assessments.1.focusArea',
      /WORK is assessed twice/,
      { assessments: [stockholm2010().assessments[0], stockholm2010().assessments[0]] },
    ],
    ['agreementId', /no agreement has the id lua-1999-2001-0180/, { agreementId: 'lua-1999-2001-0180' }],
  ])('refuses %s that breaks %p with BAD_USER_INPUT; nothing written', async (field, rule, change) => {
    const error = await refused('partner of the agreement', fileReport, { input: stockholm2010(change) });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(rule);
  });

  it('files the report with its assessments and the district indicators as the supergraph serves them now', async () => {
    const live = await as('anonymous', indicators.document, { agreementId: 'lua-2008-2010-0180', year: 2010 });
    expect(live.errors).toBeUndefined();
    const body = await as('partner of the agreement', fileReport, {
      input: stockholm2010(),
      key: 'stockholm-2010-report',
    });
    expect(body.errors).toBeUndefined();
    const report = body.data!.fileFollowUpReport;
    expect(report).toMatchObject({
      year: 2010,
      status: 'SUBMITTED',
      submittedOn: new Date().toISOString().slice(0, 10),
      dueOn: '2010-10-01',
      late: true,
      filedBy: 'stockholm-officer',
      version: 2,
      indicatorGaps: [],
    });
    expect(report.assessments[2]).toEqual({
      focusArea: 'SAFETY',
      rating: 'AT_RISK',
      assessment: 'Assessment of safety for 2010.',
    });
    const expected = live.data!.agreement.districts.flatMap((d: any) =>
      ['population', 'unemployment', 'sicknessIndex', 'reportedCrimes'].map((statistic) => ({
        districtId: d.id,
        districtName: d.name,
        statistic,
        year: 2010,
        value: d[statistic].value,
        unit: d[statistic].unit,
        suppressed: d[statistic].suppressed,
        synthetic: d[statistic].source.synthetic,
        source: d[statistic].source.name,
        publisher: d[statistic].source.publisher,
      })),
    );
    expect(expected).toHaveLength(3 * 4);
    expect(report.indicators).toEqual(expected);
    // A retry with the same key answers the same report and files nothing more.
    const retry = await as('partner of the agreement', fileReport, {
      input: stockholm2010(),
      key: 'stockholm-2010-report',
    });
    expect(retry.data!.fileFollowUpReport.version).toBe(2);
  });

  it('keeps the indicators as they stood when a statistic is revised afterwards', async () => {
    const police = harness.system.subgraphs.police.database.dataSource;
    const [row] = (await police.query(
      "SELECT value FROM reported_crime_statistic WHERE area_kind = 'district' AND area_id = '0180-rinkeby' AND year = 2010",
    )) as { value: number }[];
    await police.query(
      "UPDATE reported_crime_statistic SET value = value + 1000 WHERE area_kind = 'district' AND area_id = '0180-rinkeby' AND year = 2010",
    );
    try {
      const read = await as(
        'partner of the agreement',
        '{ agreement(id: "lua-2008-2010-0180") { followUps { year indicators { districtId statistic value } } } }',
        {},
      );
      const report = read.data!.agreement.followUps.find((r: any) => r.year === 2010);
      const kept = report.indicators.find(
        (i: any) => i.districtId === '0180-rinkeby' && i.statistic === 'reportedCrimes',
      );
      expect(Number(kept.value)).toBeCloseTo(Number(row.value));
    } finally {
      await police.query(
        "UPDATE reported_crime_statistic SET value = value - 1000 WHERE area_kind = 'district' AND area_id = '0180-rinkeby' AND year = 2010",
      );
    }
  });

  it('lists the reports and whether they came in by 1 October', async () => {
    const read = await as(
      'coordinator',
      '{ agreement(id: "lua-2008-2010-0136") { followUps { year status dueOn late submittedOn } } }',
      {},
    );
    expect(read.data!.agreement.followUps).toEqual([
      { year: 2008, status: 'SUBMITTED', dueOn: '2008-10-01', late: false, submittedOn: '2008-10-01' },
      { year: 2009, status: 'SUBMITTED', dueOn: '2009-10-01', late: false, submittedOn: '2009-10-01' },
      { year: 2010, status: 'DRAFT', dueOn: '2010-10-01', late: true, submittedOn: null },
    ]);
  });

  // Last: it stops the police subgraph.
  it('files all the same when a partner is down, naming the figures it could not keep', async () => {
    await harness.system.subgraphs.police.stop();
    const haninge = await as('anonymous', '{ agreement(id: "lua-2008-2010-0136") { id } }', {});
    expect(haninge.errors).toBeUndefined();
    const [{ n }] = (await harness.database.query(
      "SELECT count(*)::int AS n FROM follow_up_report WHERE agreement_id = 'lua-2008-2010-0181' AND year = 2010",
    )) as { n: number }[];
    expect(n).toBe(1);
    // Södertälje's municipality files for 2010 while the Police's subgraph is down.
    const token = await callerToken({ org: '0181', roles: ['partner'], sub: 'sodertalje-officer' });
    const { status, body } = await postGraphQL(
      harness.system.gateway.url,
      fileReport,
      { input: stockholm2010({ agreementId: 'lua-2008-2010-0181' }) },
      { authorization: `Bearer ${token}` },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const report = body.data!.fileFollowUpReport;
    expect(report.status).toBe('SUBMITTED');
    expect(report.indicators.map((i: any) => i.statistic)).not.toContain('reportedCrimes');
    expect(report.indicators.filter((i: any) => i.statistic === 'unemployment')).toHaveLength(2);
    expect(report.indicatorGaps.length).toBeGreaterThan(0);
    for (const gap of report.indicatorGaps) expect(gap).toMatch(/reportedCrimes.*\(police\)/);
  });
});

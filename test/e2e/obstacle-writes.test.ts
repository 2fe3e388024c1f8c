import { databaseKind } from '../support/database';
import { startWriteHarness, type WriteCaller, type WriteHarness } from '../support/writes';

const obstacleFields = /* GraphQL */ `
  id
  kind
  description
  focusArea
  status
  statusChangedBy
  statusChangedAt
  reportedAt
  version
  reportedBy {
    __typename
  }
  parties {
    __typename
    ... on Municipality {
      code
    }
    ... on PoliceAuthority {
      id
    }
  }
  resolutions {
    proposal
    economicConsequencesSek
    financing
    proposedByOrganisation
    proposedAt
    coFinancing {
      sharePercent
      amountSek
    }
  }
`;

const recordObstacle = /* GraphQL */ `
  mutation RecordObstacle($input: RecordObstacleInput!, $key: String) {
    recordObstacle(input: $input, idempotencyKey: $key) { ${obstacleFields} }
  }
`;
const proposeResolution = /* GraphQL */ `
  mutation Propose($input: ProposeResolutionInput!) {
    proposeResolution(input: $input) { ${obstacleFields} }
  }
`;
const changeStatus = /* GraphQL */ `
  mutation ChangeStatus($input: ChangeObstacleStatusInput!) {
    changeObstacleStatus(input: $input) { ${obstacleFields} }
  }
`;

/** A goal conflict Stockholm reports in its 2008–2010 agreement, involving the Police. */
function openingHours(overrides: Record<string, unknown> = {}) {
  return {
    agreementId: 'lua-2008-2010-0180',
    kind: 'GOAL_CONFLICT',
    description: 'The police station in Rinkeby is to close evenings while the municipality extends youth activities',
    focusArea: 'SAFETY',
    parties: [{ authorityId: 'polisen' }],
    ...overrides,
  };
}

function resolutionOf(obstacleId: string, overrides: Record<string, unknown> = {}) {
  return {
    obstacleId,
    proposal: 'Keep the station open two evenings a week, staffed jointly with municipal field workers',
    economicConsequencesSek: 250_000,
    financing: 'Shared from the municipality’s youth budget and the police region’s local budget',
    coFinancing: [
      { partner: { municipalityCode: '0180' }, sharePercent: 60 },
      { partner: { authorityId: 'polisen' }, sharePercent: 40 },
    ],
    ...overrides,
  };
}

describe(`obstacles and goal conflicts written through the gateway (${databaseKind})`, () => {
  let harness: WriteHarness;
  const as: WriteHarness['as'] = (...args) => harness.as(...args);
  const refused: WriteHarness['refused'] = (...args) => harness.refused(...args);

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_obstacles_');
  }, 180_000);
  afterAll(() => harness?.stop());

  async function recorded(overrides: Record<string, unknown> = {}) {
    const body = await as('partner of the agreement', recordObstacle, { input: openingHours(overrides) });
    expect(body.errors).toBeUndefined();
    return body.data!.recordObstacle;
  }

  it('records an obstacle with its parties, reporter first, OPEN, and keeps it in the history', async () => {
    const obstacle = await recorded();
    expect(obstacle).toMatchObject({
      kind: 'GOAL_CONFLICT',
      focusArea: 'SAFETY',
      status: 'OPEN',
      statusChangedBy: null,
      version: 1,
      reportedBy: { __typename: 'Municipality' },
      parties: [
        { __typename: 'Municipality', code: '0180' },
        { __typename: 'PoliceAuthority', id: 'polisen' },
      ],
      resolutions: [],
    });
    expect(Date.now() - Date.parse(obstacle.reportedAt)).toBeLessThan(60_000);
    const read = await as(
      'coordinator',
      '{ agreement(id: "lua-2008-2010-0180") { obstacles { id } history { operation entityId } } }',
      {},
    );
    expect(read.data!.agreement.obstacles.map((o: { id: string }) => o.id)).toContain(obstacle.id);
    expect(read.data!.agreement.history[0]).toEqual({ operation: 'recordObstacle', entityId: obstacle.id });
  });

  it.each<[WriteCaller, RegExp]>([
    ['anonymous', /anonymous callers write nothing/],
    ['coordinator', /is for partners/],
    ['partner of another agreement', /\(1280\) is not a partner of agreement lua-2008-2010-0180/],
  ])('refuses recordObstacle to %s with FORBIDDEN and writes nothing', async (caller, reason) => {
    const error = await refused(caller, recordObstacle, { input: openingHours() });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(reason);
  });

  it.each<[field: string, rule: RegExp, change: Record<string, unknown>]>([
    ['agreementId', /no agreement has the id lua-1999-2001-0180/, { agreementId: 'lua-1999-2001-0180' }],
    ['description', /must not be empty/, { description: ' ' }],
    ['description', /at most 1000 characters/, { description: 'x'.repeat(1001) }],
    ['parties.0', /Municipality 0136 is not a partner of the agreement/, { parties: [{ municipalityCode: '0136' }] }],
    ['parties.0', /listed already \(the reporter is a party\)/, { parties: [{ municipalityCode: '0180' }] }],
    ['parties.0.authorityId', /one of polisen/, { parties: [{ authorityId: 'tullverket' }] }],
  ])('refuses %s that breaks %p with BAD_USER_INPUT; nothing written', async (field, rule, change) => {
    const error = await refused('partner of the agreement', recordObstacle, { input: openingHours(change) });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(rule);
  });

  describe('resolutions', () => {
    it('takes a proposal from a coordinator, with its costs shared among partners', async () => {
      const obstacle = await recorded();
      const body = await as('coordinator', proposeResolution, { input: resolutionOf(obstacle.id) });
      expect(body.errors).toBeUndefined();
      const [resolution] = body.data!.proposeResolution.resolutions;
      expect(resolution).toMatchObject({
        economicConsequencesSek: 250_000,
        proposedByOrganisation: 'storstadsdelegationen',
        coFinancing: [
          { sharePercent: 60, amountSek: 150_000 },
          { sharePercent: 40, amountSek: 100_000 },
        ],
      });
      // A saving is a negative consequence, from a partner of the agreement.
      const saving = await as('police partner', proposeResolution, {
        input: resolutionOf(obstacle.id, {
          economicConsequencesSek: -80_000,
          coFinancing: [{ partner: { authorityId: 'polisen' }, sharePercent: 100 }],
        }),
      });
      expect(saving.errors).toBeUndefined();
      expect(saving.data!.proposeResolution.resolutions.map((r: any) => r.economicConsequencesSek)).toEqual([
        250_000, -80_000,
      ]);
    });

    it.each<[field: string, rule: RegExp, change: Record<string, unknown>]>([
      ['obstacleId', /no obstacle has the id no-such-obstacle/, { obstacleId: 'no-such-obstacle' }],
      ['proposal', /must not be empty/, { proposal: '' }],
      ['financing', /at most 1000 characters/, { financing: 'x'.repeat(1001) }],
      [
        'economicConsequencesSek',
        /between -1,000,000,000 .* got 1000000001/,
        { economicConsequencesSek: 1_000_000_001 },
      ],
      [
        'coFinancing',
        /add up to 100 %, they add up to 90 %/,
        { coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 90 }] },
      ],
      [
        // The last share is found wrong after the first was written: nothing is left of either.
        'coFinancing.1.partner',
        /Municipality 1280 is not a partner of the agreement/,
        {
          coFinancing: [
            { partner: { municipalityCode: '0180' }, sharePercent: 50 },
            { partner: { municipalityCode: '1280' }, sharePercent: 50 },
          ],
        },
      ],
    ])('refuses %s that breaks %p with BAD_USER_INPUT; nothing written', async (field, rule, change) => {
      const obstacle = await recorded();
      const input = resolutionOf(obstacle.id, change);
      const error = await refused('coordinator', proposeResolution, { input });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(rule);
    });

    it('refuses a proposal from a partner of another agreement', async () => {
      const obstacle = await recorded();
      const error = await refused('partner of another agreement', proposeResolution, {
        input: resolutionOf(obstacle.id),
      });
      expect(error.code).toBe('FORBIDDEN');
    });
  });

  describe('status', () => {
    it('goes OPEN → ESCALATED by a coordinator → RESOLVED by a partner → OPEN again, saying who and when', async () => {
      const obstacle = await recorded();
      const partnerEscalates = await refused('partner of the agreement', changeStatus, {
        input: { obstacleId: obstacle.id, version: 1, status: 'ESCALATED' },
      });
      expect(partnerEscalates.code).toBe('FORBIDDEN');
      expect(partnerEscalates.message).toMatch(/Only a coordinator escalates/);

      const escalated = await as('coordinator', changeStatus, {
        input: { obstacleId: obstacle.id, version: 1, status: 'ESCALATED' },
      });
      expect(escalated.errors).toBeUndefined();
      expect(escalated.data!.changeObstacleStatus).toMatchObject({
        status: 'ESCALATED',
        statusChangedBy: 'national-coordinator',
        version: 2,
      });
      expect(Date.now() - Date.parse(escalated.data!.changeObstacleStatus.statusChangedAt)).toBeLessThan(60_000);

      const backwards = await refused('coordinator', changeStatus, {
        input: { obstacleId: obstacle.id, version: 2, status: 'OPEN' },
      });
      expect(backwards).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(backwards.message).toMatch(/an ESCALATED obstacle can become RESOLVED, not OPEN/);

      const resolved = await as('partner of the agreement', changeStatus, {
        input: { obstacleId: obstacle.id, version: 2, status: 'RESOLVED' },
      });
      expect(resolved.data!.changeObstacleStatus).toMatchObject({
        status: 'RESOLVED',
        statusChangedBy: 'stockholm-officer',
      });
      const tooLate = await refused('coordinator', proposeResolution, { input: resolutionOf(obstacle.id) });
      expect(tooLate).toMatchObject({ code: 'BAD_USER_INPUT', field: 'obstacleId' });
      expect(tooLate.message).toMatch(/is RESOLVED; reopen it/);

      const reopened = await as('partner of the agreement', changeStatus, {
        input: { obstacleId: obstacle.id, version: 3, status: 'OPEN' },
      });
      expect(reopened.data!.changeObstacleStatus).toMatchObject({ status: 'OPEN', version: 4 });

      const history = await as(
        'partner of the agreement',
        '{ agreement(id: "lua-2008-2010-0180") { history { operation entityId before after } } }',
        {},
      );
      const changes = history.data!.agreement.history.filter(
        (h: any) => h.entityId === obstacle.id && h.operation === 'changeObstacleStatus',
      );
      expect(changes.map((h: any) => [h.before.status, h.after.status, h.after.statusChangedBy])).toEqual([
        ['RESOLVED', 'OPEN', 'stockholm-officer'],
        ['ESCALATED', 'RESOLVED', 'stockholm-officer'],
        ['OPEN', 'ESCALATED', 'national-coordinator'],
      ]);
    });

    it('lets one of two concurrent changes on the same version through; the other gets CONFLICT', async () => {
      const obstacle = await recorded();
      const answers = await Promise.all([
        as('coordinator', changeStatus, { input: { obstacleId: obstacle.id, version: 1, status: 'ESCALATED' } }),
        as('partner of the agreement', changeStatus, {
          input: { obstacleId: obstacle.id, version: 1, status: 'RESOLVED' },
        }),
      ]);
      expect(answers.filter((a) => !a.errors)).toHaveLength(1);
      const lost = answers.find((a) => a.errors)!;
      expect(lost.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    });
  });

  it('keeps the seed’s obstacles, now OPEN, with their parties', async () => {
    const body = await as(
      'coordinator',
      '{ agreement(id: "lua-2008-2010-0136") { obstacles { id status focusArea reportedAt parties { __typename } } } }',
      {},
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.agreement.obstacles).toEqual([
      {
        id: 'lua-2008-2010-0136-data-sharing',
        status: 'OPEN',
        focusArea: 'WORK',
        reportedAt: null,
        parties: [{ __typename: 'Forsakringskassan' }, { __typename: 'PoliceAuthority' }],
      },
      {
        id: 'lua-2008-2010-0136-national-targets',
        status: 'OPEN',
        focusArea: 'SAFETY',
        reportedAt: null,
        parties: [{ __typename: 'Municipality' }, { __typename: 'PoliceAuthority' }],
      },
    ]);
  });
});

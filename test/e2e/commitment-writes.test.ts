import { databaseKind } from '../support/database';
import { startWriteHarness, type WriteCaller, type WriteHarness } from '../support/writes';

const commitmentFields = /* GraphQL */ `
  id
  version
  status
  focusArea
  description
  budgetSek
  coFinancingSek
  period {
    start
    end
  }
  districts {
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
  }
  coFinancing {
    sharePercent
    amountSek
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
  }
`;

const record = /* GraphQL */ `
  mutation Record($input: RecordCommitmentInput!, $key: String) {
    recordCommitment(input: $input, idempotencyKey: $key) { ${commitmentFields} }
  }
`;
const update = /* GraphQL */ `
  mutation Update($input: UpdateCommitmentInput!) {
    updateCommitment(input: $input) { ${commitmentFields} }
  }
`;

/** Stockholm's agreement of 2008–2010; Stockholm, the Police and the housing company share the cost. */
function homeworkClub(overrides: Record<string, unknown> = {}) {
  return {
    agreementId: 'lua-2008-2010-0180',
    focusArea: 'EDUCATION',
    description: 'Homework club in Rinkeby library, three evenings a week',
    districtIds: ['0180-rinkeby'],
    period: { start: '2009-01-01', end: '2010-06-30' },
    budgetSek: 1_000_000,
    coFinancing: [
      { partner: { municipalityCode: '0180' }, sharePercent: 50 },
      { partner: { authorityId: 'polisen' }, sharePercent: 30.5 },
      { partner: { organisationId: 'housing-0180' }, sharePercent: 19.5 },
    ],
    ...overrides,
  };
}

describe(`commitments written by partners, through the gateway (${databaseKind})`, () => {
  let harness: WriteHarness;
  const as: WriteHarness['as'] = (...args) => harness.as(...args);
  const refused: WriteHarness['refused'] = (...args) => harness.refused(...args);

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_commitments_');
  }, 180_000);
  afterAll(() => harness?.stop());

  async function recorded(caller: WriteCaller = 'partner of the agreement', overrides: Record<string, unknown> = {}) {
    const body = await as(caller, record, { input: homeworkClub(overrides) });
    expect(body.errors).toBeUndefined();
    return body.data!.recordCommitment;
  }

  it('records the partner’s own commitment with its budget shared among partners, and keeps it in the history', async () => {
    const commitment = await recorded();
    expect(commitment).toMatchObject({
      version: 1,
      status: 'PLANNED',
      focusArea: 'EDUCATION',
      budgetSek: 1_000_000,
      coFinancingSek: 500_000,
      period: { start: '2009-01-01', end: '2010-06-30' },
      districts: [{ id: '0180-rinkeby' }],
      partner: { __typename: 'Municipality', code: '0180' },
      coFinancing: [
        { sharePercent: 50, amountSek: 500_000, partner: { __typename: 'Municipality', code: '0180' } },
        { sharePercent: 30.5, amountSek: 305_000, partner: { __typename: 'PoliceAuthority', id: 'polisen' } },
        { sharePercent: 19.5, amountSek: 195_000, partner: { __typename: 'Organisation', id: 'housing-0180' } },
      ],
    });
    const read = await as(
      'coordinator',
      '{ agreement(id: "lua-2008-2010-0180") { commitments { id } history { operation entity entityId } } }',
      {},
    );
    expect(read.data!.agreement.commitments.map((c: { id: string }) => c.id)).toContain(commitment.id);
    expect(read.data!.agreement.history[0]).toEqual({
      operation: 'recordCommitment',
      entity: 'Commitment',
      entityId: commitment.id,
    });
  });

  it.each<[WriteCaller, RegExp]>([
    ['anonymous', /anonymous callers write nothing/],
    ['coordinator', /is for partners/],
    ['partner of another agreement', /\(1280\) is not a partner of agreement lua-2008-2010-0180/],
  ])('refuses recordCommitment to %s with FORBIDDEN and writes nothing', async (caller, reason) => {
    const error = await refused(caller, record, { input: homeworkClub() });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(reason);
    expect(harness.system.subgraphs.agreements.audit.recent().at(-1)).toMatchObject({
      fieldPath: 'recordCommitment',
      outcome: 'refused',
    });
  });

  it('lets every partner of the agreement record its own commitment, never another’s', async () => {
    const police = await recorded('police partner', { focusArea: 'SAFETY' });
    expect(police.partner).toEqual({ __typename: 'PoliceAuthority', id: 'polisen' });
    const error = await refused('partner of the agreement', update, {
      input: { id: police.id, version: 1, status: 'ONGOING' },
    });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/PoliceAuthority polisen's; only it may change it/);
  });

  it.each<[field: string, rule: RegExp, change: Record<string, unknown>]>([
    ['agreementId', /no agreement has the id lua-1999-2001-0180/, { agreementId: 'lua-1999-2001-0180' }],
    ['description', /must not be empty/, { description: '' }],
    ['description', /at most 1000 characters/, { description: 'x'.repeat(1001) }],
    ['budgetSek', /whole kronor from 0 to 1,000,000,000, got -1/, { budgetSek: -1 }],
    ['budgetSek', /got 1000000001/, { budgetSek: 1_000_000_001 }],
    [
      'period.start',
      /before the agreement starts \(2008-01-01\)/,
      { period: { start: '2007-12-31', end: '2009-12-31' } },
    ],
    ['period.end', /after the agreement ends \(2010-12-31\)/, { period: { start: '2009-01-01', end: '2011-01-01' } }],
    ['period.end', /after the start/, { period: { start: '2009-06-01', end: '2009-05-31' } }],
    ['districtIds', /at least one/, { districtIds: [] }],
    [
      'districtIds.1',
      /1280-rosengard is not one of the districts/,
      { districtIds: ['0180-rinkeby', '1280-rosengard'] },
    ],
    ['coFinancing', /at least one share/, { coFinancing: [] }],
    [
      'coFinancing',
      /add up to 100 %, they add up to 99.5 %/,
      {
        coFinancing: [
          { partner: { municipalityCode: '0180' }, sharePercent: 50 },
          { partner: { authorityId: 'polisen' }, sharePercent: 49.5 },
        ],
      },
    ],
    [
      'coFinancing.1.partner',
      /has a share already/,
      {
        coFinancing: [
          { partner: { municipalityCode: '0180' }, sharePercent: 50 },
          { partner: { municipalityCode: '0180' }, sharePercent: 50 },
        ],
      },
    ],
    [
      'coFinancing.0.sharePercent',
      /above 0 and at most 100, with at most two decimals; got 100.001/,
      { coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 100.001 }] },
    ],
    [
      'coFinancing.0.sharePercent',
      /got 0/,
      { coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 0 }] },
    ],
    [
      'coFinancing.0.partner.organisationName',
      /already recorded, by its organisationId/,
      { coFinancing: [{ partner: { organisationName: 'Ny AB' }, sharePercent: 100 }] },
    ],
  ])('refuses %s that breaks %p with BAD_USER_INPUT; nothing written', async (field, rule, change) => {
    const error = await refused('partner of the agreement', record, { input: homeworkClub(change) });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(rule);
  });

  it('refuses a goal area the agreement does not work in', async () => {
    const registered = await as(
      'coordinator',
      'mutation R($input: RegisterAgreementInput!) { registerAgreement(input: $input) { id } }',
      {
        input: {
          municipalityCode: '0180',
          title: 'Stockholm 2016–2018, work only',
          period: { start: '2016-01-01', end: '2018-12-31' },
          decision: { reference: 'IJ2008/56/IU', decidedOn: '2008-05-22' },
          districtIds: ['0180-husby'],
          focusAreas: ['WORK'],
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    const error = await refused('partner of the agreement', record, {
      input: homeworkClub({
        agreementId: 'lua-2016-2018-0180',
        districtIds: ['0180-husby'],
        period: { start: '2016-01-01', end: '2016-12-31' },
        coFinancing: [{ partner: { municipalityCode: '0180' }, sharePercent: 100 }],
      }),
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'focusArea' });
    expect(error.message).toMatch(/works in WORK, not EDUCATION/);
  });

  it('leaves nothing behind when the last of several co-financing rows is found invalid after the others were written', async () => {
    const error = await refused('partner of the agreement', record, {
      input: homeworkClub({
        coFinancing: [
          { partner: { municipalityCode: '0180' }, sharePercent: 40 },
          { partner: { authorityId: 'polisen' }, sharePercent: 30 },
          { partner: { authorityId: 'arbetsformedlingen' }, sharePercent: 20 },
          // Haninge is no partner of Stockholm's agreement.
          { partner: { municipalityCode: '0136' }, sharePercent: 10 },
        ],
      }),
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'coFinancing.3.partner' });
    expect(error.message).toMatch(/Municipality 0136 is not a partner of the agreement/);
  });

  describe('updateCommitment', () => {
    it('changes only the fields given, raises the version and keeps before and after', async () => {
      const commitment = await recorded();
      const body = await as('partner of the agreement', update, {
        input: {
          id: commitment.id,
          version: 1,
          status: 'ONGOING',
          budgetSek: 1_200_000,
          coFinancing: [
            { partner: { municipalityCode: '0180' }, sharePercent: 75 },
            { partner: { authorityId: 'arbetsformedlingen' }, sharePercent: 25 },
          ],
        },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data!.updateCommitment).toMatchObject({
        id: commitment.id,
        version: 2,
        status: 'ONGOING',
        description: commitment.description,
        budgetSek: 1_200_000,
        coFinancingSek: 900_000,
        districts: commitment.districts,
        coFinancing: [
          { sharePercent: 75, amountSek: 900_000 },
          { sharePercent: 25, amountSek: 300_000 },
        ],
      });
      const history = await as(
        'partner of the agreement',
        '{ agreement(id: "lua-2008-2010-0180") { history { operation before after } } }',
        {},
      );
      const [latest] = history.data!.agreement.history;
      expect(latest.operation).toBe('updateCommitment');
      expect(latest.before).toMatchObject({ status: 'PLANNED', budgetSek: 1_000_000, version: 1 });
      expect(latest.after).toMatchObject({ status: 'ONGOING', budgetSek: 1_200_000, version: 2 });
      expect(latest.after.coFinancing).toEqual([
        { partner: 'Municipality:0180', basisPoints: 7500 },
        { partner: 'Arbetsformedlingen:arbetsformedlingen', basisPoints: 2500 },
      ]);
    });

    it('gives exactly one of two concurrent updates on the same version; the other gets CONFLICT', async () => {
      const commitment = await recorded();
      const answers = await Promise.all(
        ['First description', 'Second description'].map((description) =>
          as('partner of the agreement', update, { input: { id: commitment.id, version: 1, description } }),
        ),
      );
      const won = answers.filter((a) => !a.errors);
      const lost = answers.filter((a) => a.errors);
      expect(won).toHaveLength(1);
      expect(lost[0].errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const [{ description }] = (await harness.database.query('SELECT description FROM commitment WHERE id = $1', [
        commitment.id,
      ])) as { description: string }[];
      expect(description).toBe(won[0].data!.updateCommitment.description);
    });

    it('keeps DONE and CANCELLED final', async () => {
      const commitment = await recorded();
      const done = await as('partner of the agreement', update, {
        input: { id: commitment.id, version: 1, status: 'DONE' },
      });
      expect(done.errors).toBeUndefined();
      const error = await refused('partner of the agreement', update, {
        input: { id: commitment.id, version: 2, status: 'ONGOING' },
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(error.message).toMatch(/a DONE commitment cannot become ONGOING; it is final/);
    });

    it('refuses an unknown commitment and a stale version, writing nothing', async () => {
      const unknown = await refused('partner of the agreement', update, {
        input: { id: 'no-such-commitment', version: 1 },
      });
      expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const commitment = await recorded();
      const stale = await refused('partner of the agreement', update, {
        input: { id: commitment.id, version: 7, status: 'ONGOING' },
      });
      expect(stale.code).toBe('CONFLICT');
      expect(stale.extensions.currentVersion).toBe(1);
    });
  });

  it('records once for a retried key, and every one of a burst from several partners exactly once', async () => {
    const first = await as('partner of the agreement', record, { input: homeworkClub(), key: 'homework-club-2009' });
    const retry = await as('partner of the agreement', record, { input: homeworkClub(), key: 'homework-club-2009' });
    expect(retry.data!.recordCommitment.id).toBe(first.data!.recordCommitment.id);

    const before = await harness.rowCounts();
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        as(i % 2 ? 'police partner' : 'partner of the agreement', record, {
          input: homeworkClub({ description: `Burst ${i}`, focusArea: i % 2 ? 'SAFETY' : 'EDUCATION' }),
        }),
      ),
    );
    expect(burst.filter((a) => a.errors)).toEqual([]);
    const ids = burst.map((a) => a.data!.recordCommitment.id);
    expect(new Set(ids).size).toBe(16);
    const after = await harness.rowCounts();
    expect(after.commitment).toBe(before.commitment + 16);
    expect(after.co_financing_share).toBe(before.co_financing_share + 16 * 3);
    const stored = (await harness.database.query("SELECT id FROM commitment WHERE description LIKE 'Burst %'")) as {
      id: string;
    }[];
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});

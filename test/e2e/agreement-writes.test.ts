import type { DataSource } from 'typeorm';
import { databaseKind } from '../support/database';
import { postGraphQL, type GraphQLResponse } from '../support/graphql';
import type { RunningSupergraph } from '../support/harness';
import { callerToken } from '../support/identity';
import { startWriteHarness, writeCallers, type WriteHarness } from '../support/writes';

const agreementFields = /* GraphQL */ `
  id
  title
  version
  period {
    start
    end
  }
  municipality {
    code
    name
  }
  districts {
    id
    name
  }
  focusAreas
  decision {
    reference
    decidedOn
  }
  partners {
    role
    representedBy
    partner {
      __typename
      ... on Municipality {
        code
      }
      ... on Organisation {
        id
        name
      }
      ... on PoliceAuthority {
        id
      }
    }
  }
  predecessor {
    id
  }
`;

const register = /* GraphQL */ `
  mutation Register($input: RegisterAgreementInput!, $key: String) {
    registerAgreement(input: $input, idempotencyKey: $key) { ${agreementFields} }
  }
`;
const renew = /* GraphQL */ `
  mutation Renew($input: RenewAgreementInput!, $key: String) {
    renewAgreement(input: $input, idempotencyKey: $key) { ${agreementFields} }
  }
`;
const addPartner = /* GraphQL */ `
  mutation AddPartner($input: AddPartnerInput!) {
    addPartner(input: $input) { ${agreementFields} }
  }
`;
const removePartner = /* GraphQL */ `
  mutation RemovePartner($input: RemovePartnerInput!) {
    removePartner(input: $input) { ${agreementFields} }
  }
`;

/** A registration that passes every rule: Rinkeby and Tensta, 2016–2018, under the 2008 decision. */
function stockholm2016(overrides: Record<string, unknown> = {}) {
  return {
    municipalityCode: '0180',
    title: 'Lokalt utvecklingsavtal 2016–2018, Stockholm',
    period: { start: '2016-01-01', end: '2018-12-31' },
    decision: { reference: 'IJ2008/56/IU', decidedOn: '2008-05-22' },
    districtIds: ['0180-rinkeby', '0180-tensta'],
    focusAreas: ['WORK', 'SAFETY'],
    ...overrides,
  };
}

describe(`writes to agreements through the gateway (${databaseKind})`, () => {
  let harness: WriteHarness;
  let system: RunningSupergraph;
  let database: DataSource;
  const as: WriteHarness['as'] = (...args) => harness.as(...args);
  const rowCounts = () => harness.rowCounts();
  const refused: WriteHarness['refused'] = (...args) => harness.refused(...args);

  beforeAll(async () => {
    harness = await startWriteHarness('samverkan_writes_');
    ({ system, database } = harness);
  }, 180_000);
  afterAll(() => harness?.stop());

  async function cleanUp(ids: string[]): Promise<void> {
    await database.transaction(async (manager) => {
      await manager.query('DELETE FROM agreement_renewal WHERE successor_id = ANY($1) OR predecessor_id = ANY($1)', [
        ids,
      ]);
      await manager.query('DELETE FROM change_record WHERE agreement_id = ANY($1)', [ids]);
      await manager.query('DELETE FROM local_development_agreement WHERE id = ANY($1)', [ids]);
    });
  }

  describe('registerAgreement', () => {
    afterEach(() => cleanUp(['lua-2016-2018-0180']));

    it('records the agreement with its districts, goal areas, decision and signing municipality, and its history', async () => {
      const body = await as('coordinator', register, { input: stockholm2016({ title: '  Avtal 2016–2018  ' }) });
      expect(body.errors).toBeUndefined();
      expect(body.data!.registerAgreement).toEqual({
        id: 'lua-2016-2018-0180',
        title: 'Avtal 2016–2018',
        version: 1,
        period: { start: '2016-01-01', end: '2018-12-31' },
        municipality: { code: '0180', name: 'Stockholm' },
        districts: [
          { id: '0180-rinkeby', name: 'Rinkeby' },
          { id: '0180-tensta', name: 'Tensta' },
        ],
        focusAreas: ['WORK', 'SAFETY'],
        decision: { reference: 'IJ2008/56/IU', decidedOn: '2008-05-22' },
        partners: [
          { role: 'MUNICIPALITY', representedBy: null, partner: { __typename: 'Municipality', code: '0180' } },
        ],
        predecessor: null,
      });
      const history = await as(
        'coordinator',
        '{ agreement(id: "lua-2016-2018-0180") { history { who organisation operation entity entityId before after } } }',
        {},
      );
      expect(history.errors).toBeUndefined();
      expect(history.data!.agreement.history).toEqual([
        expect.objectContaining({
          who: 'national-coordinator',
          organisation: 'storstadsdelegationen',
          operation: 'registerAgreement',
          entity: 'Partnership',
          before: null,
        }),
        expect.objectContaining({
          operation: 'registerAgreement',
          entity: 'LocalDevelopmentAgreement',
          entityId: 'lua-2016-2018-0180',
          before: null,
          after: expect.objectContaining({ title: 'Avtal 2016–2018', districtIds: ['0180-rinkeby', '0180-tensta'] }),
        }),
      ]);
      const audited = system.subgraphs.agreements.audit.recent().filter((e) => e.outcome === 'written');
      expect(audited.at(-1)).toMatchObject({
        who: 'national-coordinator',
        fieldPath: 'registerAgreement',
        level: 'WRITE',
        changed: ['LocalDevelopmentAgreement:lua-2016-2018-0180', 'Partnership:lua-2016-2018-0180/Municipality:0180'],
      });
    });

    it('records a decision it does not know yet, given its title, ministry and ordinance', async () => {
      const decision = {
        reference: 'Ku2015/01234/DISK',
        decidedOn: '2015-11-12',
        title: 'Uppdrag om urbant utvecklingsarbete (test)',
        ministry: 'Kulturdepartementet',
        ordinance: 'SFS 2008:348',
      };
      const body = await as('administrator', register, { input: stockholm2016({ decision }) });
      expect(body.errors).toBeUndefined();
      expect(body.data!.registerAgreement.decision).toEqual({
        reference: decision.reference,
        decidedOn: decision.decidedOn,
      });
      await cleanUp(['lua-2016-2018-0180']);
      await database.query('DELETE FROM government_decision WHERE reference = $1', [decision.reference]);
    });

    it.each<[field: string, rule: RegExp, change: Record<string, unknown>]>([
      ['municipalityCode', /no municipality has the code 9999/, { municipalityCode: '9999' }],
      ['municipalityCode', /four-digit SCB municipality code/, { municipalityCode: 'Stockholm' }],
      ['title', /must not be empty/, { title: '   ' }],
      ['title', /at most 300 characters, got 301/, { title: 'x'.repeat(301) }],
      ['title', /control characters/, { title: 'Avtal\u0000' }],
      ['period.start', /YYYY-MM-DD/, { period: { start: '2016-02-30', end: '2018-12-31' } }],
      ['period.end', /after the start \(2016-01-01\)/, { period: { start: '2016-01-01', end: '2015-12-31' } }],
      ['period.end', /after the start/, { period: { start: '2016-01-01', end: '2016-01-01' } }],
      ['period.end', /between 1990-01-01 and 2100-12-31/, { period: { start: '2016-01-01', end: '2300-01-01' } }],
      ['period', /overlaps agreement lua-2008-2010-0180/, { period: { start: '2010-06-01', end: '2012-05-31' } }],
      ['districtIds', /at least one district/, { districtIds: [] }],
      ['districtIds.1', /lies in municipality 1280, not .* 0180/, { districtIds: ['0180-rinkeby', '1280-rosengard'] }],
      ['districtIds.0', /no urban district has the id "0180-nowhere"/, { districtIds: ['0180-nowhere'] }],
      ['districtIds.1', /listed twice/, { districtIds: ['0180-rinkeby', '0180-rinkeby'] }],
      ['focusAreas', /at least one goal area/, { focusAreas: [] }],
      ['focusAreas', /twice/, { focusAreas: ['WORK', 'WORK'] }],
      [
        'decision.decidedOn',
        /taken on 2008-05-22/,
        { decision: { reference: 'IJ2008/56/IU', decidedOn: '2008-05-23' } },
      ],
      ['decision.title', /required: no decision/, { decision: { reference: 'X2020/1', decidedOn: '2020-01-01' } }],
      ['decision.reference', /must not be empty/, { decision: { reference: '', decidedOn: '2020-01-01' } }],
    ])(
      'refuses %s that breaks %p with BAD_USER_INPUT naming the field and the rule; nothing written',
      async (field, rule, change) => {
        const error = await refused('coordinator', register, { input: stockholm2016(change) });
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(error.message).toMatch(rule);
      },
    );

    it('refuses an enum value outside the schema before any subgraph is asked', async () => {
      const before = await rowCounts();
      const { status, body } = await postGraphQL(
        system.gateway.url,
        register,
        { input: stockholm2016({ focusAreas: ['HOUSING'] }) },
        { authorization: `Bearer ${await callerToken(writeCallers.coordinator)}` },
      );
      expect(status).toBe(400);
      expect(body.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'input',
        field: 'focusAreas.0',
      });
      expect(body.errors![0].message).toMatch(/HOUSING/);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('who may write', () => {
    const writes: [name: string, document: string, variables: Record<string, unknown>][] = [
      ['registerAgreement', register, { input: stockholm2016() }],
      [
        'renewAgreement',
        renew,
        {
          input: {
            predecessorId: 'lua-2008-2010-0136',
            title: 'Haninge 2012–2014',
            period: { start: '2012-01-01', end: '2014-12-31' },
          },
        },
      ],
      [
        'addPartner',
        addPartner,
        {
          input: {
            agreementId: 'lua-2008-2010-0180',
            version: 1,
            partner: { organisationName: 'Svenska Bostäder' },
            role: 'HOUSING_COMPANY',
          },
        },
      ],
      [
        'removePartner',
        removePartner,
        { input: { agreementId: 'lua-2008-2010-0180', version: 1, partner: { organisationId: 'housing-0180' } } },
      ],
    ];

    it.each(
      writes.flatMap(([name, document, variables]) =>
        (['anonymous', 'partner of the agreement', 'partner of another agreement'] as const).map(
          (caller) => [name, caller, document, variables] as const,
        ),
      ),
    )(
      'refuses %s to %s with FORBIDDEN, writes nothing and audits the refusal',
      async (name, caller, document, variables) => {
        const error = await refused(caller, document, variables);
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toMatch(caller === 'anonymous' ? /anonymous callers write nothing/ : /for coordinators/);
        expect(system.subgraphs.agreements.audit.recent().at(-1)).toMatchObject({
          fieldPath: name,
          outcome: 'refused',
        });
      },
    );

    it.each(writes.map(([name, document, variables]) => [name, document, variables] as const))(
      'lets coordinators and administrators %s',
      async (name, document, variables) => {
        for (const caller of ['coordinator', 'administrator'] as const) {
          const before = await rowCounts();
          const body = await as(caller, document, variables);
          expect(body.errors).toBeUndefined();
          expect(body.data![name]).not.toBeNull();
          expect((await rowCounts()).change_record).toBeGreaterThan(before.change_record);
          // Undo, so that the other caller's write meets the same state.
          if (name === 'registerAgreement') await cleanUp(['lua-2016-2018-0180']);
          if (name === 'renewAgreement') await cleanUp(['lua-2012-2014-0136']);
          if (name === 'addPartner' || name === 'removePartner') {
            const added = name === 'addPartner';
            await database.query(
              added
                ? "DELETE FROM partnership WHERE agreement_id = 'lua-2008-2010-0180' AND partner_type = 'Organisation' AND partner_id <> 'housing-0180'"
                : "INSERT INTO partnership (agreement_id, partner_type, partner_id, role, represented_by, position) VALUES ('lua-2008-2010-0180', 'Organisation', 'housing-0180', 'HOUSING_COMPANY', NULL, 4)",
            );
            if (added) await database.query("DELETE FROM organisation WHERE name = 'Svenska Bostäder'");
            await database.query("UPDATE local_development_agreement SET version = 1 WHERE id = 'lua-2008-2010-0180'");
          }
        }
      },
    );
  });

  describe('renewAgreement', () => {
    afterEach(() => cleanUp(['lua-2012-2014-0136', 'lua-2016-2018-0180']));

    it('follows its predecessor with the partners, districts, goal areas and decision carried over, linked both ways', async () => {
      const body = await as('coordinator', renew, {
        input: {
          predecessorId: 'lua-2008-2010-0136',
          title: 'Haninge 2012–2014',
          period: { start: '2012-01-01', end: '2014-12-31' },
        },
      });
      expect(body.errors).toBeUndefined();
      const renewal = body.data!.renewAgreement;
      expect(renewal).toMatchObject({
        id: 'lua-2012-2014-0136',
        municipality: { code: '0136' },
        districts: [{ id: '0136-jordbro' }],
        focusAreas: ['WORK', 'EDUCATION', 'SAFETY', 'GROWTH'],
        decision: { reference: 'IJ2008/56/IU' },
        predecessor: { id: 'lua-2008-2010-0136' },
      });
      expect(renewal.partners.map((p: any) => p.partner.__typename)).toEqual([
        'Municipality',
        'PoliceAuthority',
        'Arbetsformedlingen',
        'Forsakringskassan',
        'Organisation',
      ]);
      const back = await as('anonymous', '{ agreement(id: "lua-2008-2010-0136") { successor { id } } }', {});
      expect(back.data!.agreement.successor).toEqual({ id: 'lua-2012-2014-0136' });
    });

    it.each<[field: string, rule: RegExp, input: Record<string, unknown>]>([
      [
        'predecessorId',
        /was renewed already, by lua-2012-2014-0180/,
        { predecessorId: 'lua-2008-2010-0180', period: { start: '2016-01-01', end: '2018-12-31' } },
      ],
      ['predecessorId', /no agreement has the id lua-1999-2001-0180/, { predecessorId: 'lua-1999-2001-0180' }],
      ['predecessorId', /lower-case id/, { predecessorId: 'LUA 2008' }],
      [
        'period.start',
        /after the end of the agreement it renews \(2010-12-31\)/,
        { period: { start: '2010-07-01', end: '2012-12-31' } },
      ],
      ['districtIds.0', /lies in municipality 0180, not .* 0136/, { districtIds: ['0180-rinkeby'] }],
    ])('refuses %s that breaks %p; nothing written', async (field, rule, input) => {
      const error = await refused('coordinator', renew, {
        input: {
          predecessorId: 'lua-2008-2010-0136',
          title: 'Renewal',
          period: { start: '2012-01-01', end: '2014-12-31' },
          ...input,
        },
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(rule);
    });
  });

  describe('addPartner and removePartner', () => {
    let version: number;

    beforeEach(async () => {
      const body = await as('coordinator', '{ agreement(id: "lua-2008-2010-0136") { version } }', {});
      version = body.data!.agreement.version;
    });

    it('adds a new organisation by name and kind, raises the version, and removes it again', async () => {
      const added = await as('coordinator', addPartner, {
        input: {
          agreementId: 'lua-2008-2010-0136',
          version,
          partner: { organisationName: 'Föreningen Jordbro Framåt' },
          role: 'CIVIL_SOCIETY',
          representedBy: 'Styrelsen',
        },
      });
      expect(added.errors).toBeUndefined();
      const agreement = added.data!.addPartner;
      expect(agreement.version).toBe(version + 1);
      const partner = agreement.partners.at(-1);
      expect(partner).toEqual({
        role: 'CIVIL_SOCIETY',
        representedBy: 'Styrelsen',
        partner: { __typename: 'Organisation', id: 'foreningen-jordbro-framat', name: 'Föreningen Jordbro Framåt' },
      });
      const removed = await as('coordinator', removePartner, {
        input: {
          agreementId: 'lua-2008-2010-0136',
          version: version + 1,
          partner: { organisationId: 'foreningen-jordbro-framat' },
        },
      });
      expect(removed.errors).toBeUndefined();
      expect(removed.data!.removePartner.version).toBe(version + 2);
      expect(removed.data!.removePartner.partners).toHaveLength(5);
      const history = await as(
        'coordinator',
        '{ agreement(id: "lua-2008-2010-0136") { history { operation entity before after } } }',
        {},
      );
      expect(history.data!.agreement.history.slice(0, 3)).toEqual([
        expect.objectContaining({ operation: 'removePartner', entity: 'Partnership', after: null }),
        expect.objectContaining({ operation: 'addPartner', entity: 'Partnership', before: null }),
        expect.objectContaining({ operation: 'addPartner', entity: 'Organisation', before: null }),
      ]);
    });

    it.each<[field: string, rule: RegExp, input: Record<string, unknown>]>([
      ['partner', /exactly one of/, { partner: { authorityId: 'polisen', municipalityCode: '0136' } }],
      ['partner', /exactly one of/, { partner: {} }],
      [
        'partner.authorityId',
        /one of polisen, arbetsformedlingen, forsakringskassan/,
        { partner: { authorityId: 'skatteverket' } },
      ],
      [
        'partner',
        /PoliceAuthority polisen is already a partner/,
        { partner: { authorityId: 'polisen' }, role: 'STATE_AUTHORITY' },
      ],
      [
        'partner.municipalityCode',
        /only the signing municipality \(0136\)/,
        { partner: { municipalityCode: '0180' }, role: 'MUNICIPALITY' },
      ],
      [
        'partner.organisationId',
        /no organisation has the id no-such-org/,
        { partner: { organisationId: 'no-such-org' } },
      ],
      ['partner.organisationName', /must not be empty/, { partner: { organisationName: ' ' } }],
      ['representedBy', /at most 200 characters/, { representedBy: 'x'.repeat(201) }],
      ['agreementId', /no agreement has the id lua-1999-2001-0136/, { agreementId: 'lua-1999-2001-0136' }],
      ['version', /1 or more/, { version: 0 }],
    ])('addPartner refuses %s that breaks %p; nothing written', async (field, rule, input) => {
      const error = await refused('coordinator', addPartner, {
        input: {
          agreementId: 'lua-2008-2010-0136',
          version,
          partner: { organisationName: 'Ny förening' },
          role: 'CIVIL_SOCIETY',
          ...input,
        },
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(rule);
    });

    it('rolls back a write that fails half-way: the organisation it had recorded and the raised version are gone', async () => {
      // The organisation is written before the role is found wrong for it.
      const error = await refused('coordinator', addPartner, {
        input: {
          agreementId: 'lua-2008-2010-0136',
          version,
          partner: { organisationName: 'Halvvägs AB' },
          role: 'STATE_AUTHORITY',
        },
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
      expect(await database.query("SELECT id FROM organisation WHERE name = 'Halvvägs AB'")).toEqual([]);
    });

    it.each<[field: string, rule: RegExp, partner: Record<string, unknown>]>([
      ['partner.municipalityCode', /signing municipality stays party/, { municipalityCode: '0136' }],
      [
        'partner',
        /Organisation housing-0180 is not a partner of lua-2008-2010-0136/,
        { organisationId: 'housing-0180' },
      ],
      ['partner.organisationName', /by its organisationId/, { organisationName: 'Kommunalt bostadsbolag' }],
    ])('removePartner refuses %s that breaks %p; nothing written', async (field, rule, partner) => {
      const error = await refused('coordinator', removePartner, {
        input: { agreementId: 'lua-2008-2010-0136', version, partner },
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(rule);
    });

    it('lets exactly one of two writers on the same version through; the other gets CONFLICT and nothing is lost', async () => {
      const write = (authorityless: string) =>
        as('coordinator', addPartner, {
          input: {
            agreementId: 'lua-2008-2010-0136',
            version,
            partner: { organisationName: authorityless },
            role: 'BUSINESS',
          },
        });
      const answers = await Promise.all([write('Första AB'), write('Andra AB')]);
      const won = answers.filter((a) => !a.errors);
      const lost = answers.filter((a) => a.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
      const winner = won[0].data!.addPartner.partners.at(-1).partner.name;
      const stored = (await database.query(
        "SELECT o.name FROM partnership p JOIN organisation o ON o.id = p.partner_id WHERE p.agreement_id = 'lua-2008-2010-0136' AND p.role = 'BUSINESS'",
      )) as { name: string }[];
      expect(stored.map((r) => r.name)).toEqual([winner]);
      // The loser re-reads and repeats its change on the current version: both partners are there.
      const loser = winner === 'Första AB' ? 'Andra AB' : 'Första AB';
      const retried = await as('coordinator', addPartner, {
        input: {
          agreementId: 'lua-2008-2010-0136',
          version: version + 1,
          partner: { organisationName: loser },
          role: 'BUSINESS',
        },
      });
      expect(retried.errors).toBeUndefined();
      expect(retried.data!.addPartner.partners.filter((p: any) => p.role === 'BUSINESS')).toHaveLength(2);
      await database.query("DELETE FROM partnership WHERE agreement_id = 'lua-2008-2010-0136' AND role = 'BUSINESS'");
      await database.query("DELETE FROM organisation WHERE name IN ('Första AB', 'Andra AB')");
    });
  });

  describe('idempotent creates', () => {
    afterEach(() => cleanUp(['lua-2016-2018-0180', 'lua-2016-2018-0136']));

    it('answers a retry with the same key and input with the first result, and creates nothing more', async () => {
      const before = await rowCounts();
      const first = await as('coordinator', register, { input: stockholm2016(), key: 'retry-0180-2016' });
      expect(first.errors).toBeUndefined();
      const afterFirst = await rowCounts();
      // The same input with its fields in another order is the same request.
      const { focusAreas, ...rest } = stockholm2016();
      const retry = await as('coordinator', register, { input: { focusAreas, ...rest }, key: 'retry-0180-2016' });
      expect(retry.errors).toBeUndefined();
      expect(retry.data!.registerAgreement).toEqual(first.data!.registerAgreement);
      expect(await rowCounts()).toEqual(afterFirst);
      expect(afterFirst.local_development_agreement).toBe(before.local_development_agreement + 1);
    });

    it('refuses the same key with other input, and another caller’s same key is their own', async () => {
      await as('coordinator', register, { input: stockholm2016(), key: 'reused-key-1' });
      const error = await refused('coordinator', register, {
        input: stockholm2016({ title: 'Another title' }),
        key: 'reused-key-1',
      });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
      expect(error.message).toMatch(/already used for another request/);
      const other = await as('administrator', register, {
        input: { ...stockholm2016(), municipalityCode: '0136', districtIds: ['0136-jordbro'] },
        key: 'reused-key-1',
      });
      expect(other.errors).toBeUndefined();
      expect(other.data!.registerAgreement.id).toBe('lua-2016-2018-0136');
    });

    it('creates once when the same request is retried while the first is still running', async () => {
      const before = await rowCounts();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          as('coordinator', register, { input: stockholm2016(), key: 'concurrent-retry-1' }),
        ),
      );
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.registerAgreement.id).toBe('lua-2016-2018-0180');
      }
      const after = await rowCounts();
      expect(after.local_development_agreement).toBe(before.local_development_agreement + 1);
      expect(after.idempotency_key).toBe(before.idempotency_key + 1);
    });

    it('refuses a malformed key', async () => {
      const error = await refused('coordinator', register, { input: stockholm2016(), key: 'short' });
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    });
  });

  it('loses and duplicates nothing in a burst of concurrent creates from several callers', async () => {
    const municipalities = [
      '0126',
      '0127',
      '0136',
      '0180',
      '0181',
      '0182',
      '0380',
      '0580',
      '0581',
      '0680',
      '0780',
      '1280',
    ];
    const districtOf = new Map<string, string>();
    const districts = await as('anonymous', '{ urbanDistricts { id municipality { code } } }', {});
    for (const d of districts.data!.urbanDistricts)
      if (!districtOf.has(d.municipality.code)) districtOf.set(d.municipality.code, d.id);
    const before = await rowCounts();
    const coordinators = ['coordinator', 'administrator'] as const;
    // Each municipality twice, by different callers with overlapping periods: one of each pair may be recorded.
    const attempts = municipalities.flatMap((code, i) =>
      [0, 1].map((n) =>
        as(coordinators[(i + n) % 2], register, {
          input: {
            ...stockholm2016(),
            municipalityCode: code,
            title: `Burst ${code} ${n}`,
            period: n === 0 ? { start: '2030-01-01', end: '2032-12-31' } : { start: '2031-01-01', end: '2033-12-31' },
            districtIds: [districtOf.get(code)],
          },
        }),
      ),
    );
    const answers = await Promise.all(attempts);
    const created = answers.filter((a) => !a.errors).map((a) => a.data!.registerAgreement.id as string);
    const refusals = answers.filter((a) => a.errors).map((a) => a.errors![0].extensions);
    expect(created).toHaveLength(municipalities.length);
    expect(new Set(created.map((id) => id.slice(-4)))).toEqual(new Set(municipalities));
    expect(refusals).toHaveLength(municipalities.length);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    const after = await rowCounts();
    expect(after.local_development_agreement).toBe(before.local_development_agreement + municipalities.length);
    expect(after.partnership).toBe(before.partnership + municipalities.length);
    const stored = (await database.query("SELECT id FROM local_development_agreement WHERE title LIKE 'Burst %'")) as {
      id: string;
    }[];
    expect(stored.map((r) => r.id).sort()).toEqual([...created].sort());
    await cleanUp(created);
  });

  it('never shows an answer from before a write: the gateway’s cache of public answers is dropped by the write', async () => {
    const read = async () => {
      const response = await fetch(system.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ agreement(id: "lua-2008-2010-0581") { version partners { role } } }' }),
      });
      return { cache: response.headers.get('cache-status'), body: (await response.json()) as GraphQLResponse<any> };
    };
    const first = await read();
    const cached = await read();
    expect(cached.cache).toMatch(/hit/);
    expect(cached.body).toEqual(first.body);
    const { version, partners } = first.body.data!.agreement;
    const written = await as('coordinator', addPartner, {
      input: {
        agreementId: 'lua-2008-2010-0581',
        version,
        partner: { organisationName: 'Cache AB' },
        role: 'BUSINESS',
      },
    });
    expect(written.errors).toBeUndefined();
    const after = await read();
    expect(after.cache).not.toMatch(/hit/);
    expect(after.body.data!.agreement).toEqual({ version: version + 1, partners: [...partners, { role: 'BUSINESS' }] });
    await database.query("DELETE FROM partnership WHERE agreement_id = 'lua-2008-2010-0581' AND role = 'BUSINESS'");
  });
});

import { createHash } from 'node:crypto';
import { loadRegisteredOperations } from '../../schema/operations';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

/** The four callers the security model distinguishes, for Haninge's agreement. */
const roles = {
  anonymous: undefined,
  'partner of this agreement': { org: '0136', roles: ['partner'], sub: 'haninge-coordinator' },
  'partner of another agreement': { org: '1280', roles: ['partner'], sub: 'malmo-officer' },
  coordinator: { org: '0180', roles: ['coordinator'], sub: 'national-coordinator' },
} as const;

type Role = keyof typeof roles;

const partnerView = /* GraphQL */ `
  query PartnerView {
    agreements(municipalityCode: "0136") {
      id
      municipality {
        name
      }
      partners {
        role
      }
      commitments {
        focusArea
        coFinancingSek
        partner {
          __typename
        }
      }
      followUps {
        year
        status
      }
      obstacles {
        kind
      }
      contactPeople {
        name
        email
        organisation {
          __typename
        }
      }
    }
  }
`;

describe(`who sees what (${databaseKind})`, () => {
  let system: RunningSupergraph;

  beforeAll(async () => {
    system = await startSupergraph('samverkan_access_');
  }, 180_000);
  afterAll(() => system?.stop());

  async function as(role: Role, query: string, variables: Record<string, unknown> = {}) {
    const claims = roles[role];
    const headers: Record<string, string> = claims
      ? { authorization: `Bearer ${await callerToken({ ...claims, roles: [...claims.roles] })}` }
      : {};
    const { status, body } = await postGraphQL(system.gateway.url, query, variables, headers);
    expect(status).toBe(200);
    return body;
  }

  function forbiddenPaths(body: { errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] }) {
    return (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));
  }

  it('gives every role the same public AgreementOverview', async () => {
    const overview = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
    const answers = [];
    for (const role of Object.keys(roles) as Role[]) {
      const body = await as(role, overview.document, overview.variables);
      expect(body.errors).toBeUndefined();
      answers.push(body.data);
    }
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('shows an anonymous caller the public fields and nothing partner-only', async () => {
    const body = await as('anonymous', partnerView);
    const [agreement] = body.data!.agreements;
    expect(agreement.municipality.name).toBe('Haninge');
    expect(agreement.partners).toHaveLength(5);
    expect([agreement.commitments, agreement.followUps, agreement.obstacles, agreement.contactPeople]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(forbiddenPaths(body).sort()).toEqual([
      'agreements.0.commitments',
      'agreements.0.contactPeople',
      'agreements.0.followUps',
      'agreements.0.obstacles',
    ]);
  });

  it('shows a partner of the agreement everything, contact people included', async () => {
    const body = await as('partner of this agreement', partnerView);
    expect(body.errors).toBeUndefined();
    const [agreement] = body.data!.agreements;
    expect(agreement.commitments).toHaveLength(5);
    expect(agreement.followUps.map((f: { status: string }) => f.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'DRAFT']);
    expect(agreement.obstacles.map((o: { kind: string }) => o.kind).sort()).toEqual(['GOAL_CONFLICT', 'OBSTACLE']);
    expect(agreement.contactPeople).toHaveLength(5);
    for (const person of agreement.contactPeople) expect(person.email).toMatch(/@example\.org$/);
  });

  it('shows a partner of another agreement no more than an anonymous caller', async () => {
    const body = await as('partner of another agreement', partnerView);
    const [agreement] = body.data!.agreements;
    expect([agreement.commitments, agreement.followUps, agreement.obstacles, agreement.contactPeople]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(forbiddenPaths(body)).toHaveLength(4);
  });

  it('shows a coordinator the partner-only data of every agreement, but no personal data', async () => {
    const body = await as('coordinator', partnerView);
    const [agreement] = body.data!.agreements;
    expect(agreement.commitments).toHaveLength(5);
    expect(agreement.followUps).toHaveLength(3);
    expect(agreement.obstacles).toHaveLength(2);
    expect(agreement.contactPeople).toBeNull();
    expect(forbiddenPaths(body)).toEqual(['agreements.0.contactPeople']);
    expect(body.errors![0].message).toMatch(/personal data/);
  });

  it('lets an authority that is party to every agreement see each one’s contact people', async () => {
    const token = await callerToken({ org: 'polisen', roles: ['partner'], sub: 'kommunpolis' });
    const { body } = await postGraphQL(
      system.gateway.url,
      // The seed names contact people for the agreements of 2008–2010, not for their renewals.
      '{ agreements(activeInYear: 2009) { contactPeople { email } } }',
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.agreements).toHaveLength(21);
    expect(body.data!.agreements.every((a: { contactPeople: unknown[] }) => a.contactPeople.length === 5)).toBe(true);
  });

  it('audits every read of personal data and every refusal: who, organisation, operation, field path, time; never the data', async () => {
    const audit = system.subgraphs.agreements.audit;
    const before = audit.recent().length;
    await as('partner of this agreement', partnerView);
    await as('partner of another agreement', partnerView);
    const entries = audit.recent().slice(before);
    expect(entries).toContainEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'subgraph-agreements',
      who: 'haninge-coordinator',
      organisation: '0136',
      roles: ['partner'],
      operation: 'PartnerView',
      operationHash: createHash('sha256').update(partnerView).digest('hex'),
      // Whose data, by schema coordinate and key; the client's alias path only beside them.
      coordinate: 'LocalDevelopmentAgreement.contactPeople',
      entity: 'LocalDevelopmentAgreement:lua-2008-2010-0136',
      fieldPath: expect.stringMatching(/\.contactPeople$/),
      level: 'PERSONAL',
      outcome: 'read',
    });
    const refusals = entries.filter((e) => e.outcome === 'refused');
    expect(refusals.map((e) => [e.who, e.organisation, e.level, e.coordinate, e.count]).sort()).toEqual([
      ['malmo-officer', '1280', 'PARTNER', 'LocalDevelopmentAgreement.commitments', 1],
      ['malmo-officer', '1280', 'PARTNER', 'LocalDevelopmentAgreement.followUps', 1],
      ['malmo-officer', '1280', 'PARTNER', 'LocalDevelopmentAgreement.obstacles', 1],
      ['malmo-officer', '1280', 'PERSONAL', 'LocalDevelopmentAgreement.contactPeople', 1],
    ]);
    const logged = JSON.stringify(entries);
    expect(logged).not.toMatch(/@example\.org|Testa|Prova|Demo|Exempel|Fiktiv/);
  });

  it('writes one refusal entry per field for an anonymous query that asks every agreement 10 times over', async () => {
    const audit = system.subgraphs.agreements.audit;
    const before = audit.recent().length;
    const aliases = Array.from({ length: 10 }, (_, i) => `c${i}: contactPeople { name }`).join(' ');
    const { body } = await postGraphQL(system.gateway.url, `{ agreements { ${aliases} } }`);
    // 30 agreements, 10 refused fields each: 300 refusals, one audit entry.
    expect(body.errors).toHaveLength(300);
    const entries = audit.recent().slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      who: 'anonymous',
      coordinate: 'LocalDevelopmentAgreement.contactPeople',
      outcome: 'refused',
      count: body.errors!.length,
    });
  });

  it('audits requests refused for who is asking: a bad token at the gateway, a direct call to a subgraph', async () => {
    const expired = await callerToken({
      org: '0136',
      sub: 'stale-session',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    await postGraphQL(system.gateway.url, '{ viewer { organisation } }', {}, { authorization: `Bearer ${expired}` });
    expect(system.gateway.audit.recent().at(-1)).toMatchObject({
      service: 'gateway',
      who: 'unverified',
      level: 'REQUEST',
      outcome: 'refused',
      reason: 'UNAUTHENTICATED',
      fieldPath: '/graphql',
    });
    await postGraphQL(system.subgraphs.police.url, '{ police { name } }');
    expect(system.subgraphs.police.audit.recent().at(-1)).toMatchObject({
      service: 'subgraph-police',
      outcome: 'refused',
      reason: 'UNAUTHENTICATED',
    });
  });

  describe('statistical disclosure control', () => {
    const breakdownQuery = /* GraphQL */ `
      query YouthInProgrammes($year: Int!) {
        municipalities {
          code
          youthInProgrammes(year: $year) {
            ...Breakdown
          }
        }
        urbanDistricts {
          id
          youthInProgrammes(year: $year) {
            ...Breakdown
          }
        }
      }
      fragment Breakdown on CountBreakdown {
        total {
          value
          suppressed
        }
        women {
          value
          suppressed
        }
        men {
          value
          suppressed
        }
      }
    `;
    type Figure = { value: number | null; suppressed: boolean };
    type Breakdown = { total: Figure; women: Figure; men: Figure };

    it('withholds small counts for every caller and leaves none recoverable from the total and the other part', async () => {
      let served = 0;
      let withheld = 0;
      for (let year = 2006; year <= 2024; year += 1) {
        const anonymous = await as('anonymous', breakdownQuery, { year });
        const coordinator = await as('coordinator', breakdownQuery, { year });
        expect(anonymous.errors).toBeUndefined();
        // Suppression happens at the data layer: no role sees more.
        expect(coordinator.data).toEqual(anonymous.data);
        const breakdowns: Breakdown[] = [
          ...anonymous.data!.municipalities.map((m: { youthInProgrammes: Breakdown }) => m.youthInProgrammes),
          ...anonymous.data!.urbanDistricts.map((d: { youthInProgrammes: Breakdown }) => d.youthInProgrammes),
        ];
        expect(breakdowns).toHaveLength(290 + 38);
        for (const { total, women, men } of breakdowns) {
          for (const figure of [total, women, men]) {
            expect(figure.suppressed).toBe(figure.value === null);
            if (figure.value !== null) expect(figure.value).toBeGreaterThanOrEqual(5);
            if (figure.suppressed) withheld += 1;
            else served += 1;
          }
          const unknownParts = [women, men].filter((f) => f.suppressed).length;
          // A served total with exactly one withheld part would give that part away.
          expect(total.suppressed === false && unknownParts === 1).toBe(false);
          if (unknownParts === 0) expect(women.value! + men.value!).toBe(total.value);
        }
      }
      console.log(`youth in programmes, 2006-2024: ${served} figures served, ${withheld} withheld`);
      expect(withheld).toBeGreaterThan(100);
      expect(served).toBeGreaterThan(100);
    });
  });
});

import { loadAgreementMunicipalities, loadUrbanDistricts } from '@samverkan/common';
import { loadRegisteredOperations, type RegisteredOperation } from '../../schema/operations';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

/**
 * The registered dashboard operations, verbatim, through the real gateway
 * and the five real subgraphs over HTTP, against the seeded databases.
 */
describe(`contract operations through the gateway (${databaseKind})`, () => {
  let system: RunningSupergraph;
  const operations = new Map<string, RegisteredOperation>();

  beforeAll(async () => {
    for (const op of loadRegisteredOperations()) operations.set(op.name, op);
    system = await startSupergraph('samverkan_e2e_');
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  function run(name: string, variables?: Record<string, unknown>) {
    const op = operations.get(name);
    if (!op) throw new Error(`operation ${name} is not registered`);
    return postGraphQL(system.gateway.url, op.document, variables ?? op.variables);
  }

  const authorityTypes = ['Arbetsformedlingen', 'Forsakringskassan', 'PoliceAuthority'];

  it("registers the three contract operations from the shared contract, and the product's own", () => {
    expect([...operations.keys()].sort()).toEqual([
      'AgreementOverview',
      'AuthorityPartnerships',
      'ChangeObstacleStatus',
      'DistrictTrends',
      'FileFollowUpReport',
      'FollowUpDashboard',
      'FollowUpIndicators',
      'MunicipalityProfile',
      'PartnerFollowUp',
      'RecordCommitment',
      'RecordObstacle',
    ]);
    // Every write and every read that is not public says whom it is for.
    for (const op of operations.values()) {
      if (op.mutation) expect({ op: op.name, caller: op.caller }).toEqual({ op: op.name, caller: expect.any(Object) });
    }
  });

  describe('the follow-up dashboard’s operations, each run as the caller it is for', () => {
    async function runAs(name: string) {
      const op = operations.get(name)!;
      const token = await callerToken({ ...op.caller!, sub: `example-${op.caller!.org}` });
      return postGraphQL(system.gateway.url, op.document, op.variables, { authorization: `Bearer ${token}` });
    }

    it.each(['RecordCommitment', 'RecordObstacle', 'ChangeObstacleStatus', 'FileFollowUpReport'])(
      '%s writes with its example variables, and anonymous callers get FORBIDDEN',
      async (name) => {
        const op = operations.get(name)!;
        const anonymous = await postGraphQL(system.gateway.url, op.document, op.variables);
        expect(anonymous.body.errors![0].extensions?.code).toBe('FORBIDDEN');
        const { status, body } = await runAs(name);
        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(Object.values(body.data!)[0]).not.toBeNull();
      },
    );

    it('FollowUpDashboard shows those writes to a coordinator', async () => {
      const now = new Date();
      const op = operations.get('FollowUpDashboard')!;
      const token = await callerToken({ ...op.caller!, sub: 'example-coordinator' });
      const { body } = await postGraphQL(
        system.gateway.url,
        op.document,
        { ...op.variables, year: now.getUTCFullYear(), quarter: Math.floor(now.getUTCMonth() / 3) + 1 },
        { authorization: `Bearer ${token}` },
      );
      expect(body.errors).toBeUndefined();
      const dashboard = body.data!;
      // Haninge's 2010 report was filed just now, after 2010-11-01: as of then it was still due.
      expect(dashboard.reportsDue.some((d: any) => d.agreement.id === 'lua-2008-2010-0136')).toBe(true);
      expect(dashboard.openObstacles.find((o: any) => o.id === 'lua-2008-2010-0136-data-sharing').status).toBe(
        'ESCALATED',
      );
      expect(dashboard.quarterlySummary).toMatchObject({
        commitmentsRecorded: 1,
        obstaclesRecorded: 1,
        obstaclesEscalated: 1,
        reportsFiled: 1,
        budgetRecordedSek: 400_000,
      });
      const anonymous = await run('FollowUpDashboard');
      expect(anonymous.body.data).toEqual({
        reportsDue: null,
        openObstacles: null,
        committedBudgets: null,
        quarterlySummary: null,
      });
    });
  });

  it('PartnerFollowUp shows a partner the reports and obstacles of its own agreements only', async () => {
    const op = operations.get('PartnerFollowUp')!;
    const token = await callerToken({ ...op.caller!, sub: 'example-stockholm' });
    const { body } = await postGraphQL(system.gateway.url, op.document, op.variables, {
      authorization: `Bearer ${token}`,
    });
    expect(body.errors).toBeUndefined();
    const { viewer } = body.data!;
    expect(viewer).toMatchObject({ organisation: '0180', roles: ['PARTNER'] });
    expect(viewer.partnerIn.length).toBeGreaterThan(0);
    for (const agreement of viewer.partnerIn) {
      expect(agreement.municipality.code).toBe('0180');
      expect(Array.isArray(agreement.followUps)).toBe(true);
      expect(Array.isArray(agreement.obstacles)).toBe(true);
    }
    expect(viewer.partnerIn.flatMap((a: any) => a.followUps).length).toBeGreaterThan(0);
    // Anonymous: no organisation, so no agreements to follow up.
    const anonymous = await run('PartnerFollowUp');
    expect(anonymous.body.data!.viewer).toMatchObject({ organisation: null, partnerIn: [] });
  });

  describe('AgreementOverview for 2009', () => {
    /** The agreements of 2008–2010, which every test below reads; the URBAN 15 renewals have a test of their own. */
    let agreements: any[];
    let everyAgreement: any[];

    beforeAll(async () => {
      const { status, body } = await run('AgreementOverview', { year: 2009 });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      everyAgreement = body.data!.agreements;
      agreements = everyAgreement.filter((a) => a.period.start === '2008-01-01');
    });

    it('lists the 21 agreements of 2008–2010, one per municipality in the decision', () => {
      expect(agreements).toHaveLength(21);
      expect(agreements.map((a) => a.municipality.code).sort()).toEqual(
        loadAgreementMunicipalities()
          .map((m) => m.code)
          .sort(),
      );
      for (const agreement of agreements) {
        expect(agreement.period).toEqual({ start: '2008-01-01', end: '2010-12-31' });
        expect(agreement.focusAreas).toEqual(['WORK', 'EDUCATION', 'SAFETY', 'GROWTH']);
      }
    });

    it('lists after them the URBAN 15 renewals of 2012–2014, covering the 15 verified districts', () => {
      const urban15 = everyAgreement.filter((a) => a.period.start === '2012-01-01');
      expect(everyAgreement).toHaveLength(agreements.length + urban15.length);
      const verified = loadUrbanDistricts().filter((d) => d.confidence === 'verified');
      expect(urban15).toHaveLength(new Set(verified.map((d) => d.municipalityCode)).size);
      expect(urban15.flatMap((a) => a.districts.map((d: any) => d.id)).sort()).toEqual(
        verified.map((d) => d.id).sort(),
      );
      for (const agreement of urban15) expect(agreement.period).toEqual({ start: '2012-01-01', end: '2014-12-31' });
      // Ordered by municipality, then period: each municipality's 2008 agreement comes before its renewal.
      const order = everyAgreement.map((a) => `${a.municipality.code} ${a.period.start}`);
      expect(order).toEqual([...order].sort());
    });

    it('resolves each municipality with its county and police region from other subgraphs', () => {
      const stockholm = agreements.find((a) => a.municipality.code === '0180');
      expect(stockholm.municipality).toEqual({
        code: '0180',
        name: 'Stockholm',
        county: { code: '01', name: 'Stockholms län' },
        policeRegion: { code: '5300', name: 'Stockholm' },
      });
      const malmo = agreements.find((a) => a.municipality.code === '1280');
      expect(malmo.municipality.policeRegion).toEqual({ code: '5600', name: 'Syd' });
      for (const agreement of agreements) {
        expect(agreement.municipality.name).toEqual(expect.any(String));
        expect(agreement.municipality.county.name).toMatch(/län$/);
        expect(agreement.municipality.policeRegion.name).toEqual(expect.any(String));
      }
    });

    it('names the municipality and the three authorities among every agreement’s partners', () => {
      for (const agreement of agreements) {
        const partners = agreement.partners.map((p: any) => p.partner);
        expect(partners).toContainEqual({
          __typename: 'Municipality',
          code: agreement.municipality.code,
          name: agreement.municipality.name,
        });
        const authorities = partners.filter((p: any) => authorityTypes.includes(p.__typename));
        expect(authorities.map((a: any) => a.__typename).sort()).toEqual(authorityTypes);
        expect(authorities.map((a: any) => a.name).sort()).toEqual([
          'Arbetsförmedlingen',
          'Försäkringskassan',
          'Polismyndigheten',
        ]);
        for (const p of agreement.partners.filter((p: any) => authorityTypes.includes(p.partner.__typename))) {
          expect(p.role).toBe('STATE_AUTHORITY');
        }
      }
    });

    it('covers all 38 districts, each with its three statistics labelled synthetic', () => {
      const districts = agreements.flatMap((a) => a.districts);
      expect(districts).toHaveLength(38);
      expect(districts.map((d: any) => d.id).sort()).toEqual(
        loadUrbanDistricts()
          .map((d) => d.id)
          .sort(),
      );
      for (const agreement of agreements) expect(agreement.districts.length).toBeGreaterThanOrEqual(1);
      for (const district of districts) {
        for (const field of ['unemployment', 'sicknessIndex', 'reportedCrimes']) {
          const statistic = district[field];
          expect(statistic).not.toBeNull();
          expect(statistic.source.synthetic).toBe(true);
          expect(statistic.suppressed ? statistic.value : typeof statistic.value).toBe(
            statistic.suppressed ? null : 'number',
          );
        }
        expect(district.unemployment.unit).toMatch(/percent/);
        expect(district.unemployment.value).toBeGreaterThan(0);
        expect(district.unemployment.value).toBeLessThan(60);
      }
    });

    it("carries Polisen's classification where the district is on the list, null where it is not", () => {
      const byId = new Map(agreements.flatMap((a) => a.districts).map((d: any) => [d.id, d]));
      expect(byId.get('0180-rinkeby').vulnerability).toEqual({ category: 'ESPECIALLY_VULNERABLE', listYear: 2025 });
      expect(byId.get('0136-jordbro').vulnerability).toEqual({ category: 'VULNERABLE', listYear: 2025 });
      expect(byId.get('0127-hallunda-norsborg').vulnerability.category).toBe('ESPECIALLY_VULNERABLE');
      expect(byId.get('0126-flemingsberg').vulnerability).toBeNull();
    });

    it('answers null statistics for a year without figures, without errors', async () => {
      const { body } = await run('AgreementOverview', { year: 1990 });
      expect(body.errors).toBeUndefined();
      const district = body.data!.agreements[0].districts[0];
      expect([district.unemployment, district.sicknessIndex, district.reportedCrimes]).toEqual([null, null, null]);
    });
  });

  describe('MunicipalityProfile', () => {
    it('shows Haninge (0136) in Stockholms län and police region Stockholm', async () => {
      const { body } = await run('MunicipalityProfile', { code: '0136', year: 2009 });
      expect(body.errors).toBeUndefined();
      const haninge = body.data!.municipality;
      expect(haninge).toMatchObject({
        code: '0136',
        name: 'Haninge',
        county: { code: '01', name: 'Stockholms län' },
        policeRegion: { code: '5300', name: 'Stockholm' },
        agreements: [{ id: 'lua-2008-2010-0136', period: { start: '2008-01-01', end: '2010-12-31' } }],
        districts: [{ id: '0136-jordbro', name: 'Jordbro', vulnerability: { category: 'VULNERABLE', listYear: 2025 } }],
      });
      // Kolada publishes ohälsotal and reported crime for 2009; registered unemployment only from 2010.
      const synthetic = { unemployment: true, sicknessIndex: false, reportedCrimes: false };
      for (const [field, expected] of Object.entries(synthetic)) {
        expect(haninge[field]).toMatchObject({ suppressed: false, source: { synthetic: expected } });
        expect(haninge[field].value).toBeGreaterThan(0);
      }
    });

    it('answers the registered example (Stockholm, 2009)', async () => {
      const { body } = await run('MunicipalityProfile');
      expect(body.errors).toBeUndefined();
      expect(body.data!.municipality.name).toBe('Stockholm');
      expect(body.data!.municipality.districts.map((d: any) => d.name)).toEqual(['Husby', 'Rinkeby', 'Tensta']);
    });

    it('answers a municipality with no agreement with empty lists', async () => {
      const { body } = await run('MunicipalityProfile', { code: '2584', year: 2009 });
      expect(body.errors).toBeUndefined();
      expect(body.data!.municipality).toMatchObject({
        name: 'Kiruna',
        policeRegion: { name: 'Nord' },
        agreements: [],
        districts: [],
      });
    });

    it('refuses a malformed code with BAD_USER_INPUT naming the argument, through the gateway', async () => {
      for (const code of ['abc', '01800', "0180' OR '1'='1", 'x'.repeat(5000)]) {
        const { body } = await run('MunicipalityProfile', { code, year: 2009 });
        expect(body.data?.municipality ?? null).toBeNull();
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0]).toMatchObject({
          message: expect.stringContaining('four-digit SCB municipality code'),
          path: ['municipality'],
          extensions: { code: 'BAD_USER_INPUT', argument: 'code' },
        });
      }
    });

    it('answers null for a code that is no municipality', async () => {
      const { body } = await run('MunicipalityProfile', { code: '9999', year: 2009 });
      expect(body.errors).toBeUndefined();
      expect(body.data!.municipality).toBeNull();
    });
  });

  describe('AuthorityPartnerships', () => {
    it('lists exactly the three authorities, each a partner in all 21 agreements and their 9 renewals', async () => {
      const { body } = await run('AuthorityPartnerships');
      expect(body.errors).toBeUndefined();
      const authorities = body.data!.authorities;
      expect(authorities.map((a: any) => [a.__typename, a.id, a.name])).toEqual([
        ['Arbetsformedlingen', 'arbetsformedlingen', 'Arbetsförmedlingen'],
        ['Forsakringskassan', 'forsakringskassan', 'Försäkringskassan'],
        ['PoliceAuthority', 'polisen', 'Polismyndigheten'],
      ]);
      for (const authority of authorities) {
        expect(authority.agreements).toHaveLength(30);
        for (const agreement of authority.agreements) {
          expect(agreement.municipality.name).toEqual(expect.any(String));
          expect(agreement.districts.length).toBeGreaterThanOrEqual(1);
          expect(agreement.districts[0].name).toEqual(expect.any(String));
        }
      }
    });
  });

  describe('batching', () => {
    /**
     * Statements each subgraph may send for one AgreementOverview: one per
     * entity type or relation it resolves (see each subgraph's loaders), never
     * one per agreement (21) or district (38).
     */
    const statementBudget: Record<string, number> = {
      // agreements list, partnerships, organisations, district links
      agreements: 4,
      // two fetches: municipalities with counties and districts; the partner municipalities
      municipalities: 4,
      // municipalities with their regions; districts with their classification and reported crimes; the authority
      police: 3,
      // unemployment or sickness figures, the authority
      arbetsformedlingen: 2,
      forsakringskassan: 2,
    };

    it('sends at most one SQL statement per entity type and subgraph fetch for AgreementOverview (no N+1)', async () => {
      // Through a gateway without the response cache, which would otherwise answer without asking any subgraph.
      const uncached = await system.startGateway({
        responseCache: { ...system.gatewayConfig.responseCache, enabled: false },
      });
      const op = operations.get('AgreementOverview')!;
      for (const subgraph of Object.values(system.subgraphs)) subgraph.database.statements.reset();
      const { body } = await postGraphQL(uncached.url, op.document, { year: 2009 });
      expect(body.errors).toBeUndefined();
      const counts = Object.fromEntries(
        Object.values(system.subgraphs).map((s) => [s.name, s.database.statements.total]),
      );
      console.log(`SQL statements per subgraph for one AgreementOverview: ${JSON.stringify(counts)}`);
      for (const [name, budget] of Object.entries(statementBudget)) {
        const statements = system.subgraphs[name].database.statements.statements();
        if (counts[name] > budget) {
          throw new Error(`${name} sent ${counts[name]} statements (budget ${budget}):\n${statements.join('\n')}`);
        }
        expect(counts[name]).toBeGreaterThan(0);
      }
    });
  });

  describe('identity', () => {
    const viewerQuery = /* GraphQL */ `
      {
        viewer {
          anonymous
          organisation
          roles
          partnerIn {
            id
          }
        }
      }
    `;

    it('serves an anonymous caller without a token', async () => {
      const { status, body } = await postGraphQL(system.gateway.url, viewerQuery);
      expect(status).toBe(200);
      expect(body.data!.viewer).toEqual({ anonymous: true, organisation: null, roles: [], partnerIn: [] });
    });

    it("forwards a verified caller's organisation and roles to the subgraphs", async () => {
      const police = await callerToken({ org: 'polisen', roles: ['partner'] });
      const asPolice = await postGraphQL(system.gateway.url, viewerQuery, {}, { authorization: `Bearer ${police}` });
      expect(asPolice.body.data!.viewer).toMatchObject({
        anonymous: false,
        organisation: 'polisen',
        roles: ['PARTNER'],
      });
      expect(asPolice.body.data!.viewer.partnerIn).toHaveLength(30);
      const haninge = await callerToken({ org: '0136', roles: ['partner', 'coordinator'] });
      const asHaninge = await postGraphQL(system.gateway.url, viewerQuery, {}, { authorization: `Bearer ${haninge}` });
      expect(asHaninge.body.data!.viewer).toEqual({
        anonymous: false,
        organisation: '0136',
        roles: ['PARTNER', 'COORDINATOR'],
        partnerIn: [{ id: 'lua-2008-2010-0136' }],
      });
    });

    it('refuses a token that does not verify with 401 UNAUTHENTICATED, not as anonymous', async () => {
      const expired = await callerToken({ expiresAt: Math.floor(Date.now() / 1000) - 5 });
      const { status, body } = await postGraphQL(
        system.gateway.url,
        viewerQuery,
        {},
        { authorization: `Bearer ${expired}` },
      );
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors![0]).toMatchObject({
        message: 'The token has expired.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });

    it('refuses any request that reaches a subgraph without the gateway’s signature, caller tokens included', async () => {
      const token = await callerToken({ org: 'polisen', roles: ['coordinator'] });
      for (const subgraph of Object.values(system.subgraphs)) {
        for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
          const { status, body } = await postGraphQL(subgraph.url, '{ __typename }', {}, headers);
          expect({ subgraph: subgraph.name, status }).toEqual({ subgraph: subgraph.name, status: 401 });
          expect(body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
          expect(body.data).toBeUndefined();
        }
        expect((await fetch(subgraph.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
      }
    });
  });

  describe('serving', () => {
    it('answers /health on the gateway and every subgraph', async () => {
      const urls = [system.gateway.url, ...Object.values(system.subgraphs).map((s) => s.url)];
      for (const url of urls) {
        const response = await fetch(url.replace(/\/graphql$/, '/health'));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'ok' });
      }
    });

    it('runs the gateway with Apollo telemetry disabled', () => {
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    });

    it('serves the playground and every asset it loads from the gateway itself, with the operations preloaded', async () => {
      const base = system.gateway.playgroundUrl;
      const html = await (await fetch(base)).text();
      expect(html).toContain('<div id="playground">');
      expect(html).toContain('<title>Samverkan GraphQL – playground</title>');
      // `data:` URIs load nothing over the network.
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((m) => m[1])
        .filter((s) => !s.startsWith('data:'));
      expect(sources.length).toBeGreaterThanOrEqual(5);
      for (const source of sources) {
        // Nothing from another host: the playground must work offline.
        expect(source.startsWith('/')).toBe(true);
        const response = await fetch(new URL(source, base));
        expect(response.status).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
      }
      const config = JSON.parse(
        /<script id="playground-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1],
      );
      expect(config.tabs.map((t: any) => /(?:query|mutation) (\w+)/.exec(t.query)![1])).toEqual([
        'AgreementOverview',
        'MunicipalityProfile',
        'AuthorityPartnerships',
        'DistrictTrends',
        'FollowUpIndicators',
        'FollowUpDashboard',
        'PartnerFollowUp',
        'FileFollowUpReport',
        'RecordCommitment',
        'RecordObstacle',
        'ChangeObstacleStatus',
      ]);
      // The documents it links to, served by the gateway too; and how to sign in, in development.
      expect(config.productName).toBe('Samverkan GraphQL');
      expect(config.signIn.command).toBe('npm run -s token -- --org 0180 --role partner');
      for (const [route, heading] of [
        [config.docs.readme, '# Samverkan'],
        [config.docs.contributing, '# Contributing'],
      ]) {
        const response = await fetch(new URL(route, base));
        expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(await response.text()).toContain(heading);
      }
    });
  });
});

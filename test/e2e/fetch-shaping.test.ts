import { isPublicRead, loadRegisteredOperations, type RegisteredOperation } from '../../schema/operations';
import type { RunningGateway } from '../../gateway/src/server';
import { databaseKind } from '../support/database';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

const viewerQuery = '{ viewer { anonymous organisation partnerIn { id } } }';
const contactPeopleQuery = '{ agreements(municipalityCode: "0136") { id contactPeople { name email } } }';

/**
 * How the gateway fetches, through the real gateway and the five real
 * subgraphs: fewer fetches with the same answers, nothing shared between
 * callers, and a response cache that holds only what is the same for all.
 */
describe(`fetch shaping and the response cache (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let uncached: RunningGateway;
  let unshaped: RunningGateway;
  let unmerged: RunningGateway;
  const operations = new Map<string, RegisteredOperation>();

  beforeAll(async () => {
    // The public reads, run anonymously; writes are never shaped (batched or merged) and change what they read.
    for (const op of loadRegisteredOperations().filter(isPublicRead)) operations.set(op.name, op);
    system = await startSupergraph('samverkan_shaping_');
    const noCache = { ...system.gatewayConfig.responseCache, enabled: false };
    uncached = await system.startGateway({ responseCache: noCache });
    unshaped = await system.startGateway({
      responseCache: noCache,
      fetchShaping: { batching: false, mergeInFlight: false },
      requestMerging: false,
    });
    unmerged = await system.startGateway({ responseCache: noCache, requestMerging: false });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  async function post(gateway: RunningGateway, query: string, variables: object = {}, token?: string) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { cache: response.headers.get('cache-status'), body: (await response.json()) as Record<string, any> };
  }

  const fetchCounts = (gateway: RunningGateway) => {
    const subgraphs = gateway.status().subgraphs;
    const sum = (key: 'plannedFetches' | 'fetches') => subgraphs.reduce((n, s) => n + s[key], 0);
    return { planned: sum('plannedFetches'), sent: sum('fetches') };
  };

  it('answers every registered operation exactly as a gateway that sends each planned fetch alone', async () => {
    for (const op of operations.values()) {
      const shaped = await post(uncached, op.document, op.variables);
      const plain = await post(unshaped, op.document, op.variables);
      expect(shaped.body.errors).toBeUndefined();
      expect(shaped.body).toEqual(plain.body);
    }
  });

  it('fetches AgreementOverview from the five subgraphs in five requests, one per subgraph', async () => {
    const op = operations.get('AgreementOverview')!;
    const before = fetchCounts(uncached);
    const plainBefore = fetchCounts(unshaped);
    await post(uncached, op.document, op.variables);
    await post(unshaped, op.document, op.variables);
    const after = fetchCounts(uncached);
    const plainAfter = fetchCounts(unshaped);
    expect(after.planned - before.planned).toBe(11);
    expect(after.sent - before.sent).toBe(5);
    expect(plainAfter.sent - plainBefore.sent).toBe(11);
  });

  it('never serves one caller’s answer to another, however many ask at once', async () => {
    const haninge = await callerToken({ org: '0136', roles: ['partner'], sub: 'haninge-coordinator' });
    const malmo = await callerToken({ org: '1280', roles: ['partner'], sub: 'malmo-officer' });
    for (const gateway of [system.gateway, uncached]) {
      const rounds = await Promise.all(
        Array.from({ length: 10 }, () =>
          Promise.all([
            post(gateway, contactPeopleQuery, {}, haninge),
            post(gateway, contactPeopleQuery, {}, malmo),
            post(gateway, contactPeopleQuery),
            post(gateway, viewerQuery, {}, haninge),
            post(gateway, viewerQuery),
          ]),
        ),
      );
      for (const [asHaninge, asMalmo, asAnonymous, haningeViewer, anonymousViewer] of rounds) {
        expect(asHaninge.body.data.agreements[0].contactPeople).toHaveLength(5);
        expect(asMalmo.body.data.agreements[0].contactPeople).toBeNull();
        expect(asAnonymous.body.data.agreements[0].contactPeople).toBeNull();
        expect(haningeViewer.body.data.viewer).toEqual({
          anonymous: false,
          organisation: '0136',
          partnerIn: [{ id: 'lua-2008-2010-0136' }],
        });
        expect(anonymousViewer.body.data.viewer).toEqual({ anonymous: true, organisation: null, partnerIn: [] });
      }
    }
  });

  it('executes identical public queries of one caller in flight at once once, each answered alike', async () => {
    const op = operations.get('AgreementOverview')!;
    const alone = (await post(unmerged, op.document, op.variables)).body;
    expect(alone.errors).toBeUndefined();
    for (const [gateway, merges] of [
      [uncached, true],
      [unmerged, false],
    ] as const) {
      const before = { fetches: fetchCounts(gateway), merged: gateway.status().requestMerging.merged };
      const answers = await Promise.all(Array.from({ length: 6 }, () => post(gateway, op.document, op.variables)));
      for (const { body } of answers) expect(body).toEqual(alone);
      const merged = gateway.status().requestMerging.merged - before.merged;
      const planned = fetchCounts(gateway).planned - before.fetches.planned;
      // Each request that executed plans AgreementOverview's 11 fetches; a merged one plans none.
      expect(planned).toBe((6 - merged) * 11);
      if (merges) expect(merged).toBeGreaterThan(0);
      else expect(merged).toBe(0);
    }
  });

  it('shows how it split a query when asked in development: the plan and each fetch timed, never cached', async () => {
    const op = operations.get('AgreementOverview')!;
    const explained = async (gateway: RunningGateway) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'samverkan-query-plan': 'on' },
        body: JSON.stringify({ query: op.document, variables: op.variables }),
      });
      return { cache: response.headers.get('cache-status'), body: (await response.json()) as Record<string, any> };
    };
    const subgraphNames = ['agreements', 'municipalities', 'police', 'arbetsformedlingen', 'forsakringskassan'];
    const plain = await post(uncached, op.document, op.variables);
    // Twice through the gateway with its cache on: the second is a fresh execution with its own report, not a hit.
    for (const { cache, body } of [await explained(system.gateway), await explained(system.gateway)]) {
      expect(cache).toBeNull();
      expect(body.data).toEqual(plain.body.data);
      const { plan, fetches } = body.extensions.queryPlan as { plan: string; fetches: Record<string, any>[] };
      expect(plan).toMatch(/^QueryPlan \{/);
      for (const name of subgraphNames) expect(plan).toContain(`Fetch(service: "${name}")`);
      // Every planned fetch, though the gateway sent them as five requests.
      expect(fetches).toHaveLength(11);
      expect(new Set(fetches.map((f) => f.subgraph))).toEqual(new Set(subgraphNames));
      for (const f of fetches) {
        expect(f).toMatchObject({ outcome: 'answered', startMs: expect.any(Number), durationMs: expect.any(Number) });
        expect(f.startMs).toBeGreaterThanOrEqual(0);
        expect(f.durationMs).toBeGreaterThanOrEqual(0);
        if (f.path === '') expect(f.entities).toBeUndefined();
        else expect(f.entities).toBeGreaterThan(0);
      }
      expect(fetches.filter((f) => f.path === '')).toEqual([expect.objectContaining({ subgraph: 'agreements' })]);
    }
    // Not asked, no report, from the gateway whose cache and merging saw the reported requests; in production, never.
    const unasked = await post(system.gateway, op.document, op.variables);
    expect(unasked.body.data).toEqual(plain.body.data);
    expect(unasked.body.extensions?.queryPlan).toBeUndefined();
    const production = await system.startGateway({ production: true });
    const refused = await explained(production);
    expect(refused.body.data).toEqual(plain.body.data);
    expect(refused.body.extensions?.queryPlan).toBeUndefined();
  });

  it('serves a public answer from the cache to any caller, and says so', async () => {
    const op = operations.get('AgreementOverview')!;
    const variables = { year: 2010 };
    const first = await post(system.gateway, op.document, variables);
    expect(first.cache).toBe('samverkan-gateway; fwd=miss; stored');
    const token = await callerToken({ org: '1280', roles: ['partner'], sub: 'malmo-officer' });
    const second = await post(system.gateway, op.document, variables, token);
    expect(second.cache).toMatch(/^samverkan-gateway; hit; ttl=\d+$/);
    expect(second.body).toEqual(first.body);
    // Other variables are another answer.
    expect((await post(system.gateway, op.document, { year: 2011 })).cache).toBe('samverkan-gateway; fwd=miss; stored');
  });

  it('never caches an answer with a field above PUBLIC, nor one that depends on who asks', async () => {
    const haninge = await callerToken({ org: '0136', roles: ['partner'], sub: 'haninge-coordinator' });
    for (let i = 0; i < 2; i++) {
      // Personal data: the gateway does not even look the document up.
      expect((await post(system.gateway, contactPeopleQuery, {}, haninge)).cache).toBeNull();
      // Public fields, but the agreements subgraph marks `viewer` @cacheControl(scope: PRIVATE).
      expect((await post(system.gateway, viewerQuery, {}, haninge)).cache).toBe('samverkan-gateway; fwd=miss');
    }
  });

  it('never caches an answer with errors', async () => {
    const query = '{ municipality(code: "01x") { name } agreements(municipalityCode: "0136") { id } }';
    for (let i = 0; i < 2; i++) {
      const { body, cache } = await post(system.gateway, query);
      expect(body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(cache).toBe('samverkan-gateway; fwd=miss');
    }
  });

  it('drops the answers built from a subgraph whose data changed', async () => {
    const query = '{ municipality(code: "0136") { name } agreements(municipalityCode: "0136") { id } }';
    await post(system.gateway, query);
    expect((await post(system.gateway, query)).cache).toMatch(/hit/);
    system.gateway.responseCache.purge('police');
    expect((await post(system.gateway, query)).cache).toMatch(/hit/);
    system.gateway.responseCache.purge('agreements');
    expect((await post(system.gateway, query)).cache).toBe('samverkan-gateway; fwd=miss; stored');
    expect((await post(system.gateway, query)).cache).toMatch(/hit/);
  });

  it('has an off switch', async () => {
    const op = operations.get('MunicipalityProfile')!;
    for (let i = 0; i < 2; i++) expect((await post(uncached, op.document, op.variables)).cache).toBeNull();
  });
});

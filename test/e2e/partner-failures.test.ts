import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicRead, loadRegisteredOperations, type RegisteredOperation } from '../../schema/operations';
import { listSubgraphs } from '../../schema/subgraph-list';
import type { GatewayConfig } from '../../gateway/src/config';
import type { SubgraphFetchSettings } from '../../gateway/src/fetch/subgraph-channel';
import type { RunningGateway } from '../../gateway/src/server';
import type { GatewayStatus } from '../../gateway/src/status';
import { databaseKind } from '../support/database';
import {
  closedPortUrl,
  establishedSocketsTo,
  startFaultProxy,
  startHungServer,
  type CountingServer,
  type FaultProxy,
} from '../support/faults';
import { postGraphQL, type GraphQLResponse } from '../support/graphql';
import { callerToken } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

// The public reads: the writes and the coordinators' reads have their own failure tests (follow-up-writes).
const operations = new Map<string, RegisteredOperation>(
  loadRegisteredOperations()
    .filter(isPublicRead)
    .map((op) => [op.name, op]),
);
const subgraphNames = listSubgraphs().map((s) => s.name);

/** Runs a registered operation verbatim and times it. */
async function run(gateway: RunningGateway, name: string, signal?: AbortSignal) {
  const op = operations.get(name)!;
  const started = performance.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: op.document, variables: op.variables }),
    signal,
  });
  const body = (await response.json()) as GraphQLResponse<any>;
  return { status: response.status, body, ms: performance.now() - started };
}

/** Every error names the failing subgraph with one of the expected codes, a path, and nothing internal. */
function expectErrorsOnlyFrom(body: GraphQLResponse, subgraph: string, code: string) {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const error of body.errors!) {
    expect(error.extensions).toEqual({ code, subgraph });
    expect(Array.isArray(error.path) && error.path.length > 0).toBe(true);
    expect(error.message).toContain(`The ${subgraph} subgraph`);
  }
  expect(JSON.stringify(body.errors)).not.toMatch(/127\.0\.0\.1|localhost|http:|stacktrace|ECONN/);
}

/** The value at an error's path in the data. */
function at(data: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<any>((value, key) => (value === null || value === undefined ? value : value[key]), data);
}

describe(`partners failing independently (${databaseKind})`, () => {
  let system: RunningSupergraph;
  const servers: { close(): Promise<void> }[] = [];
  const timeoutMs = 1_000;
  /** A partial answer may take the subgraph timeout plus this, for the rest of the plan and the test's own HTTP. */
  const marginMs = 600;

  function fetchSettings(overrides: Partial<SubgraphFetchSettings> = {}): SubgraphFetchSettings {
    return { ...system.gatewayConfig.subgraphFetch, timeoutMs, ...overrides };
  }

  function gatewayWith(
    urls: Record<string, string>,
    fetchOverrides: Partial<SubgraphFetchSettings> = {},
    config: Partial<GatewayConfig> = {},
  ): Promise<RunningGateway> {
    return system.startGateway({
      subgraphUrls: { ...system.subgraphUrls, ...urls },
      subgraphFetch: fetchSettings(fetchOverrides),
      healthPollIntervalMs: 0,
      // Every request here must reach the subgraphs: a cached answer would hide the fault under test.
      responseCache: { ...system.gatewayConfig.responseCache, enabled: false },
      ...config,
    });
  }

  async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
    const started = await server;
    servers.push(started);
    return started;
  }

  beforeAll(async () => {
    system = await startSupergraph('samverkan_faults_');
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  describe('with one subgraph down (nothing listening)', () => {
    const down: Record<string, RunningGateway> = {};
    beforeAll(async () => {
      for (const name of subgraphNames) down[name] = await gatewayWith({ [name]: await closedPortUrl() });
    });

    it.each(subgraphNames)(
      'answers every registered operation with the other subgraphs’ data when %s is down',
      async (name) => {
        for (const operation of operations.keys()) {
          const { status, body, ms } = await run(down[name], operation);
          expect(status).toBe(200);
          expect(body.data).not.toBeNull();
          expect(ms).toBeLessThan(timeoutMs + marginMs);
          if (!body.errors) {
            // An operation that asks nothing of the subgraph that is down (DistrictTrends of agreements):
            // its answer is whole, exactly as with every subgraph up.
            expect({ operation, body }).toEqual({ operation, body: (await run(system.gateway, operation)).body });
            continue;
          }
          expectErrorsOnlyFrom(body, name, 'SUBGRAPH_UNAVAILABLE');
          // Each error sits where the answer is null: exactly that subgraph's fields are missing.
          for (const error of body.errors!) expect(at(body.data, error.path!)).toBeNull();
        }
      },
    );

    it('keeps the other authorities’ figures and names when police is down', async () => {
      const { body } = await run(down.police, 'AgreementOverview');
      const agreements = body.data.agreements;
      // The 21 agreements of 2008–2010 and their 9 URBAN 15 renewals.
      expect(agreements).toHaveLength(30);
      for (const agreement of agreements) {
        expect(agreement.municipality.name).toEqual(expect.any(String));
        expect(agreement.municipality.county.name).toMatch(/län$/);
        expect(agreement.municipality.policeRegion).toBeNull();
        const partnerNames = Object.fromEntries(
          agreement.partners.map((p: any) => [p.partner.__typename, p.partner.name]),
        );
        expect(partnerNames).toMatchObject({
          Municipality: agreement.municipality.name,
          PoliceAuthority: null,
          Arbetsformedlingen: 'Arbetsförmedlingen',
          Forsakringskassan: 'Försäkringskassan',
        });
        for (const district of agreement.districts) {
          expect(district.unemployment.value).toBeGreaterThan(0);
          expect(district.sicknessIndex.value).toBeGreaterThan(0);
          expect(district.reportedCrimes).toBeNull();
          expect(district.vulnerability).toBeNull();
        }
      }
      // The police partner's error is on the police partner, not on the municipality listed before it.
      const partnerErrors = body.errors!.filter((e) => e.path!.includes('partner'));
      expect(partnerErrors).toHaveLength(agreements.length);
      for (const error of partnerErrors) {
        expect(at(body.data, error.path!.slice(0, -1))).toMatchObject({ __typename: 'PoliceAuthority', id: 'polisen' });
      }
    });

    it('answers the agreements’ root field null, not the whole answer, when the agreements subgraph is down', async () => {
      const { body } = await run(down.agreements, 'AgreementOverview');
      expect(body.data).toEqual({ agreements: null });
      expect(body.errors).toEqual([
        expect.objectContaining({
          path: ['agreements'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'agreements' },
        }),
      ]);
      const profile = await run(down.agreements, 'MunicipalityProfile');
      expect(profile.body.data.municipality).toMatchObject({ code: '0180', name: 'Stockholm', agreements: null });
      expect(profile.body.data.municipality.policeRegion).toEqual({ code: '5300', name: 'Stockholm' });
    });
  });

  describe('with a subgraph that accepts connections and never answers', () => {
    let hung: CountingServer;
    let gateway: RunningGateway;
    const poolBound = 8;

    beforeAll(async () => {
      hung = await track(startHungServer());
      // A breaker that never opens, so every one of the requests below really reaches the hung subgraph.
      gateway = await gatewayWith(
        { police: hung.url },
        { maxConnections: poolBound, breaker: { failureThreshold: 1_000_000, resetMs: 60_000 } },
      );
    });

    it('answers with everyone else’s data and SUBGRAPH_TIMEOUT on police’s fields, within the timeout', async () => {
      for (const operation of operations.keys()) {
        const { body, ms } = await run(gateway, operation);
        console.log(`hung police: ${operation} answered partially in ${Math.round(ms)} ms (timeout ${timeoutMs} ms)`);
        expect(ms).toBeGreaterThanOrEqual(timeoutMs - 50);
        expect(ms).toBeLessThan(timeoutMs + marginMs);
        expectErrorsOnlyFrom(body, 'police', 'SUBGRAPH_TIMEOUT');
        expect(body.data).not.toBeNull();
      }
    });

    it('keeps its sockets to the hung subgraph within the pool bound over 200 requests, and frees them', async () => {
      const memoryBefore = process.memoryUsage();
      const started = performance.now();
      let answered = 0;
      let peakOpen = 0;
      // The gateway's side of its connections to police, as the kernel counts them.
      const sampler = setInterval(() => (peakOpen = Math.max(peakOpen, establishedSocketsTo(hung.port))), 5);
      // 200 requests, 50 at a time; every fifth client gives up after 300 ms, as impatient dashboards do.
      const requests = Array.from({ length: 200 }, (_, i) => i);
      const workers = Array.from({ length: 50 }, async (_, w) => {
        for (let i = w; i < requests.length; i += 50) {
          const signal = i % 5 === 0 ? AbortSignal.timeout(300) : undefined;
          const outcome = await run(gateway, 'AuthorityPartnerships', signal).catch((error: Error) => error.name);
          if (typeof outcome !== 'string') {
            expect(outcome.body.data.authorities).toHaveLength(3);
            answered += 1;
          }
        }
      });
      // A failed expectation in a worker must not leave the 5 ms sampler running: Jest would never exit.
      await Promise.all(workers).finally(() => clearInterval(sampler));
      const seconds = (performance.now() - started) / 1000;
      const status = gateway.status().subgraphs.find((s) => s.name === 'police')!;
      global.gc?.();
      const memoryAfter = process.memoryUsage();
      console.log(
        `hung police, 200 requests (50 concurrent, 40 abandoned by their clients) in ${seconds.toFixed(1)} s: ` +
          `${answered} partial answers; sockets to police peak ${hung.peak}, open now ${hung.open} ` +
          `(pool bound ${poolBound}, ${hung.accepted} accepted in all); gateway side peak ${peakOpen} established; ` +
          `gateway pool open ${status.connections.open}, ` +
          `queued ${status.connections.queued}; test process heap ${Math.round(memoryBefore.heapUsed / 2 ** 20)} → ` +
          `${Math.round(memoryAfter.heapUsed / 2 ** 20)} MB, rss ${Math.round(memoryBefore.rss / 2 ** 20)} → ` +
          `${Math.round(memoryAfter.rss / 2 ** 20)} MB`,
      );
      // Every patient client was answered. An impatient one may be too: identical anonymous fetches share one
      // exchange, so a request that joined it late gets the timeout sooner than it would alone.
      expect(answered).toBeGreaterThanOrEqual(160);
      expect(peakOpen).toBeGreaterThan(0);
      expect(peakOpen).toBeLessThanOrEqual(poolBound);
      expect(status.connections.open).toBeLessThanOrEqual(poolBound);
      // Every fetch was aborted at its deadline: nothing waits on the hung subgraph any more.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = gateway.status().subgraphs.find((s) => s.name === 'police')!.connections;
      expect(after).toMatchObject({ busy: 0, queued: 0 });
      expect(hung.openWithRequest).toBe(0);
      expect(establishedSocketsTo(hung.port)).toBeLessThanOrEqual(poolBound);
    });

    it('aborts the fetch, and closes its socket, as soon as the client goes away', async () => {
      const alone = await track(startHungServer());
      const patient = await gatewayWith({ police: alone.url }, { timeoutMs: 30_000 });
      const client = run(patient, 'MunicipalityProfile', AbortSignal.timeout(300)).catch((e: Error) => e.name);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // MunicipalityProfile's two police fetches of one plan level go out as one batch.
      expect(alone.openWithRequest).toBe(1);
      expect(await client).toBe('TimeoutError');
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The police fetch was aborted with its socket; at most an idle spare connection remains.
      expect(alone.openWithRequest).toBe(0);
    });
  });

  describe('behind a proxy that slows, drops or passes a subgraph’s traffic', () => {
    let proxy: FaultProxy;
    let gateway: RunningGateway;

    beforeAll(async () => {
      proxy = await track(startFaultProxy(system.subgraphUrls.police));
      gateway = await gatewayWith(
        { police: proxy.url },
        {
          breaker: { failureThreshold: 3, resetMs: 1_000 },
          retryBudget: { ratio: 1, minPerSecond: 100, windowMs: 10_000 },
        },
      );
    });
    beforeEach(() => {
      proxy.mode = { kind: 'pass' };
    });

    it('answers in full when the subgraph is slower than usual but within its timeout', async () => {
      proxy.mode = { kind: 'delay', ms: 300 };
      const { body, ms } = await run(gateway, 'AgreementOverview');
      expect(body.errors).toBeUndefined();
      expect(ms).toBeGreaterThanOrEqual(300);
      expect(body.data.agreements[0].municipality.policeRegion).not.toBeNull();
    });

    it('answers the rest with SUBGRAPH_TIMEOUT on its fields when it is slower than its timeout', async () => {
      proxy.mode = { kind: 'delay', ms: timeoutMs + 500 };
      const { body, ms } = await run(gateway, 'MunicipalityProfile');
      expect(ms).toBeLessThan(timeoutMs + marginMs);
      expectErrorsOnlyFrom(body, 'police', 'SUBGRAPH_TIMEOUT');
      expect(body.data.municipality).toMatchObject({ name: 'Stockholm', policeRegion: null, reportedCrimes: null });
      expect(body.data.municipality.unemployment.value).toBeGreaterThan(0);
      // Recover the breaker for the tests after this one.
      proxy.mode = { kind: 'pass' };
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await run(gateway, 'MunicipalityProfile')).body.errors).toBeUndefined();
    });

    it('retries a read whose connection was reset, and answers in full', async () => {
      const before = gateway.status().subgraphs.find((s) => s.name === 'police')!.retries;
      proxy.mode = { kind: 'reset-next', count: 1 };
      const { body } = await run(gateway, 'MunicipalityProfile');
      expect(body.errors).toBeUndefined();
      expect(gateway.status().subgraphs.find((s) => s.name === 'police')!.retries).toBe(before + 1);
    });

    it('opens the circuit after repeated failures, answers at once while open, and closes once the subgraph is back', async () => {
      const police = () => gateway.status().subgraphs.find((s) => s.name === 'police')!;
      expect(police().breaker).toBe('closed');
      proxy.mode = { kind: 'reset' };
      for (let i = 0; i < 3 && police().breaker === 'closed'; i += 1) {
        expectErrorsOnlyFrom((await run(gateway, 'MunicipalityProfile')).body, 'police', 'SUBGRAPH_UNAVAILABLE');
      }
      expect(police().breaker).toBe('open');

      // Open: no request reaches the subgraph, and the answer does not wait for it.
      proxy.mode = { kind: 'pass' };
      const reached = proxy.requests;
      const whileOpen = await run(gateway, 'MunicipalityProfile');
      expectErrorsOnlyFrom(whileOpen.body, 'police', 'SUBGRAPH_UNAVAILABLE');
      expect(whileOpen.body.errors![0].message).toMatch(/after repeated failures/);
      expect(whileOpen.body.data.municipality.name).toBe('Stockholm');
      expect(proxy.requests).toBe(reached);
      console.log(`circuit open: MunicipalityProfile answered in ${Math.round(whileOpen.ms)} ms without asking police`);
      expect(whileOpen.ms).toBeLessThan(250);
      expect(police().refusedByBreaker).toBeGreaterThan(0);

      // After resetMs one fetch probes (others still fail fast meanwhile); it succeeds and the circuit closes.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(police().breaker).toBe('half-open');
      const probe = await run(gateway, 'MunicipalityProfile');
      expect(probe.body.data.municipality.name).toBe('Stockholm');
      expect(police().breaker).toBe('closed');
      const recovered = await run(gateway, 'MunicipalityProfile');
      expect(recovered.body.errors).toBeUndefined();
      expect(recovered.body.data.municipality.policeRegion).toEqual({ code: '5300', name: 'Stockholm' });
    });

    it('logs each failed fetch as one JSON line naming the subgraph, code, duration and circuit, and nothing about the caller', async () => {
      const lines: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
        lines.push(String(chunk));
        return write(chunk, ...rest);
      });
      try {
        proxy.mode = { kind: 'delay', ms: timeoutMs + 300 };
        const token = await callerToken({ org: '0180', roles: ['partner'], sub: 'dashboard-user-17' });
        const op = operations.get('MunicipalityProfile')!;
        await postGraphQL(gateway.url, op.document, op.variables, { authorization: `Bearer ${token}` });
      } finally {
        spy.mockRestore();
        proxy.mode = { kind: 'pass' };
      }
      const failures = lines
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.includes('"subgraph fetch failed"'))
        .map((line) => JSON.parse(line));
      expect(failures.length).toBeGreaterThan(0);
      for (const line of failures) {
        expect(line).toMatchObject({
          level: 'warn',
          service: 'gateway',
          subgraph: 'police',
          code: 'SUBGRAPH_TIMEOUT',
          breaker: expect.stringMatching(/closed|open/),
          operation: 'MunicipalityProfile',
        });
        expect(line.durationMs).toBeGreaterThanOrEqual(timeoutMs - 50);
        expect(JSON.stringify(line)).not.toMatch(/dashboard-user-17|0180|Bearer|variables|127\.0\.0\.1/);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    });
  });

  describe('with a subgraph that answers, but not as a GraphQL subgraph should', () => {
    let broken: http.Server;
    let reply: (response: http.ServerResponse, query: string) => void = () => undefined;

    beforeAll(async () => {
      broken = http.createServer(async (request, response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        reply(response, (JSON.parse(Buffer.concat(chunks).toString()) as { query: string }).query);
      });
      broken.listen(0, '127.0.0.1');
      await new Promise((resolve) => broken.once('listening', resolve));
      servers.push({ close: () => new Promise((resolve) => broken.close(() => resolve())) });
    });
    const brokenUrl = () => `http://127.0.0.1:${(broken.address() as AddressInfo).port}/graphql`;
    /**
     * A scripted `_entities` answer under every root field the gateway asked for, as a subgraph honouring
     * aliases would answer: a batch of entity fetches asks for several, each under its own alias.
     */
    const entitiesAnswer = (
      query: string,
      answer: {
        data: { _entities: unknown[] };
        errors: { message: string; path: (string | number)[]; extensions?: object }[];
      },
    ) => {
      const keys = [...query.matchAll(/(?:(\w+)\s*:\s*)?_entities\s*\(/g)].map((m) => m[1] ?? '_entities');
      return JSON.stringify({
        data: Object.fromEntries(keys.map((key) => [key, answer.data._entities])),
        errors: keys.flatMap((key) => answer.errors.map((e) => ({ ...e, path: [key, ...e.path.slice(1)] }))),
      });
    };

    it('answers SUBGRAPH_BAD_RESPONSE for a body that is not GraphQL', async () => {
      reply = (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Maintenance</html>');
      const gateway = await gatewayWith({ forsakringskassan: brokenUrl() });
      const { body } = await run(gateway, 'AgreementOverview');
      expectErrorsOnlyFrom(body, 'forsakringskassan', 'SUBGRAPH_BAD_RESPONSE');
      expect(body.data.agreements[0].districts[0].unemployment.value).toBeGreaterThan(0);
      expect(body.data.agreements[0].districts[0].sicknessIndex).toBeNull();
    });

    it('puts an error a subgraph returns for one entity on that entity, not on the one before it', async () => {
      // The authorities come as Arbetsförmedlingen, Försäkringskassan, the police: the police fetch has one
      // representation, the police at position 2, and its error must not land on Arbetsförmedlingen at 0.
      reply = (response, query) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          entitiesAnswer(query, {
            data: { _entities: [{ __typename: 'PoliceAuthority', name: null }] },
            errors: [{ message: 'Name withheld.', path: ['_entities', 0, 'name'], extensions: { code: 'FORBIDDEN' } }],
          }),
        );
      const gateway = await gatewayWith({ police: brokenUrl() });
      const { body } = await run(gateway, 'AuthorityPartnerships');
      const names = body.data.authorities.map((a: { __typename: string; name: string | null }) => [
        a.__typename,
        a.name,
      ]);
      expect(names).toEqual([
        ['Arbetsformedlingen', 'Arbetsförmedlingen'],
        ['Forsakringskassan', 'Försäkringskassan'],
        ['PoliceAuthority', null],
      ]);
      expect(body.errors).toEqual([
        {
          message: 'Name withheld.',
          path: ['authorities', 2, 'name'],
          extensions: { code: 'FORBIDDEN', subgraph: 'police' },
        },
      ]);
    });

    it('masks a subgraph’s internal error in production, still naming the subgraph', async () => {
      reply = (response, query) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          entitiesAnswer(query, {
            data: { _entities: [null] },
            errors: [
              {
                message: 'relation "region" does not exist at db-internal.police.local:5432',
                path: ['_entities', 0, 'policeRegion'],
                extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at Query.run (/srv/police/db.ts:12)'] },
              },
            ],
          }),
        );
      const production = await gatewayWith({ police: brokenUrl() }, {}, { production: true });
      const { body } = await run(production, 'MunicipalityProfile');
      expect(body.data.municipality.name).toBe('Stockholm');
      expect(body.errors).toContainEqual({
        message: 'Internal server error',
        path: ['municipality', 'policeRegion'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', subgraph: 'police' },
      });
      expect(JSON.stringify(body)).not.toMatch(/db-internal|relation|srv\/police|stacktrace/);
    });
  });

  describe('/status', () => {
    it('shows each subgraph’s circuit, health, latency and failures, and the supergraph’s hash', async () => {
      const down = await closedPortUrl();
      const gateway = await gatewayWith({ arbetsformedlingen: down }, {}, { healthPollIntervalMs: 60_000 });
      await run(gateway, 'AgreementOverview');
      // The first poll runs at start; give it a moment to come back.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const response = await fetch(gateway.url.replace(/\/graphql$/, '/status'));
      expect(response.status).toBe(200);
      const status = (await response.json()) as GatewayStatus;
      expect(status.status).toBe('degraded');
      expect(status.supergraph.hash).toBe(
        createHash('sha256').update(readFileSync(system.gatewayConfig.supergraphFile)).digest('hex'),
      );
      const byName = Object.fromEntries(status.subgraphs.map((s) => [s.name, s]));
      expect(Object.keys(byName).sort()).toEqual([...subgraphNames].sort());
      expect(byName.arbetsformedlingen).toMatchObject({
        health: { status: 'down', reason: 'unreachable' },
        // The two planned fetches to it (unemployment, the partner's name) went out as one batch.
        plannedFetches: 2,
        fetches: 1,
        batched: 2,
        failures: { SUBGRAPH_UNAVAILABLE: 1 },
        lastFailure: { code: 'SUBGRAPH_UNAVAILABLE' },
      });
      expect(byName.police).toMatchObject({ breaker: 'closed', health: { status: 'up' } });
      expect(byName.police.lastLatencyMs).toEqual(expect.any(Number));
      expect(JSON.stringify(status)).not.toMatch(/127\.0\.0\.1|http:/);

      const page = await fetch(gateway.url.replace(/\/graphql$/, '/status'), { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain('Gateway status: degraded');
      expect(html).toMatch(/<td>arbetsformedlingen<\/td><td>down \(unreachable\)<\/td>/);
    });

    it('is for administrators only when not public', async () => {
      const gateway = await gatewayWith({}, {}, { statusPublic: false });
      const statusUrl = gateway.url.replace(/\/graphql$/, '/status');
      expect((await fetch(statusUrl)).status).toBe(401);
      const partner = await callerToken({ org: 'polisen', roles: ['partner'] });
      expect((await fetch(statusUrl, { headers: { authorization: `Bearer ${partner}` } })).status).toBe(403);
      const admin = await callerToken({ org: 'polisen', roles: ['admin'] });
      const allowed = await fetch(statusUrl, { headers: { authorization: `Bearer ${admin}` } });
      expect(allowed.status).toBe(200);
      expect(((await allowed.json()) as GatewayStatus).subgraphs).toHaveLength(5);
    });
  });
});

import { once } from 'node:events';
import net from 'node:net';
import { dropDatabase, readDatabaseConfig, type RunningSubgraph } from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';
import { unregisteredOperation } from '../../gateway/src/metrics';
import { policeSubgraph } from '../../subgraphs/police/src/server';
import { databaseKind } from '../support/database';
import { closedPortUrl } from '../support/faults';
import { postGraphQL } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/harness';
import { scrape } from '../support/metrics';
import { startTestSubgraph } from '../support/subgraph';

const registered = loadRegisteredOperations();
const overview = registered.find((op) => op.name === 'AgreementOverview')!;

/** Not in the manifest: with trusted documents off (development) it runs, labelled `(unregistered)`. */
const counties = /* GraphQL */ `
  query CountiesForAMap {
    counties {
      code
      name
    }
  }
`;
/** Not in the manifest either, and not valid: answered with GRAPHQL_VALIDATION_FAILED. */
const broken = /* GraphQL */ `
  query CountiesMisspelt {
    counties {
      kod
    }
  }
`;

const origin = (url: string) => new URL(url).origin;

async function getJson(url: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe(`metrics on their own port, scraped over HTTP (${databaseKind})`, () => {
  let system: RunningSupergraph;
  // Four requests a window for each caller: the fifth anonymous request is the refused one.
  const requestsPerWindow = 4;

  beforeAll(async () => {
    system = await startSupergraph(
      'samverkan_metrics_',
      {
        metricsPort: 0,
        rateLimit: { requests: requestsPerWindow, requestsPerAddress: 1_000, windowSeconds: 600, cost: 0 },
      },
      { metricsPort: 0 },
    );
  }, 180_000);

  afterAll(() => system?.stop());

  it('serves /metrics on a listener of its own on each service, and not on the public port', async () => {
    const services = [system.gateway, ...Object.values(system.subgraphs)];
    for (const service of services) {
      expect(service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(service.metricsUrl!).port).not.toBe(String(service.port));
      const publicScrape = await fetch(`${origin(service.url)}/metrics`);
      expect(publicScrape.status).toBe(404);
      expect(await publicScrape.text()).not.toContain('graphql_requests_total');
    }
    // The metrics listener serves nothing else: not the API, not the probes.
    expect((await fetch(`${origin(system.gateway.metricsUrl!)}/graphql`)).status).toBe(404);
    expect((await fetch(`${origin(system.gateway.metricsUrl!)}/health`)).status).toBe(404);
  });

  it('counts registered, unregistered and refused requests, subgraph fetches and cache hits by bounded labels', async () => {
    const gatewayBefore = await scrape(system.gateway.metricsUrl!);
    const municipalities = system.subgraphs.municipalities;
    const subgraphBefore = await scrape(municipalities.metricsUrl!);

    const first = await postGraphQL(system.gateway.url, overview.document, overview.variables);
    const second = await postGraphQL(system.gateway.url, overview.document, overview.variables);
    const unregistered = await postGraphQL(system.gateway.url, counties);
    const invalid = await postGraphQL(system.gateway.url, broken);
    const refused = await postGraphQL(system.gateway.url, overview.document, overview.variables);
    expect([first.status, second.status, unregistered.status]).toEqual([200, 200, 200]);
    expect(first.body.errors).toBeUndefined();
    expect(unregistered.body.errors).toBeUndefined();
    expect(invalid.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');

    const gateway = await scrape(system.gateway.metricsUrl!);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      gateway.sum(name, labels) - gatewayBefore.sum(name, labels);

    // Per registered operation: both AgreementOverview requests answered without errors, one of them from the cache.
    expect(delta('graphql_requests_total', { operation: 'AgreementOverview', outcome: 'ok' })).toBe(2);
    expect(delta('graphql_requests_total', { operation: 'AgreementOverview', outcome: 'error' })).toBe(0);
    expect(delta('graphql_request_duration_seconds_count', { operation: 'AgreementOverview' })).toBe(2);
    expect(gateway.types.get('graphql_request_duration_seconds')).toBe('histogram');
    // Unregistered operations share one label, whatever their names: neither of theirs reaches a label.
    expect(delta('graphql_requests_total', { operation: unregisteredOperation, outcome: 'ok' })).toBe(1);
    expect(delta('graphql_requests_total', { operation: unregisteredOperation, outcome: 'error' })).toBe(1);
    expect(delta('graphql_errors_total', { operation: unregisteredOperation, code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      1,
    );
    const operationLabels = gateway.labelValues('graphql_requests_total', 'operation');
    expect(operationLabels).not.toContain('CountiesForAMap');
    expect(operationLabels).not.toContain('CountiesMisspelt');
    const bounded = new Set([...registered.map((op) => op.name), unregisteredOperation]);
    for (const label of operationLabels) expect(bounded).toContain(label);
    // The refused one never reached GraphQL: counted as a refusal, by code and by the limit that refused it.
    expect(delta('graphql_requests_total')).toBe(4);
    expect(delta('graphql_requests_refused_total', { code: 'RATE_LIMITED' })).toBe(1);
    expect(delta('gateway_rate_limit_refusals_total', { limit: 'caller' })).toBe(1);
    expect(delta('gateway_rate_limit_refusals_total', { limit: 'address' })).toBe(0);

    // AgreementOverview touches all five subgraphs; the cache hit asked none of them again.
    for (const subgraph of Object.keys(system.subgraphs)) {
      expect(delta('gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'answered' })).toBeGreaterThan(
        0,
      );
      expect(delta('gateway_subgraph_fetch_errors_total', { subgraph })).toBe(0);
      expect(gateway.sum('gateway_subgraph_breaker_state', { subgraph, state: 'closed' })).toBe(1);
      expect(gateway.sum('gateway_subgraph_breaker_state', { subgraph, state: 'open' })).toBe(0);
    }
    expect(delta('gateway_response_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(delta('gateway_response_cache_lookups_total', { result: 'miss' })).toBe(2);
    expect(gateway.sum('gateway_response_cache_entries')).toBeGreaterThanOrEqual(2);
    // The process's own facts, event-loop lag among them.
    expect(gateway.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(gateway.samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);

    // The subgraph labels by the root fields the gateway asked: `counties` once (the unregistered operation's
    // fetch; the invalid one never left the gateway), entity fetches as `entities`.
    const subgraph = await scrape(municipalities.metricsUrl!);
    const subgraphDelta = (name: string, labels: Record<string, string> = {}) =>
      subgraph.sum(name, labels) - subgraphBefore.sum(name, labels);
    expect(subgraphDelta('graphql_requests_total', { operation: 'counties', outcome: 'ok' })).toBe(1);
    expect(subgraphDelta('graphql_requests_total', { operation: 'entities', outcome: 'ok' })).toBeGreaterThan(0);
    expect(subgraphDelta('graphql_requests_total', { outcome: 'error' })).toBe(0);
    for (const label of subgraph.labelValues('graphql_requests_total', 'operation')) {
      expect(label).toMatch(/^(mutation |subscription )?[A-Za-z_]+(,[A-Za-z_]+)*$/);
    }
    // Its pool: as many connections as the pool may open, at most; none waiting now.
    const max = subgraph.sum('subgraph_database_connections', { state: 'max' });
    expect(max).toBe(system.subgraphs.municipalities.database.poolUse().max);
    expect(subgraph.sum('subgraph_database_connections', { state: 'open' })).toBeGreaterThan(0);
    expect(subgraph.sum('subgraph_database_connections', { state: 'open' })).toBeLessThanOrEqual(max);
    expect(subgraph.sum('subgraph_database_waiting_requests')).toBe(0);
    // Its counts are its own: the gateway's operation names never appear in a subgraph's registry.
    expect(subgraph.labelValues('graphql_requests_total', 'operation')).not.toContain('AgreementOverview');
  });

  it('counts a partner that is down: its failed fetches, the breaker opening, and the errors on the operation', async () => {
    // A second gateway whose police subgraph is nowhere: one failure opens its breaker, for the rest of the test.
    const gateway = await system.startGateway({
      metricsPort: 0,
      subgraphUrls: { ...system.subgraphUrls, police: await closedPortUrl() },
      subgraphFetch: {
        ...system.gatewayConfig.subgraphFetch,
        maxRetries: 0,
        breaker: { failureThreshold: 1, resetMs: 600_000 },
      },
    });
    const before = await scrape(gateway.metricsUrl!);
    expect(before.sum('gateway_subgraph_breaker_state', { subgraph: 'police', state: 'closed' })).toBe(1);

    for (let i = 0; i < 2; i += 1) {
      const { status, body } = await postGraphQL(gateway.url, overview.document, overview.variables);
      expect(status).toBe(200);
      expect(body.errors?.map((e) => e.extensions?.code)).toContain('SUBGRAPH_UNAVAILABLE');
    }

    const after = await scrape(gateway.metricsUrl!);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      after.sum(name, labels) - before.sum(name, labels);
    // The first request's fetch failed on the closed port and opened the breaker; the second's was refused by it.
    expect(delta('gateway_subgraph_fetch_errors_total', { subgraph: 'police', code: 'SUBGRAPH_UNAVAILABLE' })).toBe(1);
    expect(
      delta('gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'police', outcome: 'SUBGRAPH_UNAVAILABLE' }),
    ).toBe(1);
    expect(delta('gateway_subgraph_fetch_errors_total', { subgraph: 'police', code: 'CIRCUIT_OPEN' })).toBeGreaterThan(
      0,
    );
    expect(after.sum('gateway_subgraph_breaker_state', { subgraph: 'police', state: 'open' })).toBe(1);
    expect(after.sum('gateway_subgraph_breaker_state', { subgraph: 'police', state: 'closed' })).toBe(0);
    // The other partners answered as ever.
    expect(delta('gateway_subgraph_fetch_errors_total', { subgraph: 'municipalities' })).toBe(0);
    expect(after.sum('gateway_subgraph_breaker_state', { subgraph: 'municipalities', state: 'closed' })).toBe(1);
    // Both answers held the partner's errors: counted on the registered operation, by code.
    expect(delta('graphql_requests_total', { operation: 'AgreementOverview', outcome: 'error' })).toBe(2);
    expect(
      delta('graphql_errors_total', { operation: 'AgreementOverview', code: 'SUBGRAPH_UNAVAILABLE' }),
    ).toBeGreaterThan(1);
    // A partner down is not the gateway unready: its other fields are still served.
    expect((await fetch(`${origin(gateway.url)}/ready`)).status).toBe(200);
  });

  it('answers /ready with every named check when the gateway and the subgraphs can serve', async () => {
    const gateway = await getJson(`${origin(system.gateway.url)}/ready`);
    expect(gateway.status).toBe(200);
    expect(gateway.body).toMatchObject({ status: 'ok', service: 'gateway', checks: { supergraph: { ready: true } } });
    expect(gateway.body.checks.supergraph.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const subgraph of Object.values(system.subgraphs)) {
      const ready = await getJson(`${origin(subgraph.url)}/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        service: subgraph.name,
        checks: { database: { ready: true }, migrations: { ready: true } },
      });
    }
  });
});

describe(`readiness of a subgraph whose database is not migrated (${databaseKind})`, () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startTestSubgraph(policeSubgraph, 'samverkan_probes_');
  }, 90_000);

  afterAll(() => subgraph?.stop());

  it('answers /ready 503 naming the pending migration while /health stays 200, and 200 once it has run', async () => {
    const { dataSource } = subgraph.database;
    const last = dataSource.migrations.at(-1)!;
    await dataSource.undoLastMigration();
    try {
      const ready = await getJson(`${origin(subgraph.url)}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', service: 'police', failing: ['migrations'] });
      expect(ready.body.checks.database.ready).toBe(true);
      expect(ready.body.checks.migrations).toEqual({
        ready: false,
        reason: expect.stringContaining(last.name ?? last.constructor.name),
      });
      expect((await fetch(`${origin(subgraph.url)}/health`)).status).toBe(200);
    } finally {
      await dataSource.runMigrations();
    }
    expect((await getJson(`${origin(subgraph.url)}/ready`)).status).toBe(200);
  });
});

/**
 * The database cut off for real: the subgraph reaches its PostgreSQL server through a TCP gate the test closes,
 * as a network partition would. The embedded database has no connection to cut, so this needs a server, as
 * test/e2e/database-faults.test.ts does.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnServer = serverUrl ? describe : describe.skip;
if (!serverUrl)
  console.warn('metrics-and-probes: the unreachable-database case needs a PostgreSQL server in DATABASE_URL');

describeOnServer('readiness of a subgraph whose database is unreachable (PostgreSQL server)', () => {
  let subgraph: RunningSubgraph;
  let gate: net.Server;
  let gatePort: number;
  const sockets = new Set<net.Socket>();

  /** Forwards each connection to the real server, until closed. */
  const openGate = async (port = 0) => {
    const target = new URL(serverUrl!);
    gate = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      for (const socket of [client, upstream]) {
        socket.on('error', () => undefined);
        socket.on('close', () => (client.destroy(), upstream.destroy()));
      }
    });
    gate.listen(port, '127.0.0.1');
    await once(gate, 'listening');
    gatePort = (gate.address() as net.AddressInfo).port;
  };
  const closeGate = async () => {
    gate.close();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await once(gate, 'close');
  };

  beforeAll(async () => {
    const config = readDatabaseConfig(
      { DATABASE_URL: serverUrl, DATABASE_NAME_PREFIX: 'samverkan_unreach_' },
      'police',
    );
    if (config.kind !== 'server') throw new Error('expected a server database');
    await dropDatabase(config.url);
    await openGate();
    const url = new URL(config.url);
    url.host = `127.0.0.1:${gatePort}`;
    subgraph = await startTestSubgraph(policeSubgraph, 'samverkan_unreach_', {
      database: { kind: 'server', url: url.toString() },
    });
  }, 90_000);

  afterAll(async () => {
    await subgraph?.stop();
    if (gate?.listening) await closeGate();
  });

  it('answers /health 200 and /ready 503 naming the database, and is ready again once it is back', async () => {
    expect((await getJson(`${origin(subgraph.url)}/ready`)).status).toBe(200);
    await closeGate();

    const live = await fetch(`${origin(subgraph.url)}/health`);
    expect(live.status).toBe(200);
    const ready = await getJson(`${origin(subgraph.url)}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.body.failing).toEqual(expect.arrayContaining(['database']));
    expect(ready.body.checks.database).toEqual({ ready: false, reason: 'unavailable' });
    // What the driver said (hosts, ports) is for the log, not for whoever can reach /ready.
    expect(JSON.stringify(ready.body)).not.toContain(String(gatePort));

    await openGate(gatePort);
    expect((await getJson(`${origin(subgraph.url)}/ready`)).status).toBe(200);
  });
});

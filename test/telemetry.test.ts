import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, readDatabaseConfig } from '@samverkan/common';
import { environmentPrefix, listSubgraphs } from '../schema/subgraph-list';
import { loadRegisteredOperations } from '../schema/operations';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../scripts/otlp-sink';
import { postGraphQL } from './support/graphql';
import { testAudience, testIssuer, testKeys } from './support/identity';
import { startService, type StartedService } from './support/process';

/**
 * One request is one trace across the six services, and every log line it
 * causes carries that trace's id.
 *
 * The services run as processes of their own, started as deployed: the
 * OpenTelemetry instrumentations patch `http`, `graphql` and `pg` through
 * `require`, which Jest's own module registry would bypass in-process, so
 * only real processes exercise what production runs. They export over real
 * OTLP/HTTP to a receiver in this test (the one `npm run otlp:sink` runs).
 */
describe('traces and request ids across the gateway and the subgraphs', () => {
  const subgraphs = listSubgraphs().filter((subgraph) => subgraph.inRepository);
  const agreementOverview = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
  let dataDir: string;
  let receiver: OtlpReceiver;
  let env: Record<string, string>;
  const running: StartedService[] = [];
  let subgraphUrls: Record<string, string>;
  let subgraphServices: StartedService[];

  const startGateway = async (extra: Record<string, string> = {}) => {
    const gateway = await startService('gateway/src/index.ts', {
      ...env,
      ...subgraphUrls,
      GATEWAY_PORT: '0',
      // No probe traffic: the only request the services see is the test's.
      HEALTH_POLL_INTERVAL_MS: '0',
      RESPONSE_CACHE: 'off',
      ...extra,
    });
    running.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samverkan-telemetry-'));
    receiver = await startOtlpReceiver();
    const file = (name: string, value: unknown) => {
      writeFileSync(join(dataDir, name), JSON.stringify(value));
      return join(dataDir, name);
    };
    const database: Record<string, string> = process.env.DATABASE_URL
      ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_NAME_PREFIX: 'samverkan_otel_' }
      : { PGLITE_DATA_DIR: join(dataDir, 'pglite') };
    if (process.env.DATABASE_URL) {
      for (const { name } of subgraphs) {
        const config = readDatabaseConfig(database, name);
        if (config.kind === 'server') await dropDatabase(config.url);
      }
    }
    env = {
      ...database,
      GATEWAY_SIGNING_KEY_FILE: file('gateway.private.jwk.json', testKeys.gateway.privateKey),
      GATEWAY_PUBLIC_KEY_FILE: file('gateway.public.jwk.json', testKeys.gateway.publicKey),
      AUTH_JWKS_FILE: file('idp.jwks.json', { keys: [testKeys.caller.publicKey] }),
      AUTH_ISSUER: testIssuer,
      AUTH_AUDIENCE: testAudience,
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Send spans as they end instead of every 5 s, so the test does not wait on the batch timer.
      OTEL_BSP_SCHEDULE_DELAY: '50',
    };
    subgraphServices = await startSubgraphs(env);
  }, 240_000);

  /** The five subgraphs, one at a time as `npm start` does: each start migrates and seeds, and an embedded database takes a core. */
  async function startSubgraphs(subgraphEnv: Record<string, string>): Promise<StartedService[]> {
    const started: StartedService[] = [];
    for (const subgraph of subgraphs) {
      const service = await startService(`subgraphs/${subgraph.name}/src/index.ts`, {
        ...subgraphEnv,
        [`${environmentPrefix(subgraph.name)}_PORT`]: '0',
      });
      started.push(service);
      running.push(service);
    }
    subgraphUrls = Object.fromEntries(
      subgraphs.map((subgraph, i) => [`${environmentPrefix(subgraph.name)}_URL`, started[i].url]),
    );
    return started;
  }

  afterAll(async () => {
    for (const service of running) service.child.kill('SIGTERM');
    await Promise.all(running.map((service) => service.exited));
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Waits for `found` to give a value; a trace arrives in batches, from six processes. */
  async function eventually<T>(found: () => T | undefined, what: () => string): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The trace id in a service's "request served" line for its one request. */
  const servedTraceIds = (service: StartedService) =>
    service
      .output()
      .split('\n')
      .filter((line) => line.includes('"message":"request served"'))
      .map((line) => (JSON.parse(line) as { traceId?: string }).traceId);

  it('follows one AgreementOverview from the gateway through all five subgraphs, SQL included, under one trace id', async () => {
    const gateway = await startGateway();
    // A caller's own traceparent: the gateway must start its own trace rather than take this one.
    const callersTraceId = '0af7651916cd43dd8448eb211c80319c';
    const { status, body } = await postGraphQL(gateway.url, agreementOverview.document, agreementOverview.variables, {
      traceparent: `00-${callersTraceId}-b7ad6b7169203331-01`,
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.agreements.length).toBeGreaterThan(0);

    const traceId = await eventually(
      () => servedTraceIds(gateway)[0],
      () => `the gateway's "request served" line:\n${gateway.output()}`,
    );
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(callersTraceId);

    const services = ['gateway', ...subgraphs.map((subgraph) => `subgraph-${subgraph.name}`)];
    const inTrace = () => receiver.spans().filter((span) => span.traceId === traceId);
    const isSql = (span: ReceivedSpan) => span.attributes['db.system.name'] === 'postgresql';
    const spans = await eventually(
      () => {
        const spans = inTrace();
        const complete = services.every(
          (service) =>
            spans.some((span) => span.service === service && span.kind === 2) &&
            (service === 'gateway' || spans.some((span) => span.service === service && isSql(span))),
        );
        return complete ? spans : undefined;
      },
      () =>
        `a server span from each of ${services.join(', ')} and SQL from each subgraph in trace ${traceId}; have:\n` +
        inTrace()
          .map((span) => `${span.service} ${span.name}`)
          .join('\n'),
    );

    expect([...new Set(spans.map((span) => span.service))].sort()).toEqual([...services].sort());
    // Nothing from the caller's trace: its traceparent was not taken in.
    expect(receiver.spans().filter((span) => span.traceId === callersTraceId)).toEqual([]);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    // The gateway's own spans: Apollo's plan and fetches, and one client span per subgraph fetch (our undici fetcher).
    expect(spans.some((span) => span.service === 'gateway' && span.name === 'gateway.fetch')).toBe(true);
    for (const subgraph of subgraphs) {
      const service = `subgraph-${subgraph.name}`;
      const served = spans.filter((span) => span.service === service && span.kind === 2);
      expect(served.length).toBeGreaterThan(0);
      for (const span of served) {
        // Each request a subgraph served is a child of the gateway's fetch that sent it.
        const parent = byId.get(span.parentSpanId ?? '');
        expect({ subgraph: subgraph.name, parent: parent && { service: parent.service, kind: parent.kind } }).toEqual({
          subgraph: subgraph.name,
          parent: { service: 'gateway', kind: 3 },
        });
      }
      // GraphQL execution and SQL statements inside it, in the subgraph's part of the trace.
      expect(spans.some((span) => span.service === service && span.name.startsWith('graphql.'))).toBe(true);
      expect(spans.filter((span) => span.service === service && isSql(span)).length).toBeGreaterThan(0);
    }
    // No attribute that could name the caller leaves the services.
    for (const span of spans) {
      expect(Object.keys(span.attributes)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(client\.address|net\.peer\.ip|user_agent\.original)$/)]),
      );
    }

    // The request id in the logs: every subgraph's "request served" line for it carries the gateway's trace id.
    for (const service of subgraphServices) {
      expect(servedTraceIds(service)).toContain(traceId);
    }
  }, 120_000);

  it('answers as usual while the OTLP endpoint accepts connections and never replies', async () => {
    // A collector that has hung: every export waits until its own timeout, in the background.
    const hung = net.createServer((socket) => socket.on('error', () => undefined));
    hung.listen(0, '127.0.0.1');
    await new Promise((resolve) => hung.once('listening', resolve));
    try {
      const gateway = await startGateway({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`,
      });
      for (let i = 0; i < 3; i += 1) {
        const { status, body } = await postGraphQL(
          gateway.url,
          agreementOverview.document,
          agreementOverview.variables,
        );
        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(body.data!.agreements.length).toBeGreaterThan(0);
      }
      gateway.child.kill('SIGTERM');
      // Stopping waits for the last export at most a few seconds (exit-hooks.ts), then exits cleanly.
      expect(await gateway.exited).toBe(0);
    } finally {
      hung.close();
    }
  }, 120_000);

  // Last: it replaces the exporting subgraphs with ones that export nothing, as services run by default.
  it('carries one request id from the gateway through all five subgraphs when no traces are exported', async () => {
    for (const service of subgraphServices) service.child.kill('SIGTERM');
    await Promise.all(subgraphServices.map((service) => service.exited));
    const { OTEL_EXPORTER_OTLP_ENDPOINT: _endpoint, OTEL_BSP_SCHEDULE_DELAY: _delay, ...unexported } = env;
    subgraphServices = await startSubgraphs(unexported);
    const gateway = await startService('gateway/src/index.ts', {
      ...unexported,
      ...subgraphUrls,
      GATEWAY_PORT: '0',
      HEALTH_POLL_INTERVAL_MS: '0',
      RESPONSE_CACHE: 'off',
    });
    running.push(gateway);
    const spansBefore = receiver.spans().length;

    const callersTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traceIds: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { status, body } = await postGraphQL(gateway.url, agreementOverview.document, agreementOverview.variables, {
        traceparent: `00-${callersTraceId}-00f067aa0ba902b7-01`,
      });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      traceIds.push(
        await eventually(
          () => servedTraceIds(gateway)[i],
          () => `the gateway's log:\n${gateway.output()}`,
        ),
      );
    }
    // A new id for each request, of the W3C form, and never the caller's.
    for (const traceId of traceIds) expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(new Set([...traceIds, callersTraceId]).size).toBe(3);
    // Each subgraph logged each request it served under the gateway's id for it.
    for (const service of subgraphServices) {
      const ids = servedTraceIds(service);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(traceIds).toContain(id);
      for (const traceId of traceIds) expect(ids).toContain(traceId);
    }
    // And nothing was sent anywhere.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans().length).toBe(spansBefore);
  }, 240_000);
});

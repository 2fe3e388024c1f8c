import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { anonymousCaller, createLogger } from '@samverkan/common';
import { parse } from 'graphql';
import type { GatewayContext } from '../../context';
import { SubgraphChannel, type SubgraphFetchSettings } from '../subgraph-channel';
import { SubgraphDataSource } from '../subgraph-data-source';

/** A subgraph stand-in over real HTTP whose answers each test scripts. */
async function scriptedSubgraph(answer: (attempt: number, response: http.ServerResponse) => void) {
  const authorizations: string[] = [];
  const server = http.createServer((request, response) => {
    authorizations.push(String(request.headers.authorization));
    request.resume();
    request.on('end', () => answer(authorizations.length, response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/graphql`),
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const settings: SubgraphFetchSettings = {
  timeoutMs: 500,
  timeoutMsBySubgraph: {},
  maxConnections: 4,
  maxRetries: 2,
  retryBudget: { ratio: 0.2, minPerSecond: 10, windowMs: 10_000 },
  breaker: { failureThreshold: 100, resetMs: 10_000 },
  maxResponseBytes: 100_000,
};

const json = (response: http.ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('subgraph data source', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
  });

  async function sourceFor(url: URL, overrides: Partial<SubgraphFetchSettings> = {}) {
    const channel = new SubgraphChannel('police', url, { ...settings, ...overrides }, createLogger('test', 'silent'));
    opened.push(channel);
    let signed = 0;
    const source = new SubgraphDataSource(
      channel,
      async () => `token-${(signed += 1)}`,
      createLogger('test', 'silent'),
    );
    return { channel, source };
  }

  const requestContext = (): GatewayContext => ({
    caller: anonymousCaller,
    fetches: {
      signal: new AbortController().signal,
      root: {},
      failed: new Map(),
      batches: new Map(),
      callerKey: 'ip:test',
    },
  });

  function options(query: string, context = requestContext(), variables: Record<string, unknown> = {}) {
    return {
      request: { query, variables },
      context,
      incomingRequestContext: { source: query, operationName: 'Test' },
      document: parse(query),
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  }

  it('retries a read after a 503, with a fresh identity each time, and returns the answer', async () => {
    const subgraph = await scriptedSubgraph((attempt, response) =>
      attempt === 1 ? response.writeHead(503).end() : json(response, 200, { data: { police: { name: 'Polisen' } } }),
    );
    opened.push(subgraph);
    const { source, channel } = await sourceFor(subgraph.url);
    expect(await source.process(options('{ police { name } }'))).toEqual({ data: { police: { name: 'Polisen' } } });
    expect(subgraph.authorizations).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(channel.stats.retries).toBe(1);
  });

  it('never retries a mutation', async () => {
    const subgraph = await scriptedSubgraph((_attempt, response) => response.writeHead(503).end());
    opened.push(subgraph);
    const { source } = await sourceFor(subgraph.url);
    const result = await source.process(options('mutation { recordObstacle { id } }'));
    expect(subgraph.authorizations).toHaveLength(1);
    expect(result.errors).toEqual([
      {
        message: expect.stringContaining('unavailable (HTTP 503)'),
        path: ['recordObstacle'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' },
      },
    ]);
  });

  it('stops retrying when the retry budget is spent', async () => {
    const subgraph = await scriptedSubgraph((_attempt, response) => response.writeHead(502).end());
    opened.push(subgraph);
    const { source } = await sourceFor(subgraph.url, { retryBudget: { ratio: 0, minPerSecond: 0, windowMs: 10_000 } });
    const result = await source.process(options('{ police { name } }'));
    expect(subgraph.authorizations).toHaveLength(1);
    expect(result.errors?.[0].extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'police' });
  });

  it('refuses an answer larger than the limit', async () => {
    const subgraph = await scriptedSubgraph((_attempt, response) =>
      json(response, 200, { data: { police: { name: 'x'.repeat(5_000) } } }),
    );
    opened.push(subgraph);
    const { source } = await sourceFor(subgraph.url, { maxResponseBytes: 1_000 });
    const result = await source.process(options('{ police { name } }'));
    expect(result.errors?.[0].extensions).toEqual({ code: 'SUBGRAPH_BAD_RESPONSE', subgraph: 'police' });
  });

  it('refuses an entity answer with the wrong number of entities', async () => {
    const subgraph = await scriptedSubgraph((_attempt, response) => json(response, 200, { data: { _entities: [] } }));
    opened.push(subgraph);
    const { source } = await sourceFor(subgraph.url);
    const query =
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on PoliceAuthority { name } } }';
    const result = await source.process(
      options(query, requestContext(), { representations: [{ __typename: 'PoliceAuthority', id: 'polisen' }] }),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 0, 'name'],
        extensions: { code: 'SUBGRAPH_BAD_RESPONSE', subgraph: 'police' },
      }),
    ]);
  });

  it('times out at the deadline, and fails the same subgraph’s later fetches in the request at once', async () => {
    const subgraph = await scriptedSubgraph(() => undefined);
    opened.push(subgraph);
    const { source } = await sourceFor(subgraph.url);
    const context = requestContext();
    const started = performance.now();
    const first = await source.process(options('{ police { name } }', context));
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(first.errors?.[0].extensions).toEqual({ code: 'SUBGRAPH_TIMEOUT', subgraph: 'police' });
    const again = performance.now();
    const second = await source.process(options('{ policeRegions { code } }', context));
    expect(performance.now() - again).toBeLessThan(50);
    expect(second.errors?.[0]).toMatchObject({ path: ['policeRegions'], extensions: { code: 'SUBGRAPH_TIMEOUT' } });
    expect(subgraph.authorizations).toHaveLength(1);
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { anonymousCaller, createLogger, type Caller } from '@samverkan/common';
import { parse } from 'graphql';
import type { GatewayContext } from '../../context';
import { batchedOperation, splitBatchedAnswer } from '../batched-operation';
import { distinctRepresentations, spreadEntities } from '../representations';
import { SubgraphChannel, type SubgraphFetchSettings } from '../subgraph-channel';
import { SubgraphDataSource } from '../subgraph-data-source';

interface Received {
  body: { query: string; variables: Record<string, any>; operationName?: string };
  authorization: string;
  response: http.ServerResponse;
  closed: boolean;
}

/** A subgraph stand-in over real HTTP that holds every request until the test answers it. */
async function holdingSubgraph() {
  const received: Received[] = [];
  const arrivals: (() => void)[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const entry: Received = {
      body: JSON.parse(Buffer.concat(chunks).toString()),
      authorization: String(request.headers.authorization),
      response,
      closed: false,
    };
    response.once('close', () => (entry.closed = !response.writableFinished));
    received.push(entry);
    arrivals.splice(0).forEach((arrived) => arrived());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`),
    received,
    /** Resolves once `count` requests have arrived in all. */
    async arrived(count: number) {
      while (received.length < count) await new Promise<void>((resolve) => arrivals.push(resolve));
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const answer = (entry: Received, body: unknown) =>
  entry.response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const settings: SubgraphFetchSettings = {
  timeoutMs: 2_000,
  timeoutMsBySubgraph: {},
  maxConnections: 8,
  maxRetries: 0,
  retryBudget: { ratio: 0.2, minPerSecond: 10, windowMs: 10_000 },
  breaker: { failureThreshold: 100, resetMs: 10_000 },
  maxResponseBytes: 100_000,
};

const entitiesQuery = (selection: string) =>
  `query Op__police__1($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;

const partner = (subject: string): Caller => ({ anonymous: false, subject, organisation: '0136', roles: ['partner'] });

describe('fetch shaping', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
  });

  async function setUp() {
    const subgraph = await holdingSubgraph();
    opened.push(subgraph);
    const channel = new SubgraphChannel('police', subgraph.url, settings, createLogger('test', 'silent'));
    opened.push(channel);
    const mutations: string[] = [];
    const source = new SubgraphDataSource(
      channel,
      // The token names its caller, so a test can tell whose identity an exchange carried.
      async (caller) => `token-for-${caller.anonymous ? 'anonymous' : caller.subject}`,
      createLogger('test', 'silent'),
      { batching: true, mergeInFlight: true },
      (name) => mutations.push(name),
    );
    return { subgraph, channel, source, mutations };
  }

  const requestContext = (caller: Caller = anonymousCaller, signal = new AbortController().signal): GatewayContext => ({
    caller,
    fetches: { signal, root: {}, failed: new Map(), batches: new Map(), callerKey: 'ip:test' },
  });

  function options(query: string, context: GatewayContext, variables: Record<string, unknown> = {}) {
    return {
      request: { query, variables },
      context,
      incomingRequestContext: { source: 'query Dashboard { x }', operationName: 'Dashboard' },
      document: parse(query),
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
  }

  it('sends one request’s entity fetches of a plan level to one subgraph as one request, and splits the answer', async () => {
    const { subgraph, channel, source } = await setUp();
    const context = requestContext();
    const municipalities = source.process(
      options(entitiesQuery('... on Municipality { policeRegion { code } }'), context, {
        representations: [{ __typename: 'Municipality', code: '0180' }],
      }),
    );
    const districts = source.process(
      options(entitiesQuery('... on UrbanDistrict { vulnerability { category } }'), context, {
        representations: [{ __typename: 'UrbanDistrict', id: 'rinkeby' }],
      }),
    );
    await subgraph.arrived(1);
    const [only] = subgraph.received;
    expect(only.body.query).toMatch(/_0__entities: _entities\(representations: \$_0_representations\)/);
    expect(only.body.query).toMatch(/_1__entities: _entities\(representations: \$_1_representations\)/);
    expect(only.body.variables).toEqual({
      _0_representations: [{ __typename: 'Municipality', code: '0180' }],
      _1_representations: [{ __typename: 'UrbanDistrict', id: 'rinkeby' }],
    });
    answer(only, {
      data: {
        _0__entities: [{ policeRegion: { code: '5300' } }],
        _1__entities: [{ vulnerability: null }],
      },
      errors: [{ message: 'Withheld.', path: ['_1__entities', 0, 'vulnerability'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(await municipalities).toEqual({ data: { _entities: [{ policeRegion: { code: '5300' } }] } });
    expect(await districts).toEqual({
      data: { _entities: [{ vulnerability: null }] },
      errors: [{ message: 'Withheld.', path: ['_entities', 0, 'vulnerability'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(channel.stats).toMatchObject({ plannedFetches: 2, fetches: 1, batched: 2 });
  });

  it('asks for a repeated representation once and gives its answer to every place it fills', async () => {
    const { subgraph, source } = await setUp();
    const polisen = { __typename: 'PoliceAuthority', id: 'polisen' };
    const result = source.process(
      options(entitiesQuery('... on PoliceAuthority { name }'), requestContext(), {
        representations: [polisen, polisen, polisen],
      }),
    );
    await subgraph.arrived(1);
    expect(subgraph.received[0].body.variables.representations).toEqual([polisen]);
    answer(subgraph.received[0], {
      data: { _entities: [{ name: null }] },
      errors: [{ message: 'Withheld.', path: ['_entities', 0, 'name'] }],
    });
    expect(await result).toEqual({
      data: { _entities: [{ name: null }, { name: null }, { name: null }] },
      errors: [0, 1, 2].map((i) => ({ message: 'Withheld.', path: ['_entities', i, 'name'] })),
    });
  });

  it('lets identical reads of the same caller share one exchange, each request getting its own copy', async () => {
    const { subgraph, channel, source } = await setUp();
    const first = source.process(options('{ police { name } }', requestContext()));
    const second = source.process(options('{ police { name } }', requestContext()));
    await subgraph.arrived(1);
    answer(subgraph.received[0], { data: { police: { name: 'Polisen' } } });
    const [a, b] = (await Promise.all([first, second])) as { data?: unknown }[];
    expect(a).toEqual({ data: { police: { name: 'Polisen' } } });
    expect(b).toEqual(a);
    // Apollo merges later fetches into an answer in place: a shared object would mix two requests' answers.
    expect(b.data).not.toBe(a.data);
    expect(subgraph.received).toHaveLength(1);
    expect(channel.stats.mergedInFlight).toBe(1);
  });

  it('never lets one caller’s read share another caller’s exchange or answer', async () => {
    const { subgraph, channel, source } = await setUp();
    const callers = [partner('haninge-coordinator'), partner('malmo-officer'), anonymousCaller];
    const results = callers.map((caller) => source.process(options('{ viewer { subject } }', requestContext(caller))));
    await subgraph.arrived(3);
    // Each exchange carries its own caller's identity; answer each with whom it was signed for.
    for (const entry of subgraph.received) {
      answer(entry, { data: { viewer: { subject: entry.authorization.replace('Bearer token-for-', '') } } });
    }
    expect((await Promise.all(results)).map((r) => ('data' in r ? r.data?.viewer : r))).toEqual([
      { subject: 'haninge-coordinator' },
      { subject: 'malmo-officer' },
      { subject: 'anonymous' },
    ]);
    expect(channel.stats.mergedInFlight).toBe(0);
  });

  it('never merges or batches mutations, and reports each answered one', async () => {
    const { subgraph, source, mutations } = await setUp();
    const mutation = 'mutation { recordObstacle { id } }';
    const context = requestContext();
    const results = [source.process(options(mutation, context)), source.process(options(mutation, context))];
    await subgraph.arrived(2);
    subgraph.received.forEach((entry, i) => answer(entry, { data: { recordObstacle: { id: String(i) } } }));
    expect((await Promise.all(results)).map((r) => ('data' in r ? r.data?.recordObstacle : r))).toEqual([
      { id: '0' },
      { id: '1' },
    ]);
    expect(mutations).toEqual(['police', 'police']);
  });

  it('keeps a shared exchange for the requests still waiting when one client leaves, and aborts it when all have', async () => {
    const { subgraph, source } = await setUp();
    const leaving = new AbortController();
    const staying = new AbortController();
    const gone = source.process(options('{ police { name } }', requestContext(anonymousCaller, leaving.signal)));
    const waiting = source.process(options('{ police { name } }', requestContext(anonymousCaller, staying.signal)));
    await subgraph.arrived(1);
    leaving.abort();
    expect(await gone).toEqual({});
    expect(subgraph.received[0].closed).toBe(false);
    answer(subgraph.received[0], { data: { police: { name: 'Polisen' } } });
    expect(await waiting).toEqual({ data: { police: { name: 'Polisen' } } });

    const alone = new AbortController();
    const abandoned = source.process(
      options('{ policeRegions { code } }', requestContext(anonymousCaller, alone.signal)),
    );
    await subgraph.arrived(2);
    alone.abort();
    expect(await abandoned).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(subgraph.received[1].closed).toBe(true);
  });
});

describe('batched operations', () => {
  const member = (query: string, variables: Record<string, unknown>) => ({ query, document: parse(query), variables });

  it('renames each member’s variables and fragments apart, and splits errors no member owns to all', () => {
    const a = member(
      'query A($representations: [_Any!]!, $year: Int) { _entities(representations: $representations) { ...F } } fragment F on UrbanDistrict { unemployment(year: $year) { value } }',
      { representations: [], year: 2009 },
    );
    const b = member(
      'query B($representations: [_Any!]!) { _entities(representations: $representations) { ...F } } fragment F on UrbanDistrict { name }',
      { representations: [] },
    );
    const operation = batchedOperation([a, b])!;
    expect(operation.query).toContain('fragment _0_F on UrbanDistrict');
    expect(operation.query).toContain('fragment _1_F on UrbanDistrict');
    expect(operation.query).toContain('unemployment(year: $_0_year)');
    expect(() => parse(operation.query)).not.toThrow();
    const [first, second] = splitBatchedAnswer(operation, {
      data: { _0__entities: [1], _1__entities: [2] },
      errors: [{ message: 'everything failed' }, { message: 'one', path: ['_1__entities', 0] }],
    });
    expect(first).toEqual({ data: { _entities: [1] }, errors: [{ message: 'everything failed' }] });
    expect(second).toEqual({
      data: { _entities: [2] },
      errors: [{ message: 'everything failed' }, { message: 'one', path: ['_entities', 0] }],
    });
  });

  it('does not batch what it could not split back exactly', () => {
    const query = member('query { ... on Query { police { name } } }', {});
    expect(batchedOperation([query, member('{ police { id } }', {})])).toBeUndefined();
    expect(batchedOperation([member('mutation { a }', {}), member('{ b }', {})])).toBeUndefined();
  });

  it('finds no repeats where there are none, and spreads errors to every repeat', () => {
    expect(distinctRepresentations([{ id: 1 }, { id: 2 }])).toBeUndefined();
    const distinct = distinctRepresentations([{ id: 1 }, { id: 2 }, { id: 1 }])!;
    expect(distinct).toEqual({ distinct: [{ id: 1 }, { id: 2 }], placeOf: [0, 1, 0] });
    expect(spreadEntities(distinct, ['one', 'two'], [{ message: 'x', path: ['_entities', 0, 'name'] }])).toEqual({
      entities: ['one', 'two', 'one'],
      errors: [
        { message: 'x', path: ['_entities', 0, 'name'] },
        { message: 'x', path: ['_entities', 2, 'name'] },
      ],
    });
  });
});

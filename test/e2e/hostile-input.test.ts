import dns from 'node:dns';
import net from 'node:net';
import { importJWK, SignJWT } from 'jose';
import { loadRegisteredOperations } from '../../schema/operations';
import { documentHash } from '../../gateway/src/trusted-documents';
import type { RunningGateway } from '../../gateway/src/server';
import { databaseKind } from '../support/database';
import { callerToken, testAudience, testIssuer, testKeys } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

/** Every host a socket in this process connects to, and every name it looks up, while the file runs. */
const connections: string[] = [];
const lookups: string[] = [];
const originalConnect = net.Socket.prototype.connect;
const originalLookup = dns.lookup;

interface Outcome {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function send(url: string, init: RequestInit): Promise<Outcome> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Outcome['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, headers: response.headers, body };
}

const json = (payload: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

/** A selection nested `depth` levels: agreements → municipality → agreements → … */
function nested(depth: number): string {
  let selection = 'id';
  for (let level = 0; level < depth; level += 1) {
    selection =
      level % 2 === 0
        ? `municipality { agreements { ${selection} } }`
        : `municipality { code agreements { ${selection} } }`;
  }
  return `{ agreements { ${selection} } }`;
}

describe(`hostile and malformed input, end to end (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let production: RunningGateway;
  let throttled: RunningGateway;
  let brokenPolice: RunningGateway;
  const tried: { name: string; refused: boolean }[] = [];

  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const [first, second] = args as [unknown, unknown];
      const options = typeof first === 'object' && first !== null ? (first as net.TcpNetConnectOpts) : undefined;
      const host = options
        ? (options.host ?? (options as { path?: string }).path ?? 'localhost')
        : String(second ?? 'localhost');
      connections.push(host);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
    };
    system = await startSupergraph('samverkan_hostile_');
    production = await system.startGateway({
      production: true,
      playground: false,
      introspection: false,
      trustedDocumentsOnly: true,
    });
    throttled = await system.startGateway({
      rateLimit: { requests: 5, requestsPerAddress: 1_000, windowSeconds: 60, cost: 0 },
    });
    brokenPolice = await system.startGateway({
      production: true,
      subgraphUrls: {
        ...Object.fromEntries(Object.values(system.subgraphs).map((s) => [s.name, s.url])),
        police: 'http://127.0.0.1:9/graphql',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    net.Socket.prototype.connect = originalConnect;
    (dns as { lookup: unknown }).lookup = originalLookup;
    const refused = tried.filter((t) => t.refused).length;
    console.log(`hostile inputs: ${tried.length} tried, ${refused} refused correctly`);
  });

  /**
   * Records whether one hostile input was refused as it should be, and fails the test when it was not: the tally
   * the file prints counts what the checks found, never what a test assumed.
   */
  function record(name: string, refused: boolean, detail: () => string): void {
    tried.push({ name, refused });
    if (!refused) throw new Error(`${name} was not refused as expected: ${detail()}`);
  }

  /**
   * Runs one hostile request, expects it refused: a 4xx status or a GraphQL
   * error carrying one of `codes`, and no data beyond nulls. Records the outcome.
   */
  async function expectRefused(
    name: string,
    url: string,
    init: RequestInit,
    codes: string[],
    statuses: number[] = [400],
  ): Promise<Outcome> {
    const outcome = await send(url, init);
    const code = outcome.body.errors?.[0]?.extensions?.code;
    const data = outcome.body.data;
    const leaked =
      data !== undefined &&
      data !== null &&
      JSON.stringify(data)
        .replace(/null/g, '')
        .replace(/[{}:",\w]/g, '') !== '';
    const refused = statuses.includes(outcome.status) && typeof code === 'string' && codes.includes(code) && !leaked;
    record(
      name,
      refused,
      () =>
        `status ${outcome.status}, code ${String(code)}, data leaked: ${leaked}: ` +
        JSON.stringify(outcome.body).slice(0, 600),
    );
    expect(outcome.body.errors![0].message.length).toBeGreaterThan(10);
    return outcome;
  }

  const gatewayUrl = () => system.gateway.url;

  it('refuses malformed requests at the HTTP layer', async () => {
    await expectRefused('malformed JSON', gatewayUrl(), json('{"query": "{ agreements { id } "'), ['BAD_REQUEST']);
    await expectRefused(
      'wrong content type',
      gatewayUrl(),
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ agreements { id } }' },
      ['UNSUPPORTED_MEDIA_TYPE'],
      [415],
    );
    await expectRefused(
      'oversized body',
      gatewayUrl(),
      json({ query: `{ agreements { id } } # ${'x'.repeat(200_000)}` }),
      ['PAYLOAD_TOO_LARGE'],
      [413],
    );
    await expectRefused(
      'batched requests',
      gatewayUrl(),
      json([{ query: '{ agreements { id } }' }, { query: '{ agreements { id } }' }]),
      ['BAD_REQUEST'],
    );
    await expectRefused('no query', gatewayUrl(), json({ variables: {} }), ['BAD_REQUEST']);
    await expectRefused(
      'GET without a CSRF-safe header',
      `${gatewayUrl()}?query=${encodeURIComponent('{ agreements { id } }')}`,
      { method: 'GET' },
      ['BAD_REQUEST'],
    );
  });

  it('refuses operations beyond the limits before any subgraph is asked', async () => {
    const before = Object.values(system.subgraphs).map((s) => s.database.statements.total);
    await expectRefused('depth 50', gatewayUrl(), json({ query: nested(50) }), ['GRAPHQL_VALIDATION_FAILED']);
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: agreements { id }`).join(' ');
    // 1,000 aliases run into the token limit first; 100 stay under it and meet the alias limit.
    await expectRefused('1,000 aliases', gatewayUrl(), json({ query: `{ ${aliases} }` }), [
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    const hundred = Array.from({ length: 100 }, (_, i) => `a${i}: agreements { id }`).join(' ');
    const alias = await expectRefused('100 aliases', gatewayUrl(), json({ query: `{ ${hundred} }` }), [
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(alias.body.errors![0].message).toMatch(/alias/i);
    const costBomb = `{ ${Array.from(
      { length: 25 },
      (_, i) =>
        `m${i}: municipalities { county { municipalities { county { municipalities { districts { id name } } } } } }`,
    ).join(' ')} }`;
    await expectRefused('cost bomb', gatewayUrl(), json({ query: costBomb }), ['GRAPHQL_VALIDATION_FAILED']);
    await expectRefused(
      'nested-list bomb',
      gatewayUrl(),
      json({
        query: '{ municipalities { county { municipalities { county { municipalities { districts { id } } } } } } }',
      }),
      ['GRAPHQL_VALIDATION_FAILED'],
    );
    const directives = Array.from({ length: 200 }, () => '@include(if: true)').join(' ');
    await expectRefused('200 directives', gatewayUrl(), json({ query: `{ agreements ${directives} { id } }` }), [
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    const after = Object.values(system.subgraphs).map((s) => s.database.statements.total);
    expect(after).toEqual(before);
  });

  it('answers in time, with 400, what would make the gateway itself work hard', async () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const started = Date.now();
    await expectRefused(
      'fragments spread 2^40 times',
      gatewayUrl(),
      json({ query: `query Q { ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { ...Missing }` }),
      ['GRAPHQL_VALIDATION_FAILED'],
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const profile = loadRegisteredOperations().find((op) => op.name === 'MunicipalityProfile')!;
    const depth = 20_000;
    const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const body = `{"query":${JSON.stringify(profile.document)},"variables":{"code":"0180","year":2009,"padding":${deep}}}`;
    for (const url of [gatewayUrl(), production.url]) {
      await expectRefused('a variable nested 20,000 deep', url, json(body), ['BAD_USER_INPUT']);
    }
    await expectRefused(
      'an undeclared variable',
      gatewayUrl(),
      json({ query: profile.document, variables: { code: '0180', year: 2009, extra: 1 } }),
      ['BAD_USER_INPUT'],
    );
    await expectRefused(
      'a body claiming gzip that is not',
      gatewayUrl(),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: '{"query":"{ agreements { id } }"}',
      },
      ['BAD_REQUEST', 'UNSUPPORTED_MEDIA_TYPE'],
      [400, 415],
    );
  });

  it('refuses forged, expired and unsigned identities with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: testIssuer, aud: testAudience, exp: now + 600, org: 'polisen', roles: ['coordinator'] })}.`;
    const selfSigned = await new SignJWT({ org: 'polisen', roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(testIssuer)
      .setAudience(testAudience)
      .setExpirationTime('5m')
      .sign(await importJWK(testKeys.gateway.privateKey, 'EdDSA'));
    const tokens: [string, string][] = [
      ['expired JWT', await callerToken({ expiresAt: now - 30 })],
      ['wrongly signed JWT', selfSigned],
      ['wrong-issuer JWT', await callerToken({ issuer: 'https://evil.example' })],
      ['wrong-audience JWT', await callerToken({ audience: 'other-service' })],
      ['alg: none JWT', unsigned],
      ['garbage bearer', 'not.a.jwt'],
    ];
    for (const [name, token] of tokens) {
      await expectRefused(
        name,
        gatewayUrl(),
        json({ query: '{ viewer { organisation } }' }, { authorization: `Bearer ${token}` }),
        ['UNAUTHENTICATED'],
        [401],
      );
    }
  });

  it('refuses every direct call to a subgraph that lacks the gateway’s signature', async () => {
    const token = await callerToken({ org: 'polisen', roles: ['coordinator'] });
    for (const subgraph of Object.values(system.subgraphs)) {
      await expectRefused(
        `direct call to ${subgraph.name}`,
        subgraph.url,
        json({ query: '{ _service { sdl } }' }),
        ['UNAUTHENTICATED'],
        [401],
      );
      await expectRefused(
        `caller token sent straight to ${subgraph.name}`,
        subgraph.url,
        json({ query: '{ _service { sdl } }' }, { authorization: `Bearer ${token}` }),
        ['UNAUTHENTICATED'],
        [401],
      );
    }
  });

  it('refuses injection-shaped, oversized and ill-typed arguments with a clear code', async () => {
    const profile = loadRegisteredOperations().find((op) => op.name === 'MunicipalityProfile')!.document;
    for (const code of [
      "0180' OR '1'='1",
      '0180; DROP TABLE municipality; --',
      '9'.repeat(50_000),
      '\u0000180',
      '💥💥💥💥',
    ]) {
      await expectRefused(
        `municipality code ${JSON.stringify(code.slice(0, 20))}`,
        gatewayUrl(),
        json({ query: profile, variables: { code, year: 2009 } }),
        ['BAD_USER_INPUT'],
        [200, 400],
      );
    }
    await expectRefused(
      'district id injection',
      gatewayUrl(),
      json({ query: `{ urbanDistrict(id: "x' OR ''='") { name } }` }),
      ['BAD_USER_INPUT'],
      [200, 400],
    );
    await expectRefused(
      'agreement id injection',
      gatewayUrl(),
      json({ query: `{ agreement(id: "1 UNION SELECT") { id } }` }),
      ['BAD_USER_INPUT'],
      [200, 400],
    );
    await expectRefused(
      'invalid enum value',
      gatewayUrl(),
      json({ query: '{ vulnerableAreas(category: DANGEROUS) { name } }' }),
      ['GRAPHQL_VALIDATION_FAILED'],
    );
    await expectRefused(
      'year of the wrong type',
      gatewayUrl(),
      json({ query: profile, variables: { code: '0180', year: 'MMIX' } }),
      ['BAD_USER_INPUT'],
    );
    await expectRefused(
      'ID of the wrong type',
      gatewayUrl(),
      json({ query: '{ municipality(code: true) { name } }' }),
      ['GRAPHQL_VALIDATION_FAILED'],
    );
    await expectRefused(
      'year out of range',
      gatewayUrl(),
      json({ query: '{ agreements(activeInYear: 99999) { id } }' }),
      ['BAD_USER_INPUT'],
      [200, 400],
    );
  });

  it('in production mode accepts only registered operations, by text or hash, and hides the schema', async () => {
    const overview = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
    await expectRefused('unregistered operation', production.url, json({ query: '{ agreements { id } }' }), [
      'OPERATION_NOT_REGISTERED',
    ]);
    await expectRefused(
      'unknown hash',
      production.url,
      json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } }, variables: { year: 2009 } }),
      ['OPERATION_NOT_REGISTERED'],
    );
    await expectRefused('introspection', production.url, json({ query: '{ __schema { types { name } } }' }), [
      'OPERATION_NOT_REGISTERED',
    ]);
    const byText = await send(production.url, json({ query: overview.document, variables: { year: 2009 } }));
    expect(byText.status).toBe(200);
    expect((byText.body.data as { agreements: unknown[] }).agreements).toHaveLength(30);
    const byHash = await send(
      production.url,
      json({
        extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(overview.document) } },
        variables: { year: 2009 },
      }),
    );
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(byText.body);
    expect((await fetch(production.playgroundUrl)).status).toBe(404);
  });

  it('in production mode runs a registered write by its hash, and refuses an unregistered one', async () => {
    const op = loadRegisteredOperations().find((o) => o.name === 'RecordObstacle')!;
    const token = await callerToken({ ...op.caller!, sub: 'haninge-officer' });
    const authorization = { authorization: `Bearer ${token}` };
    await expectRefused(
      'unregistered mutation',
      production.url,
      json(
        { query: 'mutation { changeObstacleStatus(input: {obstacleId: "x", version: 1, status: OPEN}) { id } }' },
        authorization,
      ),
      ['OPERATION_NOT_REGISTERED'],
    );
    const byHash = await send(
      production.url,
      json(
        {
          extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(op.document) } },
          variables: { ...op.variables, idempotencyKey: 'production-hash-write' },
        },
        authorization,
      ),
    );
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors).toBeUndefined();
    expect((byHash.body.data as { recordObstacle: { status: string } }).recordObstacle.status).toBe('OPEN');
    // What a client needs to correct a write survives production's masking: the field, the current version.
    const badInput = await send(
      production.url,
      json(
        { query: op.document, variables: { input: { ...(op.variables.input as object), focusArea: 'HOUSING' } } },
        authorization,
      ),
    );
    expect(badInput.body.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'input',
      field: 'focusArea',
    });
    const status = loadRegisteredOperations().find((o) => o.name === 'ChangeObstacleStatus')!;
    const coordinator = await callerToken({ ...status.caller!, sub: 'national-coordinator' });
    const stale = await send(
      production.url,
      json(
        {
          query: status.document,
          variables: { input: { obstacleId: 'lua-2008-2010-0136-data-sharing', version: 9, status: 'ESCALATED' } },
        },
        { authorization: `Bearer ${coordinator}` },
      ),
    );
    expect(stale.body.errors![0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 1, subgraph: 'agreements' });
    expect(stale.body.errors![0].message).toMatch(/changed by someone else since you read it: it is at version 1/);
  });

  it('names an unreachable subgraph in production without its address or a stack trace', async () => {
    const profile = loadRegisteredOperations().find((op) => op.name === 'MunicipalityProfile')!;
    const { status, body } = await send(
      brokenPolice.url,
      json({ query: profile.document, variables: profile.variables }),
    );
    expect(status).toBe(200);
    const municipality = (body.data as { municipality: Record<string, unknown> }).municipality;
    expect(municipality.name).toBe('Stockholm');
    expect(municipality.policeRegion).toBeNull();
    const errors = body.errors ?? [];
    const named = errors.every(
      (error) =>
        error.extensions?.code === 'SUBGRAPH_UNAVAILABLE' &&
        error.extensions.subgraph === 'police' &&
        Object.keys(error.extensions).length === 2 &&
        /^The police subgraph is unavailable/.test(error.message),
    );
    const revealing = /127\.0\.0\.1|:9\b|ECONNREFUSED|stack|SELECT|\bat /.test(JSON.stringify(errors));
    record('subgraph failure in production', errors.length > 0 && named && !revealing, () =>
      JSON.stringify(errors).slice(0, 600),
    );
  });

  it('lets browsers call cross-site only from configured origins, and from localhost in development', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const open = await system.startGateway({ corsOrigins: ['https://dashboard.example.se'] });
    const allowed = await preflight(open.url, 'https://dashboard.example.se');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.se');
    for (const [name, url] of [
      ['cross-site preflight from an unknown origin', open.url],
      ['cross-site preflight to a gateway allowing no origin', production.url],
    ]) {
      const allowOrigin = (await preflight(url, 'https://evil.example')).headers.get('access-control-allow-origin');
      record(name, allowOrigin === null, () => `Access-Control-Allow-Origin: ${allowOrigin}`);
    }
    // In development a page on this machine may call, whatever its port; a name that only starts like it may not.
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://localhost']) {
      expect((await preflight(open.url, origin)).headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const [name, url, origin] of [
      ['cross-site preflight from a look-alike of localhost', open.url, 'http://localhost.evil.example'],
      ['cross-site preflight from localhost over https to a development gateway', open.url, 'https://localhost:5173'],
      ['cross-site preflight from localhost to a production gateway', production.url, 'http://localhost:5173'],
    ]) {
      const allowOrigin = (await preflight(url, origin)).headers.get('access-control-allow-origin');
      record(name, allowOrigin === null, () => `Access-Control-Allow-Origin: ${allowOrigin}`);
    }
  });

  it('in development suggests the field a typo meant and gives expected errors without a stack trace', async () => {
    const typo = json({ query: '{ agreemnts { id } }' });
    const suggested = await send(gatewayUrl(), typo);
    expect(suggested.status).toBe(400);
    expect(suggested.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Cannot query field "agreemnts" on type "Query"\. Did you mean .*"agreements"/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    // A variable of the wrong type and a partner-only field asked anonymously: expected, so only the words.
    const expected = [
      await send(
        gatewayUrl(),
        json({
          query: 'query ($year: Int!) { agreements { districts { unemployment(year: $year) { value } } } }',
          variables: { year: 'x' },
        }),
      ),
      await send(gatewayUrl(), json({ query: '{ agreements { id commitments { id } } }' })),
    ];
    expect(expected.map((outcome) => outcome.body.errors?.[0]?.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
      'FORBIDDEN',
    ]);
    for (const outcome of expected) {
      for (const error of outcome.body.errors!) expect(error.extensions).not.toHaveProperty('stacktrace');
    }
    // Where introspection is off, so are suggestions: they would spell out the schema piece by piece.
    const closed = await system.startGateway({ production: true, introspection: false });
    const hidden = await send(closed.url, typo);
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    record('a field suggestion where introspection is off', !/Did you mean/.test(JSON.stringify(hidden.body)), () =>
      JSON.stringify(hidden.body.errors),
    );
  });

  it('answers 429 with Retry-After once a caller exceeds the rate limit', async () => {
    const token = await callerToken({ org: '0180', roles: ['partner'], sub: 'busy-dashboard' });
    for (let i = 0; i < 5; i += 1) {
      const ok = await send(
        throttled.url,
        json({ query: '{ viewer { organisation } }' }, { authorization: `Bearer ${token}` }),
      );
      expect(ok.status).toBe(200);
    }
    const refused = await expectRefused(
      'over the rate limit',
      throttled.url,
      json({ query: '{ viewer { organisation } }' }, { authorization: `Bearer ${token}` }),
      ['RATE_LIMITED'],
      [429],
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Bad tokens count against their address before they are verified, so they cannot flood the audit log.
    const guarded = await system.startGateway({
      rateLimit: { requests: 100, requestsPerAddress: 3, windowSeconds: 60, cost: 0 },
    });
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await send(guarded.url, json({ query: '{ viewer { organisation } }' }, { authorization: 'Bearer x.y.z' })))
          .status,
      ).toBe(401);
    }
    await expectRefused(
      'a flood of bad tokens',
      guarded.url,
      json({ query: '{ viewer { organisation } }' }, { authorization: 'Bearer x.y.z' }),
      ['RATE_LIMITED'],
      [429],
    );
    // Another caller is not held back by the first.
    const other = await callerToken({ org: '1280', roles: ['partner'], sub: 'other-dashboard' });
    expect(
      (await send(throttled.url, json({ query: '{ viewer { organisation } }' }, { authorization: `Bearer ${other}` })))
        .status,
    ).toBe(200);
  });

  it('stays healthy and answers a normal query right after a burst of hostile requests', async () => {
    // Its own burst, all at once, so that this holds whichever tests ran before it, or none.
    const token = await callerToken({
      org: 'polisen',
      roles: ['coordinator'],
      expiresAt: Math.floor(Date.now() / 1000) - 30,
    });
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: agreements { id }`).join(' ');
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const burst = [
      expectRefused('burst: malformed JSON', gatewayUrl(), json('{"query": "{'), ['BAD_REQUEST']),
      expectRefused('burst: depth 50', gatewayUrl(), json({ query: nested(50) }), ['GRAPHQL_VALIDATION_FAILED']),
      expectRefused('burst: 100 aliases', gatewayUrl(), json({ query: `{ ${aliases} }` }), [
        'GRAPHQL_VALIDATION_FAILED',
      ]),
      expectRefused(
        'burst: fragments spread 2^40 times',
        gatewayUrl(),
        json({ query: `query Q { ...F0 } ${fragments.join(' ')} fragment F40 on Query { ...Missing }` }),
        ['GRAPHQL_VALIDATION_FAILED'],
      ),
      expectRefused(
        'burst: a variable nested 20,000 deep',
        gatewayUrl(),
        json(`{"query":"query ($v: Int) { agreements(activeInYear: $v) { id } }","variables":{"v":${deep}}}`),
        ['BAD_USER_INPUT'],
      ),
      expectRefused(
        'burst: expired JWT',
        gatewayUrl(),
        json({ query: '{ viewer { organisation } }' }, { authorization: `Bearer ${token}` }),
        ['UNAUTHENTICATED'],
        [401],
      ),
    ];
    await Promise.all(burst);
    for (const url of [system.gateway.url, production.url, ...Object.values(system.subgraphs).map((s) => s.url)]) {
      expect((await fetch(url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    }
    const overview = loadRegisteredOperations().find((op) => op.name === 'AgreementOverview')!;
    const { status, body } = await send(
      gatewayUrl(),
      json({ query: overview.document, variables: overview.variables }),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data as { agreements: unknown[] }).agreements).toHaveLength(30);
  });

  it('makes no outbound call: every connection and lookup stays on this machine', () => {
    expect(connections.length).toBeGreaterThan(0);
    const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost|\/.*)$/;
    expect(connections.filter((host) => !loopback.test(host))).toEqual([]);
    expect(lookups.filter((host) => !loopback.test(host))).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { RunningGateway } from '../../gateway/src/server';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { callerToken, testKeys } from '../support/identity';
import { startSupergraph, type RunningSupergraph } from '../support/harness';

const viewer = /* GraphQL */ `
  query Viewer {
    viewer {
      anonymous
      organisation
      roles
    }
  }
`;

/** Members a public OKP, EC or RSA key may have; anything else (`d`, `p`, `q`, ...) would be private. */
const publicMembers = new Set(['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use']);

describe(`the gateway's identity, verified as a contributed subgraph would (${databaseKind})`, () => {
  let system: RunningSupergraph;
  let recorder: http.Server;
  /** A gateway whose fetches to `agreements` pass through the recorder. */
  let recorded: RunningGateway;
  /** The Authorization header of each fetch the recorder passed on. */
  const forwarded: string[] = [];
  /** The body of each fetch the recorder passed on, beside its header. */
  const forwardedBodies: Buffer[] = [];
  /** While set, the recorder keeps each fetch (header and body) instead of passing it on: a captured token. */
  let intercepting = false;
  const intercepted: { authorization: string; body: Buffer }[] = [];
  const jwksUrl = () => new URL('/.well-known/jwks.json', system.gateway.url);

  beforeAll(async () => {
    system = await startSupergraph('samverkan_identity_');
    const agreements = system.subgraphUrls.agreements;
    recorder = http.createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (intercepting) {
        intercepted.push({ authorization: request.headers.authorization ?? '', body: Buffer.concat(chunks) });
        response.writeHead(503).end();
        return;
      }
      forwarded.push(request.headers.authorization ?? '');
      forwardedBodies.push(Buffer.concat(chunks));
      const answer = await fetch(agreements, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' },
        body: Buffer.concat(chunks),
      });
      response
        .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
        .end(Buffer.from(await answer.arrayBuffer()));
    });
    recorder.listen(0, '127.0.0.1');
    await new Promise((resolve) => recorder.once('listening', resolve));
    recorded = await system.startGateway({
      subgraphUrls: {
        ...system.subgraphUrls,
        agreements: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/graphql`,
      },
      healthPollIntervalMs: 0,
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await new Promise((resolve) => (recorder ? recorder.close(resolve) : resolve(undefined)));
  });

  it('publishes its public signing key at /.well-known/jwks.json, and nothing private', async () => {
    const response = await fetch(jwksUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await response.text();
    const jwks = JSON.parse(text) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: testKeys.gateway.publicKey.x, kid: 'test-gateway', alg: 'EdDSA', use: 'sig' },
    ]);
    for (const key of jwks.keys) expect(Object.keys(key).filter((m) => !publicMembers.has(m))).toEqual([]);
    expect(text).not.toContain(testKeys.gateway.privateKey.d);
  });

  it('forwards an identity that verifies against that key set, for the subgraph it is addressed to alone', async () => {
    forwarded.length = 0;
    const token = await callerToken({ org: '0136', roles: ['partner'], sub: 'haninge-coordinator' });
    const { status, body } = await postGraphQL(recorded.url, viewer, {}, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    // The real subgraph, behind the recorder, accepted the identity and read the caller from it.
    expect(body).toEqual({ data: { viewer: { anonymous: false, organisation: '0136', roles: ['PARTNER'] } } });
    expect(forwarded).toHaveLength(1);
    const [, identity] = /^Bearer (.+)$/.exec(forwarded[0])!;

    const keys = createRemoteJWKSet(jwksUrl());
    const { payload, protectedHeader } = await jwtVerify(identity, keys, {
      issuer: 'samverkan-gateway',
      audience: 'samverkan-subgraph:agreements',
      algorithms: ['EdDSA'],
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'test-gateway' });
    expect(payload).toEqual({
      iss: 'samverkan-gateway',
      aud: 'samverkan-subgraph:agreements',
      sub: 'haninge-coordinator',
      // The SHA-256 of the very body the token came with.
      bh: expect.stringMatching(/^[0-9a-f]{64}$/),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: expect.any(Number),
      exp: payload.iat! + 15,
      anon: false,
      org: '0136',
      roles: ['partner'],
      op: 'Viewer',
      doc: createHash('sha256').update(viewer).digest('hex'),
    });
    await expect(
      jwtVerify(identity, keys, { issuer: 'samverkan-gateway', audience: 'samverkan-subgraph:police' }),
    ).rejects.toMatchObject({ claim: 'aud' });
  });

  it('forwards a fresh identity with every fetch, and the subgraph refuses one replayed', async () => {
    forwarded.length = 0;
    forwardedBodies.length = 0;
    await postGraphQL(recorded.url, viewer);
    await postGraphQL(recorded.url, viewer);
    expect(forwarded).toHaveLength(2);
    expect(forwarded[0]).not.toBe(forwarded[1]);
    // The very request the gateway sent, header and body, sent again.
    const response = await fetch(system.subgraphUrls.agreements, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: forwarded[0] },
      body: forwardedBodies[0],
    });
    const replayed = { status: response.status, body: (await response.json()) as { errors?: unknown[] } };
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('used before'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('binds each identity to the body it was signed for: a captured token carries no other query', async () => {
    intercepting = true;
    try {
      await postGraphQL(recorded.url, viewer);
    } finally {
      intercepting = false;
    }
    expect(intercepted.length).toBeGreaterThan(0);
    const [captured] = intercepted;
    const send = (body: string | Buffer) =>
      fetch(system.subgraphUrls.agreements, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: captured.authorization },
        body,
      });
    // Another query under the captured, unused token: refused before it runs, and the token stays unused.
    for (const other of [
      JSON.stringify({ query: '{ _service { sdl } }' }),
      JSON.stringify({ query: '{ agreements { contactPeople { email } } }' }),
      // The same query with one byte more.
      Buffer.concat([captured.body, Buffer.from(' ')]),
    ]) {
      const refused = await send(other);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
        /issued for another request/,
      );
    }
    // The body it was signed for is answered: what stopped the others was the binding.
    const answered = await send(captured.body);
    expect(answered.status).toBe(200);
  });
});

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
  const jwksUrl = () => new URL('/.well-known/jwks.json', system.gateway.url);

  beforeAll(async () => {
    system = await startSupergraph('samverkan_identity_');
    const agreements = system.subgraphUrls.agreements;
    recorder = http.createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      forwarded.push(request.headers.authorization ?? '');
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
    await postGraphQL(recorded.url, viewer);
    await postGraphQL(recorded.url, viewer);
    expect(forwarded).toHaveLength(2);
    expect(forwarded[0]).not.toBe(forwarded[1]);
    const replayed = await postGraphQL(system.subgraphUrls.agreements, viewer, {}, { authorization: forwarded[0] });
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('used before'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevelopmentKeys, generateSigningKeyPair, type RunningSubgraph } from '@samverkan/common';
import type { JSONWebKeySet } from 'jose';
import { readGatewayConfig, type GatewayConfig } from '../../gateway/src/config';
import { startGateway, type RunningGateway } from '../../gateway/src/server';
import { loadRegisteredOperations } from '../../schema/operations';
import { agreementsSubgraph } from '../../subgraphs/agreements/src/server';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { databaseKind } from '../support/database';
import { closedPort } from '../support/faults';
import { postGraphQL } from '../support/graphql';
import { callerToken, testAudience, testCallerTokens, testIssuer, testKeys } from '../support/identity';
import { startTestSubgraph } from '../support/subgraph';

const viewer = /* GraphQL */ `
  query Viewer {
    viewer {
      anonymous
      organisation
    }
  }
`;

/** Nothing listens on the discard port: the subgraphs these tests never reach. */
const nowhere = 'http://127.0.0.1:9/graphql';

/** A stand-in identity provider publishing its keys over real HTTP, as `AUTH_JWKS_URL` points at in production. */
async function startIdentityProvider(keys: JSONWebKeySet) {
  const provider = {
    keys,
    /** While set, the provider answers 503, as one being redeployed would. */
    failing: false,
    /** Requests for the key set so far. */
    fetches: 0,
    url: new URL('http://127.0.0.1/'),
    server: http.createServer((request, response) => {
      provider.fetches += 1;
      if (provider.failing || request.url !== '/keys.json') {
        response.writeHead(provider.failing ? 503 : 404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(provider.keys));
    }),
  };
  await new Promise<void>((resolve) => provider.server.listen(0, '127.0.0.1', resolve));
  provider.url = new URL(`http://127.0.0.1:${(provider.server.address() as AddressInfo).port}/keys.json`);
  return provider;
}

describe(`settings an operator gives the gateway, end to end (${databaseKind})`, () => {
  let agreements: RunningSubgraph;
  let base: GatewayConfig;
  const gateways: RunningGateway[] = [];
  const providers: http.Server[] = [];

  /** A gateway in front of the agreements subgraph (the others unreachable) with these settings. */
  async function gatewayWith(overrides: Partial<GatewayConfig>): Promise<RunningGateway> {
    const gateway = await startGateway({ ...base, ...overrides });
    gateways.push(gateway);
    return gateway;
  }

  beforeAll(async () => {
    agreements = await startTestSubgraph(agreementsSubgraph, 'samverkan_settings_');
    base = {
      ...readGatewayConfig({
        DEV_KEYS_DIR: ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'samverkan-settings-'))).dir,
      }),
      port: 0,
      subgraphUrls: {
        ...Object.fromEntries(subgraphDefinitions.map((definition) => [definition.name, nowhere])),
        agreements: agreements.url,
      },
      callerTokens: testCallerTokens,
      signingKey: testKeys.gateway.privateKey,
      healthPollIntervalMs: 0,
    };
  }, 120_000);

  // A test that holds the clock still lets it go again, passed or failed.
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await Promise.all(providers.map((server) => new Promise((resolve) => server.close(resolve))));
    await agreements?.stop();
  });

  describe('TRUST_PROXY: whose address the per-address rate limit counts', () => {
    const limits = { requests: 1_000, requestsPerAddress: 2, windowSeconds: 60, cost: 0 };
    const ask = (gateway: RunningGateway, forwardedFor: string) =>
      postGraphQL(gateway.url, '{ __typename }', {}, { 'x-forwarded-for': forwardedFor });

    it('unset, ignores X-Forwarded-For: a client cannot dodge the limit by naming another address', async () => {
      const direct = await gatewayWith({ rateLimit: limits });
      expect((await ask(direct, '203.0.113.1')).status).toBe(200);
      expect((await ask(direct, '203.0.113.2')).status).toBe(200);
      const third = await ask(direct, '203.0.113.3');
      expect(third.status).toBe(429);
      expect(third.body.errors![0].extensions!.code).toBe('RATE_LIMITED');
    });

    it('set to one hop, limits each client behind the proxy apart, by the address the proxy saw', async () => {
      const proxied = await gatewayWith({ rateLimit: limits, trustProxy: 1 });
      expect((await ask(proxied, '203.0.113.1')).status).toBe(200);
      expect((await ask(proxied, '203.0.113.1')).status).toBe(200);
      expect((await ask(proxied, '203.0.113.1')).status).toBe(429);
      // Another client behind the same proxy is not held back by the first.
      expect((await ask(proxied, '203.0.113.2')).status).toBe(200);
      // What a client writes into the header itself sits left of what the proxy appends, and is not believed.
      expect((await ask(proxied, '198.51.100.1, 203.0.113.2')).status).toBe(200);
      expect((await ask(proxied, '198.51.100.2, 203.0.113.2')).status).toBe(429);
    });
  });

  describe('MAX_LIST_LENGTH: the longest list an operation may give', () => {
    const recordCommitment = loadRegisteredOperations().find((op) => op.name === 'RecordCommitment')!;
    const example = recordCommitment.variables as { input: Record<string, unknown>; idempotencyKey: string };
    let gateway: RunningGateway;
    let authorization: Record<string, string>;

    beforeAll(async () => {
      gateway = await gatewayWith({ limits: { ...base.limits, maxListLength: 2 } });
      const token = await callerToken({ ...recordCommitment.caller!, sub: 'haninge-list-length' });
      authorization = { authorization: `Bearer ${token}` };
    });

    it('runs a write whose lists are within the bound', async () => {
      // The example's longest list, its co-financing, has two items: at the bound.
      const { status, body } = await postGraphQL(
        gateway.url,
        recordCommitment.document,
        { ...example, idempotencyKey: 'list-length-within' },
        authorization,
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.recordCommitment).toMatchObject({ status: 'PLANNED', coFinancing: [{}, {}] });
    });

    it('refuses a longer list in a variable with 400 before the subgraph is asked', async () => {
      const before = agreements.database.statements.total;
      const { status, body } = await postGraphQL(
        gateway.url,
        recordCommitment.document,
        {
          input: { ...example.input, districtIds: ['0136-jordbro', '0136-jordbro', '0136-jordbro'] },
          idempotencyKey: 'list-length-variable',
        },
        authorization,
      );
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'A list in variable $input has more than 2 items.',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      expect(body.data).toBeUndefined();
      expect(agreements.database.statements.total).toBe(before);
    });

    it('refuses a longer list written into the operation itself', async () => {
      const before = agreements.database.statements.total;
      const { status, body } = await postGraphQL(
        gateway.url,
        /* GraphQL */ `
          mutation {
            recordCommitment(
              input: {
                agreementId: "lua-2008-2010-0136"
                focusArea: EDUCATION
                description: "Three copies of one district."
                districtIds: ["0136-jordbro", "0136-jordbro", "0136-jordbro"]
                period: { start: "2010-06-01", end: "2010-08-31" }
                coFinancing: [{ partner: { municipalityCode: "0136" }, sharePercent: 100 }]
              }
            ) {
              id
            }
          }
        `,
        {},
        authorization,
      );
      expect(status).toBe(400);
      expect(body.errors![0]).toMatchObject({
        message: 'A list in the operation has more than 2 items.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(agreements.database.statements.total).toBe(before);
    });
  });

  describe('AUTH_JWKS_URL: the identity provider’s keys fetched over HTTP', () => {
    it('fetches the key set once, verifies tokens with it, and serves anonymous callers without asking', async () => {
      const provider = await startIdentityProvider({ keys: [testKeys.caller.publicKey] });
      providers.push(provider.server);
      const gateway = await gatewayWith({
        callerTokens: { jwks: provider.url, issuer: testIssuer, audience: testAudience },
      });
      const anonymous = await postGraphQL(gateway.url, viewer);
      expect(anonymous.body).toEqual({ data: { viewer: { anonymous: true, organisation: null } } });
      expect(provider.fetches).toBe(0);
      for (const org of ['polisen', '0180']) {
        const { status, body } = await postGraphQL(
          gateway.url,
          viewer,
          {},
          {
            authorization: `Bearer ${await callerToken({ org })}`,
          },
        );
        expect(status).toBe(200);
        expect(body).toEqual({ data: { viewer: { anonymous: false, organisation: org } } });
      }
      expect(provider.fetches).toBe(1);
    });

    it('follows a key rotation: the new key once published, the retired one refused, unknown keys asked about at most every 30 s', async () => {
      const before = generateSigningKeyPair('idp-2026-01');
      const after = generateSigningKeyPair('idp-2026-02');
      const provider = await startIdentityProvider({ keys: [before.publicKey] });
      providers.push(provider.server);
      const gateway = await gatewayWith({
        callerTokens: { jwks: provider.url, issuer: testIssuer, audience: testAudience },
      });
      // The gateway's clock, held still and moved on by hand: the cooldown below is 30 s, and a slow machine must
      // not be able to let it pass between two requests.
      let clock = Date.now();
      jest.spyOn(Date, 'now').mockImplementation(() => clock);
      const ask = async (key: typeof before) =>
        postGraphQL(
          gateway.url,
          viewer,
          {},
          {
            authorization: `Bearer ${await callerToken({ org: 'polisen', key: key.privateKey })}`,
          },
        );

      expect((await ask(before)).status).toBe(200);
      expect(provider.fetches).toBe(1);

      provider.keys = { keys: [after.publicKey] };
      // Tokens naming a key the gateway has not seen do not make it ask the provider again at once: a flood of
      // made-up key ids must not turn the gateway against the provider.
      for (let i = 0; i < 3; i += 1) {
        const refused = await ask(after);
        expect(refused.status).toBe(401);
        expect(refused.body.errors![0]).toMatchObject({
          message: 'The token is signed by an unknown key.',
          extensions: { code: 'UNAUTHENTICATED' },
        });
      }
      expect(provider.fetches).toBe(1);

      // Half a minute on, an unknown key makes the gateway fetch the set again.
      clock += 31_000;
      const rotated = await ask(after);
      expect(rotated.status).toBe(200);
      expect(rotated.body.data).toEqual({ viewer: { anonymous: false, organisation: 'polisen' } });
      expect(provider.fetches).toBe(2);
      const retired = await ask(before);
      expect(retired.status).toBe(401);
      expect(retired.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(provider.fetches).toBe(2);
    });

    it('refuses tokens with 401 while the provider is down or unreachable, serves anonymous callers, and recovers', async () => {
      const provider = await startIdentityProvider({ keys: [testKeys.caller.publicKey] });
      providers.push(provider.server);
      provider.failing = true;
      const failing = await gatewayWith({
        callerTokens: { jwks: provider.url, issuer: testIssuer, audience: testAudience },
      });
      const unreachable = await gatewayWith({
        callerTokens: {
          jwks: new URL(`http://127.0.0.1:${await closedPort()}/keys.json`),
          issuer: testIssuer,
          audience: testAudience,
        },
      });
      const authorization = { authorization: `Bearer ${await callerToken({ org: 'polisen' })}` };
      for (const gateway of [failing, unreachable]) {
        const { status, body } = await postGraphQL(gateway.url, viewer, {}, authorization);
        expect(status).toBe(401);
        expect(body.errors![0]).toMatchObject({
          message: 'The token could not be verified.',
          extensions: { code: 'UNAUTHENTICATED' },
        });
        expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|503|keys\.json/);
        expect((await postGraphQL(gateway.url, viewer)).body.data).toEqual({
          viewer: { anonymous: true, organisation: null },
        });
      }
      expect(provider.fetches).toBe(1);

      // A key set never fetched is asked for again on the next token, without waiting out a cooldown.
      provider.failing = false;
      const recovered = await postGraphQL(failing.url, viewer, {}, authorization);
      expect(recovered.status).toBe(200);
      expect(recovered.body.data).toEqual({ viewer: { anonymous: false, organisation: 'polisen' } });
      expect(provider.fetches).toBe(2);
    });
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { startSubgraph, type RunningSubgraph, type SharedStateConfig } from '@samverkan/common';
import type { RunningGateway } from '../../gateway/src/server';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { databaseKind } from '../support/database';
import { postGraphQL } from '../support/graphql';
import { callerToken, gatewayHeaders } from '../support/identity';
import { writeCallers } from '../support/writes';
import { freePort, startSupergraph, type RunningSupergraph } from '../support/harness';
import { testSubgraphConfig } from '../support/subgraph';

/**
 * State that must hold across instances, in a real Redis: the machine's for
 * sharing, and one this file starts and stops itself for Redis going away
 * (stopping the machine's would disturb everything else using it).
 */
const machineRedis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const police = subgraphDefinitions.find((d) => d.name === 'police')!;
const countQuery = '{ vulnerableAreas { id } }';
const anyRead = '{ __typename }';

function shared(redisUrl: string): SharedStateConfig {
  // A prefix of its own: runs of this file, and other users of the machine's Redis, never see each other's keys.
  return { redisUrl, keyPrefix: `samverkan-test-${randomUUID().slice(0, 8)}:` };
}

/** A Redis of this test's own on `port`, keeping nothing on disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  redis.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 100 && !/Ready to accept connections/.test(output); i += 1) {
    if (redis.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return redis;
}

async function stopRedis(redis: ChildProcess | undefined): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  redis.kill('SIGKILL');
  await once(redis, 'exit');
}

/** Polls `/ready` until its status is `status`: readiness follows Redis within its reconnection delay. */
async function readyBecomes(url: string, status: number): Promise<Record<string, unknown>> {
  const readyUrl = new URL('/ready', url);
  let last: { status: number; body: Record<string, unknown> } | undefined;
  for (let i = 0; i < 100; i += 1) {
    const response = await fetch(readyUrl);
    last = { status: response.status, body: (await response.json()) as Record<string, unknown> };
    if (last.status === status) return last.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${readyUrl} stayed ${last?.status}: ${JSON.stringify(last?.body)}`);
}

async function asGateway(replica: RunningSubgraph, body: string, authorization?: string) {
  const headers = authorization ? { authorization } : await gatewayHeaders('police', body);
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] },
    authorization: headers.authorization,
  };
}

describe(`state shared through Redis across instances (${databaseKind})`, () => {
  let system: RunningSupergraph;
  const replicas: RunningSubgraph[] = [];

  beforeAll(async () => {
    system = await startSupergraph('samverkan_shared_');
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await system?.stop();
  });

  /** Two replicas of the police subgraph on one database of their own, sharing `sharedState` (or not). */
  async function policeReplicas(sharedState?: SharedStateConfig): Promise<[RunningSubgraph, RunningSubgraph]> {
    const prefix = `samverkan_shared_${replicas.length / 2}_`;
    const config = await testSubgraphConfig(police, prefix, sharedState ? { sharedState } : {});
    const first = await startSubgraph(police, config);
    replicas.push(first);
    const second = await startSubgraph(police, config);
    replicas.push(second);
    return [first, second];
  }

  describe('rate limits', () => {
    const limit = 5;
    const limited = { requests: limit, requestsPerAddress: 1_000, windowSeconds: 60, cost: 0 };

    async function spend(gateways: RunningGateway[], token: string, times: number): Promise<number[]> {
      const statuses: number[] = [];
      for (let i = 0; i < times; i += 1) {
        const { status } = await postGraphQL(
          gateways[i % gateways.length].url,
          anyRead,
          {},
          {
            authorization: `Bearer ${token}`,
          },
        );
        statuses.push(status);
      }
      return statuses;
    }

    it('are one limit across two gateway instances sharing a Redis', async () => {
      const sharedState = shared(machineRedis);
      const a = await system.startGateway({ rateLimit: limited, sharedState });
      const b = await system.startGateway({ rateLimit: limited, sharedState });
      const statuses = await spend([a, b], await callerToken({ sub: 'shared-limit' }), 2 * limit);
      expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
      expect(statuses.slice(limit)).toEqual(Array(limit).fill(429));
    });

    it('are one limit per instance without Redis: the reason to share them', async () => {
      const a = await system.startGateway({ rateLimit: limited });
      const b = await system.startGateway({ rateLimit: limited });
      const statuses = await spend([a, b], await callerToken({ sub: 'local-limit' }), 2 * limit);
      expect(statuses).toEqual(Array(2 * limit).fill(200));
    });
  });

  describe('the response cache', () => {
    const agreement = '{ agreement(id: "lua-2008-2010-0581") { version partners { role } } }';
    const read = async (gateway: RunningGateway) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: agreement }),
      });
      return {
        cache: response.headers.get('cache-status'),
        body: (await response.json()) as { data: { agreement: { version: number; partners: { role: string }[] } } },
      };
    };

    it('is shared by two gateway instances, and a write through one drops it for both', async () => {
      const sharedState = shared(machineRedis);
      const a = await system.startGateway({ sharedState });
      const b = await system.startGateway({ sharedState });
      const first = await read(a);
      expect(first.cache).toMatch(/stored/);
      // Asked of the other instance: answered from what the first kept.
      const fromShared = await read(b);
      expect(fromShared.cache).toMatch(/hit/);
      expect(fromShared.body).toEqual(first.body);
      const { version } = first.body.data.agreement;
      const written = await postGraphQL(
        b.url,
        `mutation AddPartner($input: AddPartnerInput!) { addPartner(input: $input) { version } }`,
        {
          input: {
            agreementId: 'lua-2008-2010-0581',
            version,
            partner: { organisationName: 'Delad cache AB' },
            role: 'BUSINESS',
          },
        },
        { authorization: `Bearer ${await callerToken(writeCallers.coordinator)}` },
      );
      expect(written.body.errors).toBeUndefined();
      // The write went through b; a must not serve what it had kept either.
      const after = await read(a);
      expect(after.cache).not.toMatch(/hit/);
      expect(after.body.data.agreement.version).toBe(version + 1);
      expect(after.body.data.agreement.partners).toContainEqual({ role: 'BUSINESS' });
      expect((await read(b)).body).toEqual(after.body);
    });
  });

  describe('the used-token record', () => {
    it('refuses a token replayed to another replica of the same subgraph', async () => {
      const [first, second] = await policeReplicas(shared(machineRedis));
      const body = JSON.stringify({ query: countQuery });
      const used = await asGateway(first, body);
      expect(used.status).toBe(200);
      const replayed = await asGateway(second, body, used.authorization);
      expect(replayed.status).toBe(401);
      expect(replayed.body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('used before'),
        extensions: { code: 'UNAUTHENTICATED' },
      });
      // A fresh token is still answered by either.
      expect((await asGateway(second, body)).status).toBe(200);
    });

    it('is per replica without Redis: the same replay is accepted', async () => {
      const [first, second] = await policeReplicas();
      const body = JSON.stringify({ query: countQuery });
      const used = await asGateway(first, body);
      expect((await asGateway(second, body, used.authorization)).status).toBe(200);
    });
  });

  describe('Redis stopping mid-run, and coming back', () => {
    let redis: ChildProcess | undefined;
    let port: number;
    let replica: RunningSubgraph;
    let open: RunningGateway;
    let closed: RunningGateway;
    const token = () => callerToken({ sub: 'through-outage' });

    beforeAll(async () => {
      port = await freePort();
      redis = await startRedis(port);
      const sharedState = shared(`redis://127.0.0.1:${port}`);
      [replica] = await policeReplicas(sharedState);
      const rateLimit = { requests: 1_000, requestsPerAddress: 1_000, windowSeconds: 60, cost: 0 };
      open = await system.startGateway({ rateLimit, sharedState, rateLimitRedisFailure: 'open' });
      closed = await system.startGateway({ rateLimit, sharedState, rateLimitRedisFailure: 'closed' });
    }, 60_000);

    afterAll(() => stopRedis(redis));

    it('serves normally while Redis is up', async () => {
      const body = JSON.stringify({ query: countQuery });
      expect((await asGateway(replica, body)).status).toBe(200);
      for (const gateway of [open, closed]) {
        expect((await postGraphQL(gateway.url, anyRead, {}, { authorization: `Bearer ${await token()}` })).status).toBe(
          200,
        );
        expect(await readyBecomes(gateway.url, 200)).toMatchObject({ checks: { redis: { redis: 'connected' } } });
      }
      expect(await readyBecomes(replica.url, 200)).toMatchObject({
        checks: { redis: { ready: true, redis: 'connected' } },
      });
    });

    it('with Redis gone: the replay check refuses, rate limits fail as configured, and /ready says so', async () => {
      await stopRedis(redis);
      // A subgraph that cannot prove a token unused does not accept it.
      expect(await readyBecomes(replica.url, 503)).toMatchObject({ failing: ['redis'] });
      const refused = await asGateway(replica, JSON.stringify({ query: countQuery }));
      expect(refused.status).toBe(503);
      expect(refused.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      // Open: limits counted by this instance meanwhile; the gateway stays ready and says Redis is down.
      expect(await readyBecomes(open.url, 200)).toMatchObject({
        checks: { redis: { ready: true, redis: 'unavailable', rateLimitsOnFailure: 'open' } },
      });
      expect((await postGraphQL(open.url, anyRead, {}, { authorization: `Bearer ${await token()}` })).status).toBe(200);
      // Closed: refused with 503 and Retry-After, and not ready.
      expect(await readyBecomes(closed.url, 503)).toMatchObject({ failing: ['redis'] });
      const response = await fetch(closed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: JSON.stringify({ query: anyRead }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('SERVICE_UNAVAILABLE');
    });

    it('recovers on its own once Redis is back', async () => {
      redis = await startRedis(port);
      await readyBecomes(replica.url, 200);
      await readyBecomes(closed.url, 200);
      expect((await asGateway(replica, JSON.stringify({ query: countQuery }))).status).toBe(200);
      for (const gateway of [open, closed]) {
        expect((await postGraphQL(gateway.url, anyRead, {}, { authorization: `Bearer ${await token()}` })).status).toBe(
          200,
        );
      }
    }, 30_000);
  });
});

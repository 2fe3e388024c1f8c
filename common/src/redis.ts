import { once } from 'node:events';
import { Redis } from 'ioredis';
import { ConfigError, readOptionalUrl, readString } from './config';
import type { Logger } from './logger';

/**
 * Where state that must hold across instances lives: rate limits, used
 * identity tokens and the gateway's cached answers. Without `REDIS_URL`
 * each process keeps its own, which is right for one instance and wrong for
 * two: a second gateway doubles every limit, a second replica of a subgraph
 * accepts a token the first has already spent.
 */
export interface SharedStateConfig {
  /** `REDIS_URL`, `redis://` or `rediss://`; unset: every instance keeps its own state in memory. */
  redisUrl?: string;
  /** `REDIS_KEY_PREFIX`: the start of every key, so that deployments (or test runs) can share one Redis. */
  keyPrefix: string;
}

export function readSharedStateConfig(env: Record<string, string | undefined>): SharedStateConfig {
  const redisUrl = readOptionalUrl(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:$/.test(new URL(redisUrl).protocol)) {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${new URL(redisUrl).protocol}"`);
  }
  const keyPrefix = readString(env, 'REDIS_KEY_PREFIX', 'samverkan:');
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(keyPrefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX', 'must be 1-64 letters, digits or _ : . -');
  }
  return { redisUrl, keyPrefix };
}

/** One connection to the shared Redis, and whether it can be used right now. */
export interface SharedStore {
  client: Redis;
  keyPrefix: string;
  /** Connected and answering: commands sent now are carried out, not queued. */
  available(): boolean;
  /** For `/ready` and `/status`. */
  state(): { redis: 'connected' | 'unavailable' };
  close(): Promise<void>;
}

/**
 * Connects to Redis and keeps reconnecting for as long as the process runs.
 * Commands fail at once while it is down (no offline queue) and after a
 * second when it hangs, so that each user of the store applies its own
 * policy — refuse, or fall back to this instance — instead of every request
 * waiting on a Redis that is gone. Waits up to `connectTimeoutMs` for the
 * first connection, so a service started beside its Redis starts with it;
 * a Redis that is down at start does not stop the service from starting.
 */
export async function connectSharedStore(
  config: SharedStateConfig & { redisUrl: string },
  logger: Logger,
  connectTimeoutMs = 2_000,
): Promise<SharedStore> {
  const client = new Redis(config.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    // The URL may carry a password: connection names show up in CLIENT LIST, so keep them plain.
    connectionName: 'samverkan',
  });
  // Logged when the state changes, not on every reconnection attempt while Redis is down.
  let reported: 'connected' | 'unavailable' | undefined;
  let closing = false;
  const report = (now: 'connected' | 'unavailable', detail?: string) => {
    if (reported === now || closing) return;
    reported = now;
    if (now === 'connected') logger.info('shared state: Redis connected');
    else logger.warn('shared state: Redis unavailable', detail ? { error: detail } : {});
  };
  client.on('ready', () => report('connected'));
  client.on('error', (error: Error) => report('unavailable', error.message));
  client.on('end', () => report('unavailable'));
  client.on('close', () => {
    if (reported === 'connected') report('unavailable', 'connection closed');
  });
  if (client.status !== 'ready') {
    await Promise.race([
      once(client, 'ready'),
      new Promise((resolve) => setTimeout(resolve, connectTimeoutMs).unref()),
    ]).catch(() => undefined);
  }
  const available = () => client.status === 'ready';
  return {
    client,
    keyPrefix: config.keyPrefix,
    available,
    state: () => ({ redis: available() ? 'connected' : 'unavailable' }),
    async close() {
      closing = true;
      client.disconnect(false);
    },
  };
}

/** A store for the config: connected when `REDIS_URL` is set, none when not. */
export async function openSharedStore(config: SharedStateConfig, logger: Logger): Promise<SharedStore | undefined> {
  return config.redisUrl === undefined
    ? undefined
    : connectSharedStore({ ...config, redisUrl: config.redisUrl }, logger);
}

import type { Caller } from '@samverkan/common';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SharedStore } from '@samverkan/common';

export interface RateLimitSettings {
  /** Requests a caller (organisation and subject; IP address when anonymous) may make per window. */
  requests: number;
  /** Requests one IP address may make per window, verified or not: bounds floods of bad tokens too. */
  requestsPerAddress: number;
  windowSeconds: number;
  /**
   * Estimated cost (see cost.ts) a caller may spend per window; 0 turns the
   * cost limit off. Counting requests alone lets one client with expensive
   * queries slow everyone else while staying under the request limit.
   */
  cost: number;
}

/**
 * What the limits do while the shared Redis cannot be asked: `open` counts
 * against this instance's own memory meanwhile (each instance then allows the
 * limit, as without Redis), `closed` refuses every request with 503.
 */
export type RateLimitRedisFailure = 'open' | 'closed';

/** Which limit refused a request, for the metrics. */
export type RateLimitName = 'address' | 'caller' | 'cost';

/** The 429 for a limiter's rejection, counted here: whatever store keeps the limits, every refusal passes here. */
function limited(rejection: unknown, limit: RateLimitName, onRefusal: (limit: RateLimitName) => void): never {
  if (!(rejection instanceof RateLimiterRes)) {
    // Only a store that could not be asked rejects with anything else: the `closed` policy.
    throw new GraphQLError('Rate limits cannot be checked right now; try again shortly.', {
      extensions: {
        code: 'SERVICE_UNAVAILABLE',
        http: { status: 503, headers: new Map([['retry-after', '1']]) },
      },
    });
  }
  onRefusal(limit);
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw new GraphQLError(`Too many requests; try again in ${retryAfter} s.`, {
    // A Map, as Apollo Server reads headers from errors thrown in its plugins.
    extensions: {
      code: 'RATE_LIMITED',
      http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
    },
  });
}

/**
 * Two limits, both answering 429 with Retry-After: one per IP address,
 * counted before the token is verified, and one per caller after. In memory
 * for one gateway instance; with a shared Redis, one limit across every
 * instance. Behind a reverse proxy set TRUST_PROXY, or every anonymous caller
 * shares the proxy's address.
 */
export function createRateLimiter(
  settings: RateLimitSettings,
  shared?: { store: SharedStore; onFailure: RateLimitRedisFailure },
  /** Told of every refusal, by the limit that refused. */
  onRefusal: (limit: RateLimitName) => void = () => undefined,
) {
  const limiter = (name: RateLimitName, points: number): RateLimiterAbstract => {
    const local = new RateLimiterMemory({ points, duration: settings.windowSeconds });
    if (!shared) return local;
    return new RateLimiterRedis({
      storeClient: shared.store.client,
      keyPrefix: `${shared.store.keyPrefix}rate:${name}`,
      points,
      duration: settings.windowSeconds,
      // Not ready means down: decide at once rather than let requests queue behind reconnection.
      rejectIfRedisNotReady: true,
      insuranceLimiter: shared.onFailure === 'open' ? local : undefined,
    });
  };
  const perAddress = limiter('address', settings.requestsPerAddress);
  const perCaller = limiter('caller', settings.requests);
  const costPerCaller = settings.cost > 0 ? limiter('cost', settings.cost) : undefined;
  return {
    /** Whom the per-caller limits count against: organisation and subject, or the address when anonymous. */
    callerKey(request: Request, caller: Caller): string {
      return caller.anonymous ? `ip:${request.ip}` : `org:${caller.organisation}:${caller.subject}`;
    },
    async admitAddress(request: Request): Promise<void> {
      await perAddress.consume(`ip:${request.ip}`).catch((r: unknown) => limited(r, 'address', onRefusal));
    },
    async admitCaller(request: Request, caller: Caller): Promise<void> {
      await perCaller.consume(this.callerKey(request, caller)).catch((r: unknown) => limited(r, 'caller', onRefusal));
    },
    /** Whether the cost limit is on; off, `spendCost` admits everything. */
    costLimited: costPerCaller !== undefined,
    /** Charges an operation's estimated cost to its caller, before any subgraph is asked. */
    async spendCost(callerKey: string, cost: number): Promise<void> {
      await costPerCaller
        ?.consume(callerKey, Math.max(1, Math.ceil(cost)))
        .catch((r: unknown) => limited(r, 'cost', onRefusal));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

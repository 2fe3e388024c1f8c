import type { Caller } from '@samverkan/common';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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

/** Which limit refused a request, for the metrics. */
export type RateLimitName = 'address' | 'caller' | 'cost';

/** The 429 for a limiter's rejection, counted here: whatever store keeps the limits, every refusal passes here. */
function limited(rejection: unknown, limit: RateLimitName, onRefusal: (limit: RateLimitName) => void): never {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
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
 * counted before the token is verified, and one per caller after. In memory:
 * one gateway instance; several would share a Redis store. Behind a reverse
 * proxy set TRUST_PROXY, or every anonymous caller shares the proxy's address.
 */
export function createRateLimiter(
  settings: RateLimitSettings,
  /** Told of every refusal, by the limit that refused. */
  onRefusal: (limit: RateLimitName) => void = () => undefined,
) {
  const perAddress = new RateLimiterMemory({ points: settings.requestsPerAddress, duration: settings.windowSeconds });
  const perCaller = new RateLimiterMemory({ points: settings.requests, duration: settings.windowSeconds });
  const costPerCaller =
    settings.cost > 0 ? new RateLimiterMemory({ points: settings.cost, duration: settings.windowSeconds }) : undefined;
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

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
}

function limited(rejection: unknown): never {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw new GraphQLError(`Too many requests; try again in ${retryAfter} s.`, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(retryAfter) } } },
  });
}

/**
 * Two limits, both answering 429 with Retry-After: one per IP address,
 * counted before the token is verified, and one per caller after. In memory:
 * one gateway instance; several would share a Redis store. Behind a reverse
 * proxy set TRUST_PROXY, or every anonymous caller shares the proxy's address.
 */
export function createRateLimiter(settings: RateLimitSettings) {
  const perAddress = new RateLimiterMemory({ points: settings.requestsPerAddress, duration: settings.windowSeconds });
  const perCaller = new RateLimiterMemory({ points: settings.requests, duration: settings.windowSeconds });
  return {
    async admitAddress(request: Request): Promise<void> {
      await perAddress.consume(`ip:${request.ip}`).catch(limited);
    },
    async admitCaller(request: Request, caller: Caller): Promise<void> {
      const key = caller.anonymous ? `ip:${request.ip}` : `org:${caller.organisation}:${caller.subject}`;
      await perCaller.consume(key).catch(limited);
    },
  };
}

import type { Caller } from '@samverkan/common';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Requests per window per caller: an identified caller by organisation and
 * subject, an anonymous one by IP address. Over the limit: 429 with
 * Retry-After. In memory: one gateway instance; several would share Redis.
 */
export function createRateLimiter(settings: { requests: number; windowSeconds: number }) {
  const limiter = new RateLimiterMemory({ points: settings.requests, duration: settings.windowSeconds });
  return async (request: Request, caller: Caller): Promise<void> => {
    const key = caller.anonymous ? `ip:${request.ip}` : `org:${caller.organisation}:${caller.subject ?? ''}`;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new GraphQLError(`Too many requests; try again in ${retryAfter} s.`, {
        extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(retryAfter) } } },
      });
    }
  };
}

import { ConfigError, readInteger } from '../config';

/** Bounds on what clients may hold of a service's sockets and time; each exists against one way of starving it. */
export interface HttpServerLimits {
  /** Longest wait for a request's headers: a client trickling them (slowloris) is cut off after this. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, body included: a body trickled byte by byte is cut off after this. */
  requestTimeoutMs: number;
  /** Most connections open at once; further ones are closed as they arrive. */
  maxConnections: number;
  /** How long an idle keep-alive connection is kept for the client's next request. */
  keepAliveTimeoutMs: number;
}

export function readHttpServerLimits(env: Record<string, string | undefined>): HttpServerLimits {
  const limits = {
    headersTimeoutMs: readInteger(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    requestTimeoutMs: readInteger(env, 'HTTP_REQUEST_TIMEOUT_MS', 20_000, { min: 100, max: 3_600_000 }),
    maxConnections: readInteger(env, 'MAX_CONNECTIONS', 1_000, { min: 1, max: 1_000_000 }),
    keepAliveTimeoutMs: readInteger(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 0, max: 600_000 }),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  }
  return limits;
}

export const defaultHttpServerLimits: HttpServerLimits = readHttpServerLimits({});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { readPort } from './config';
import type { Logger } from './logger';

/** `METRICS_PORT`: where `/metrics` is served, apart from the public port; unset, nowhere. */
export function readMetricsPort(env: Record<string, string | undefined>): number | undefined {
  return env.METRICS_PORT === undefined || env.METRICS_PORT.trim() === ''
    ? undefined
    : readPort(env, 'METRICS_PORT', 0);
}

/**
 * Keeps a label's values to a bounded set: the first `max` distinct values
 * pass, later ones share `overflow`. Each value is a time series Prometheus
 * keeps forever, so anything a client can vary must never reach a label
 * unbounded.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly overflow = '(other)',
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

let processRegistry: Registry | undefined;

/**
 * Event-loop lag, memory, GC, handles: facts of the process, not of a service. Collected once per process, as
 * several services share one in the tests and in `npm start`, and each service's `/metrics` shows them.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Seconds, for latency histograms: from a millisecond up to the gateway's longest subgraph timeouts. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One service's metrics: its own registry, never prom-client's global one, so
 * that services sharing a process (the end-to-end tests, `npm start`) each
 * count only their own requests. The counters every GraphQL service has are
 * here; a service adds its own to `registry`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests answered, by operation and whether the answer held errors.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from the request reaching GraphQL to the answer being ready, by operation.',
    labelNames: ['operation'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL answers, by operation and error code.',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'graphql_requests_refused_total',
    help: 'Requests refused before GraphQL ran (unauthenticated, rate-limited, unregistered operation, bad body), by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  /** Error codes come from our own services, but a partner's subgraph could invent new ones: bounded anyway. */
  private readonly codes = new BoundedLabel(50);

  /** The exposition text: this service's metrics and the process's. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }

  /** Counts a request refused before GraphQL, by its error code. */
  countRefusal(code: unknown): void {
    this.refused.inc({ code: this.codes.of(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') });
  }

  /**
   * An Apollo Server plugin counting every request that reaches GraphQL, those that fail to parse or validate
   * included. `operation(request)` names it with a bounded label, once it is answered.
   */
  plugin<TContext extends BaseContext>(
    operation: (request: GraphQLRequestContextWillSendResponse<TContext>) => string,
  ): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async (request) => {
            const label = operation(request);
            const { body } = request.response;
            const answered = (body.kind === 'single' ? body.singleResult.errors : undefined) ?? request.errors ?? [];
            this.duration.observe({ operation: label }, (performance.now() - started) / 1000);
            this.requests.inc({ operation: label, outcome: answered.length > 0 ? 'error' : 'ok' });
            for (const error of answered) {
              const code = error.extensions?.code;
              this.errors.inc({
                operation: label,
                code: this.codes.of(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR'),
              });
            }
          },
        };
      },
    };
  }
}

export interface RunningMetricsListener {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves `/metrics` on a listener of its own, never on the public port:
 * the network can keep it to the scraper (a port Prometheus reaches, a
 * port the ingress does not publish) without any guard in the code.
 */
export async function startMetricsListener(
  metrics: ServiceMetrics,
  host: string,
  port: number,
  logger: Logger,
): Promise<RunningMetricsListener> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.exposition().then(
      ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(text),
      (error: unknown) => {
        logger.error('metrics collection failed', { error: String(error) });
        response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics collection failed.\n');
      },
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`;
  logger.info('metrics listening', { url });
  return {
    url,
    port: bound,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

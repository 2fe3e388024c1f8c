import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { context } from '@opentelemetry/api';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AuditLog } from './audit';
import { ConfigError, readInteger } from './config';
import { runExitHooks } from './exit-hooks';
import type { Caller } from './identity';
import { jsonBodyParser, type BodyHashed } from './json-body';
import type { Logger } from './logger';
import { startMetricsListener, type RunningMetricsListener, type ServiceMetrics } from './metrics';
import type { Readiness } from './readiness';

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

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** What a request's steps leave for the later ones: who is asking, once `authenticate` has said. */
    interface Locals {
      caller?: Caller;
    }
  }
}

/** The caller `authenticate` verified for this request; a service's GraphQL context is built from it. */
export function callerOf(response: Response): Caller {
  const { caller } = response.locals;
  if (!caller) throw new Error('no caller: the request did not pass authentication');
  return caller;
}

/** Refusals that concern who is asking, and so belong in the audit log. */
const auditedRefusals = new Set(['UNAUTHENTICATED', 'RATE_LIMITED', 'OPERATION_NOT_REGISTERED']);

/** Whom a request refused before its identity was verified is recorded as. */
const unverifiedCaller: Caller = { anonymous: true, subject: 'unverified', roles: [] };

export interface RunningHttpService {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  url: string;
  port: number;
  /** Where `/metrics` is served, when a metrics port was given. */
  metricsUrl?: string;
  /** Stops accepting requests, lets in-flight ones finish, then runs `onStop`. */
  stop(): Promise<void>;
}

export interface GraphQLHttpServiceOptions<TContext extends BaseContext> {
  name: string;
  port: number;
  host: string;
  /** Timeouts and the connection bound; the defaults when not given. */
  limits?: HttpServerLimits;
  logger: Logger;
  /**
   * Builds the Apollo Server; the plugins given make shutdown graceful and
   * keep the CDN landing page off. Pass `stopOnTerminationSignals: false`:
   * `stopOnSignals` owns the signals, so that the database closes before exit.
   */
  createApolloServer(plugins: ApolloServerPlugin<TContext>[]): ApolloServer<TContext>;
  context(request: Request, response: Response): Promise<TContext>;
  /**
   * Runs before GraphQL on every `/graphql` request; a GraphQLError it throws
   * answers with its `extensions.http.status` (401 for UNAUTHENTICATED) and
   * the request goes no further. Its result is in `response.locals.caller` (`callerOf`); a caller it has verified before
   * refusing (a rate limit) it may put there itself, so the audit names who was refused.
   */
  authenticate?(request: Request, response: Response): Promise<Caller>;
  /**
   * Runs once the body is read (its SHA-256 in `request.bodySha256`), before GraphQL; a GraphQLError it throws
   * answers as `authenticate`'s do. The subgraphs check here that the body is the one the gateway signed for.
   */
  afterBody?(request: BodyHashed, response: Response): Promise<void> | void;
  /** Liveness at `/health`: answers without touching anything that can hang, such as the database. */
  health(): Promise<Record<string, unknown>>;
  /**
   * Readiness at `/ready`: the named checks (the database answers, the supergraph is loaded) all pass, or 503 with
   * the failing ones named. Without it, `/ready` is `/health`.
   */
  readiness?: Readiness;
  /** The service's metrics: refusals before GraphQL are counted here; with `metricsPort`, `/metrics` serves them. */
  metrics?: ServiceMetrics;
  /** `METRICS_PORT`: `/metrics` on its own listener on `host`, never on the public port; unset, not served. */
  metricsPort?: number;
  /** Middleware on `/graphql` before anything else, such as CORS (which must answer preflights). */
  beforeAuthentication?: RequestHandler[];
  /**
   * Steps on `/graphql` after authentication and JSON parsing, before GraphQL;
   * a GraphQLError they throw answers with its `extensions.http.status`.
   */
  beforeGraphQL?: ((request: Request, response: Response) => Promise<void> | void)[];
  /** Routes mounted before `/graphql`, such as the gateway's playground. */
  routes?(app: Express): void;
  /** Reverse-proxy hops whose X-Forwarded-For is believed for the client address. */
  trustProxy?: number;
  /** Where requests refused before GraphQL (401, 429, unregistered operations) are recorded. */
  audit?: AuditLog;
  /** Largest request body accepted, in bytes or as '1mb'. */
  bodyLimit?: string | number;
  /**
   * ETags on responses (the default), which let a client revalidate a GET it
   * has cached. Off for a service asked only by POST, such as a subgraph:
   * there a tag serves no one, and hashing every answer for it costs CPU.
   */
  etag?: boolean;
  onStop?(): Promise<void>;
}

/**
 * The HTTP face shared by every subgraph and the gateway: `/graphql`,
 * `/health`, and a graceful stop that drains in-flight requests.
 */
export async function startGraphQLHttpService<TContext extends BaseContext>(
  options: GraphQLHttpServiceOptions<TContext>,
): Promise<RunningHttpService> {
  const app = express();
  app.disable('x-powered-by');
  if (options.etag === false) app.disable('etag');
  app.set('trust proxy', options.trustProxy ?? 0);
  const limits = options.limits ?? defaultHttpServerLimits;
  // Node checks the header and request timeouts on this interval; its default, 30 s, would let them run late.
  const httpServer = http.createServer({ connectionsCheckingInterval: 500 }, app);
  httpServer.headersTimeout = limits.headersTimeoutMs;
  httpServer.requestTimeout = limits.requestTimeoutMs;
  httpServer.keepAliveTimeout = limits.keepAliveTimeoutMs;
  httpServer.maxConnections = limits.maxConnections;

  // Once stopping, every response, in-flight ones included, says `Connection: close`:
  // a client must not send its next request down a socket that is about to close.
  let draining = false;
  const unanswered = new Set<Response>();
  app.use((_request, response, next) => {
    if (draining) response.setHeader('connection', 'close');
    else {
      unanswered.add(response);
      response.once('close', () => unanswered.delete(response));
    }
    next();
  });
  // One debug line per GraphQL request, written in the request's trace so that it carries the request id.
  app.use('/graphql', (request, response, next) => {
    const started = performance.now();
    const served = () =>
      options.logger.debug('request served', {
        method: request.method,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
      });
    response.once('finish', context.bind(context.active(), served));
    next();
  });
  const apollo = options.createApolloServer([
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginLandingPageDisabled(),
    // Nothing reads cache hints; computing them costs a hook on every resolved field.
    ApolloServerPluginCacheControlDisabled(),
    // Never report to Apollo's cloud, even if an APOLLO_KEY finds its way into the environment.
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
  ]);
  await apollo.start();

  const probe =
    (check: () => Promise<Record<string, unknown>>, what: string) => async (_request: Request, response: Response) => {
      try {
        response.json({ status: 'ok', service: options.name, ...(await check()) });
      } catch (error) {
        options.logger.warn(`${what} check failed`, { error: String(error) });
        response.status(503).json({ status: 'unavailable', service: options.name });
      }
    };
  app.get('/health', probe(options.health, 'health'));
  const readiness = options.readiness;
  if (!readiness) app.get('/ready', probe(options.health, 'readiness'));
  else {
    app.get('/ready', async (_request, response) => {
      const { ready, checks, failing, errors } = await readiness.evaluate();
      if (ready) {
        response.json({ status: 'ok', service: options.name, checks });
        return;
      }
      options.logger.warn('not ready', { failing, errors });
      response.status(503).json({ status: 'unavailable', service: options.name, failing, checks });
    });
  }
  options.routes?.(app);
  const guard =
    (step: (request: Request, response: Response) => Promise<void> | void) =>
    async (request: Request, response: Response, next: NextFunction) => {
      try {
        await step(request, response);
        next();
      } catch (error) {
        const code = error instanceof GraphQLError ? error.extensions.code : undefined;
        options.metrics?.countRefusal(code);
        if (options.audit && typeof code === 'string' && auditedRefusals.has(code)) {
          options.audit.record(response.locals.caller ?? unverifiedCaller, {
            operation: '(refused before parsing)',
            // The path only: a GET's query string holds the caller's query and variables.
            fieldPath: `${request.baseUrl}${request.path === '/' ? '' : request.path}`.slice(0, 200),
            level: 'REQUEST',
            outcome: 'refused',
            reason: code,
          });
        }
        sendGraphQLError(response, error, options.logger);
      }
    };
  const authenticate = options.authenticate;
  app.use(
    '/graphql',
    ...(options.beforeAuthentication ?? []),
    guard((request) => {
      // Only JSON bodies: a form or text/plain POST is what a cross-site request forgery sends.
      if (request.method === 'POST' && !request.is('application/json')) {
        throw new GraphQLError('POST requests must have Content-Type: application/json.', {
          extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
        });
      }
    }),
    ...(authenticate
      ? [
          guard(async (request, response) => {
            response.locals.caller = await authenticate(request, response);
          }),
        ]
      : []),
    jsonBodyParser(options.bodyLimit ?? '1mb', { hash: options.afterBody !== undefined }),
    ...(options.afterBody ? [guard((request, response) => options.afterBody!(request as BodyHashed, response))] : []),
    ...(options.beforeGraphQL ?? []).map((step) => guard(step)),
    expressMiddleware(apollo, { context: ({ req, res }) => options.context(req, res) }),
  );
  // Body-parser failures (malformed JSON, a body over the limit, a bad encoding) answered as GraphQL errors, not HTML.
  app.use('/graphql', (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const { type, status } = error as { type?: string; status?: number };
    if (!status || status < 400 || status >= 500) return next(error);
    const [code, message] =
      type === 'entity.too.large'
        ? ['PAYLOAD_TOO_LARGE', `The request body is larger than ${options.bodyLimit ?? '1mb'}.`]
        : type === 'entity.parse.failed'
          ? ['BAD_REQUEST', 'The request body is not valid JSON.']
          : status === 415
            ? ['UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON without a content encoding.']
            : ['BAD_REQUEST', 'The request body could not be read.'];
    options.metrics?.countRefusal(code);
    sendGraphQLError(response, new GraphQLError(message, { extensions: { code, http: { status } } }), options.logger);
  });

  try {
    httpServer.listen(options.port, options.host);
    await once(httpServer, 'listening');
  } catch (error) {
    // A port in use: stop what was started, so the caller can close its database and exit.
    await apollo.stop();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/graphql`;
  options.logger.info('listening', { url });
  let metricsListener: RunningMetricsListener | undefined;
  if (options.metrics && options.metricsPort !== undefined) {
    try {
      metricsListener = await startMetricsListener(options.metrics, options.host, options.metricsPort, options.logger);
    } catch (error) {
      // The metrics port in use: the drain plugin closes the public listener too.
      await apollo.stop();
      throw error;
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    metricsUrl: metricsListener?.url,
    stop() {
      stopping ??= (async () => {
        draining = true;
        for (const response of unanswered) if (!response.headersSent) response.setHeader('connection', 'close');
        await apollo.stop();
        await options.onStop?.();
        // Last: a scrape while draining still sees the final counts.
        await metricsListener?.stop();
        options.logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Stops the given services on SIGINT or SIGTERM (Ctrl-C, `docker stop`) and
 * exits once they have drained and the exit hooks (the last spans) have run.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal });
    stop().then(
      () => runExitHooks().then(() => process.exit(0)),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** Answers a request refused before GraphQL ran, in the GraphQL response shape. */
function sendGraphQLError(response: Response, error: unknown, logger: Logger): void {
  if (!(error instanceof GraphQLError)) {
    logger.error('request refused by an internal error', { error: String(error) });
    response
      .status(500)
      .json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    return;
  }
  const http = error.extensions.http as
    { status?: number; headers?: Record<string, string> | Map<string, string> } | undefined;
  const { http: _http, ...extensions } = error.extensions;
  const headers = http?.headers instanceof Map ? [...http.headers] : Object.entries(http?.headers ?? {});
  for (const [name, value] of headers) response.setHeader(name, value);
  response.status(http?.status ?? 400).json({ errors: [{ message: error.message, extensions }] });
}

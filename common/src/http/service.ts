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
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AuditLog } from '../audit';
import type { Caller } from '../identity';
import { jsonBodyParser, type BodyHashed } from '../json-body';
import type { Logger } from '../logger';
import { startMetricsListener, type RunningMetricsListener, type ServiceMetrics } from '../metrics';
import type { Readiness } from '../readiness';
import { requestTraceContext } from '../trace-context';
import { defaultHttpServerLimits, type HttpServerLimits } from './limits';
import { bodyErrors, refusing, type PipelineStep } from './refusals';

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
  // First on /graphql, so that everything after it, refusals included, logs under the request's id.
  const traced = requestTraceContext();
  if (traced) app.use('/graphql', traced);
  // One debug line per GraphQL request, written in the request's trace so that it carries the request id;
  // at any other level nothing of it is done at all.
  if (options.logger.writes('debug'))
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
  // The `/graphql` pipeline as named steps, in order; a step that refuses ends the request there (refusals.ts).
  const services = { logger: options.logger, audit: options.audit, metrics: options.metrics };
  const step = (name: string, run: PipelineStep) => refusing(name, run, services);
  const authenticate = options.authenticate;
  const afterBody = options.afterBody;
  const bodyLimit = options.bodyLimit ?? '1mb';
  app.use(
    '/graphql',
    ...(options.beforeAuthentication ?? []),
    step('json-only', (request) => {
      // Only JSON bodies: a form or text/plain POST is what a cross-site request forgery sends.
      if (request.method === 'POST' && !request.is('application/json')) {
        throw new GraphQLError('POST requests must have Content-Type: application/json.', {
          extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
        });
      }
    }),
    ...(authenticate
      ? [
          step('authenticate', async (request, response) => {
            response.locals.caller = await authenticate(request, response);
          }),
        ]
      : []),
    jsonBodyParser(bodyLimit, { hash: afterBody !== undefined }),
    ...(afterBody ? [step('check-body', (request, response) => afterBody(request as BodyHashed, response))] : []),
    ...(options.beforeGraphQL ?? []).map((run, i) => step(`before-graphql-${i + 1}`, run)),
    expressMiddleware(apollo, { context: ({ req, res }) => options.context(req, res) }),
  );
  app.use('/graphql', bodyErrors(bodyLimit, services));

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

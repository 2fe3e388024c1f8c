import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from './logger';

export interface RunningHttpService {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then runs `onStop`. */
  stop(): Promise<void>;
}

export interface GraphQLHttpServiceOptions<TContext extends BaseContext> {
  name: string;
  port: number;
  host: string;
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
   * the request goes no further. Its result is in `response.locals.caller`.
   */
  authenticate?(request: Request): Promise<unknown>;
  /** Reports readiness, e.g. that the database answers; a throw answers 503. */
  health(): Promise<Record<string, unknown>>;
  /** Routes mounted before `/graphql`, such as the gateway's playground. */
  routes?(app: Express): void;
  /** Largest request body accepted. */
  bodyLimit?: string;
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
  const httpServer = http.createServer(app);
  const apollo = options.createApolloServer([
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginLandingPageDisabled(),
    // Nothing reads cache hints; computing them costs a hook on every resolved field.
    ApolloServerPluginCacheControlDisabled(),
  ]);
  await apollo.start();

  app.get('/health', async (_request, response) => {
    try {
      response.json({ status: 'ok', service: options.name, ...(await options.health()) });
    } catch (error) {
      options.logger.warn('health check failed', { error: String(error) });
      response.status(503).json({ status: 'unavailable', service: options.name });
    }
  });
  options.routes?.(app);
  const authenticate = options.authenticate;
  app.use(
    '/graphql',
    ...(authenticate
      ? [
          async (request: Request, response: Response, next: NextFunction) => {
            try {
              response.locals.caller = await authenticate(request);
              next();
            } catch (error) {
              sendGraphQLError(response, error, options.logger);
            }
          },
        ]
      : []),
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, { context: ({ req, res }) => options.context(req, res) }),
  );

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

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= (async () => {
        await apollo.stop();
        await options.onStop?.();
        options.logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Stops the given services on SIGINT or SIGTERM (Ctrl-C, `docker stop`) and
 * exits once they have drained.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
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
  const http = error.extensions.http as { status?: number } | undefined;
  const { http: _http, ...extensions } = error.extensions;
  response.status(http?.status ?? 400).json({ errors: [{ message: error.message, extensions }] });
}

import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import cors from 'cors';
import {
  createAuditLog,
  createCallerVerifier,
  createInternalIdentitySigner,
  createLogger,
  startGraphQLHttpService,
  type AuditLog,
  type Caller,
  type RunningHttpService,
} from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';
import { readGatewayConfig, type GatewayConfig } from './config';
import { maskInternalError } from './errors';
import { operationLimits } from './limits';
import { mountPlayground } from './playground';
import { createRateLimiter } from './rate-limit';
import { documentHash, trustedDocumentsGuard } from './trusted-documents';

/** Per request: the verified caller. */
interface GatewayContext {
  caller: Caller;
}

export interface RunningGateway extends RunningHttpService {
  /** The playground's address. */
  playgroundUrl: string;
  /** Requests the gateway refused for who was asking. */
  audit: AuditLog;
}

/**
 * Starts the gateway: the static supergraph from `schema/`, routed to the
 * configured subgraph URLs, behind Apollo Server, with `/health` and the
 * playground at `/`.
 */
export async function startGateway(config: GatewayConfig = readGatewayConfig()): Promise<RunningGateway> {
  // The gateway would otherwise report usage data to Apollo; it must never call out.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const logger = createLogger('gateway');
  const supergraphSdl = readFileSync(config.supergraphFile, 'utf8');
  const verifyCaller = createCallerVerifier(config.callerTokens);
  const signIdentity = createInternalIdentitySigner(config.signingKey);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: config.subgraphUrls[name] ?? url,
        // Subgraphs answer only requests carrying an identity the gateway signed.
        willSendRequest: async (options) => {
          const { request, context } = options;
          const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
          // A token per fetch, addressed to this subgraph alone and used once.
          const token = await signIdentity(context.caller, {
            subgraph: name,
            operation: incoming?.operationName ?? undefined,
            operationHash: incoming?.source ? documentHash(incoming.source) : undefined,
          });
          request.http?.headers.set('authorization', `Bearer ${token}`);
        },
      }),
    logger: {
      debug: (message) => logger.debug(String(message)),
      info: (message) => logger.info(String(message)),
      warn: (message) => logger.warn(String(message)),
      error: (message) => logger.error(String(message)),
    },
  });
  const operations = loadRegisteredOperations();
  const limits = operationLimits(config.limits);
  const audit = createAuditLog('gateway');
  const limiter = createRateLimiter(config.rateLimit);
  const service = await startGraphQLHttpService<GatewayContext>({
    name: 'gateway',
    port: config.port,
    host: config.host,
    logger,
    bodyLimit: config.limits.maxBodyBytes,
    createApolloServer: (plugins) =>
      new ApolloServer<GatewayContext>({
        gateway,
        plugins: [...plugins, ...limits.plugins],
        validationRules: limits.validationRules,
        parseOptions: limits.parseOptions,
        introspection: config.introspection,
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        // Trusted documents leave nothing for automatic persisted queries to do.
        persistedQueries: config.trustedDocumentsOnly ? false : undefined,
        includeStacktraceInErrorResponses: !config.production,
        formatError: config.production ? maskInternalError : undefined,
        stopOnTerminationSignals: false,
      }),
    audit,
    beforeAuthentication: [cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], maxAge: 600 })],
    // A token that does not verify is refused with 401 before GraphQL runs; no token is an anonymous caller.
    authenticate: async (request) => {
      await limiter.admitAddress(request);
      const caller = await verifyCaller(request.headers.authorization);
      await limiter.admitCaller(request, caller);
      return caller;
    },
    trustProxy: config.trustProxy,
    beforeGraphQL: config.trustedDocumentsOnly ? [trustedDocumentsGuard(operations)] : [],
    context: async (_request, response) => ({ caller: response.locals.caller as Caller }),
    // Liveness only: a subgraph being down shows as errors on the fields it owns, not as a dead gateway.
    health: async () => ({}),
    routes: config.playground ? (app) => mountPlayground(app, operations) : undefined,
  });
  return { ...service, audit, playgroundUrl: service.url.replace(/\/graphql$/, '/') };
}

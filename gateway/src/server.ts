import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  AuditTable,
  callerOf,
  createAuditLog,
  createCallerVerifier,
  createInternalIdentitySigner,
  createLogger,
  NotReady,
  openSharedStore,
  Readiness,
  ServiceMetrics,
  startGraphQLHttpService,
  type AuditLog,
  type RunningHttpService,
} from '@samverkan/common';
import { listSizesFromSupergraph } from '../../schema/list-sizes';
import { loadRegisteredOperations } from '../../schema/operations';
import { readGatewayConfig, type GatewayConfig } from './config';
import { createRequestFetches, type GatewayContext } from './context';
import { corsPolicy } from './cors';
import { mountDashboard } from './dashboard';
import { RedisAnswerStore } from './answer-store';
import { attributeSubgraphError, maskInternalError, nameInvalidVariable, withoutExpectedStack } from './errors';
import { SubgraphChannel } from './fetch/subgraph-channel';
import { SubgraphDataSource } from './fetch/subgraph-data-source';
import { createSubgraphProbe } from './fetch/subgraph-probe';
import { mountJwks } from './jwks';
import { operationLimits } from './limits';
import { GatewayMetrics } from './metrics';
import { mountPlayground } from './playground';
import { keepQueryPlan, queryPlanPlugin, queryPlanRequested } from './query-plan-report';
import { createRateLimiter } from './rate-limit';
import { gatewayStatus, mountStatus, SubgraphHealthMonitor, type GatewayStatus } from './status';
import { RequestMerging } from './request-merging';
import { ResponseCache } from './response-cache';
import { SupergraphFile, type SupergraphReload } from './supergraph';
import { trustedDocumentsGuard } from './trusted-documents';

export interface RunningGateway extends RunningHttpService {
  /** The playground's address. */
  playgroundUrl: string;
  /** Requests the gateway refused for who was asking. */
  audit: AuditLog;
  /**
   * Reads the supergraph file again and serves it if it changed (SIGHUP, or
   * the poll); a file that does not load, or whose new subgraph does not
   * answer, is refused.
   */
  reloadSupergraph(): Promise<SupergraphReload>;
  /** What `/status` shows. */
  status(): GatewayStatus;
  /** Answers that are the same for every caller; `purge(subgraph)` when a subgraph's data changed behind its back. */
  responseCache: ResponseCache;
  /** What `/ready` checks: `supergraph`; more may be added. */
  readiness: Readiness;
  metrics: GatewayMetrics;
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
  const startedAt = new Date().toISOString();
  const verifyCaller = createCallerVerifier(config.callerTokens);
  const signIdentity = createInternalIdentitySigner(config.signingKey);
  const supergraph = new SupergraphFile(config.supergraphFile, logger.child('supergraph'), {
    pollIntervalMs: config.supergraphPollIntervalMs,
    probe: createSubgraphProbe(signIdentity, config.subgraphUrls, Math.min(config.subgraphFetch.timeoutMs, 5_000)),
  });
  // One channel (pool, breaker, counters) per subgraph, kept across supergraph reloads.
  const channels = new Map<string, SubgraphChannel>();
  const sharedStore = await openSharedStore(config.sharedState, logger.child('shared-state'));
  const responseCache = new ResponseCache(
    config.responseCache,
    sharedStore ? new RedisAnswerStore(sharedStore) : undefined,
  );
  const requestMerging = new RequestMerging(config.requestMerging, (document, schema, queryHash) =>
    responseCache.isPublic(document, schema, queryHash),
  );
  const sharedState = () =>
    sharedStore && { ...sharedStore.state(), rateLimitsOnFailure: config.rateLimitRedisFailure };
  const operations = loadRegisteredOperations();
  const metrics = new GatewayMetrics(new ServiceMetrics(), operations);
  metrics.watchChannels(() => channels.values());
  metrics.watchResponseCache(responseCache);
  const fetchLogger = logger.child('fetch');
  const apolloLogger = logger.child('apollo-gateway');
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`the supergraph gives no URL for subgraph ${name}`);
      let channel = channels.get(name);
      if (!channel || channel.url.href !== new URL(target).href) {
        void channel?.retire();
        channel = new SubgraphChannel(name, new URL(target), config.subgraphFetch, fetchLogger, (outcome, latencyMs) =>
          metrics.observeFetch(name, outcome, latencyMs),
        );
        channels.set(name, channel);
      }
      return new SubgraphDataSource(channel, signIdentity, fetchLogger, config.fetchShaping, (subgraph) => {
        responseCache.purge(subgraph);
        requestMerging.purge();
      });
    },
    // The plan keeps each fetch's parsed operation, which the data source reads to batch and to place errors;
    // without it every fetch of every request would parse its operation string again.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    experimental_didResolveQueryPlan: keepQueryPlan,
    logger: {
      debug: (message) => apolloLogger.debug(String(message)),
      info: (message) => apolloLogger.info(String(message)),
      warn: (message) => apolloLogger.warn(String(message)),
      error: (message) => apolloLogger.error(String(message)),
    },
  });
  const monitor = new SubgraphHealthMonitor(
    () => channels.values(),
    config.healthPollIntervalMs,
    logger.child('health'),
  );
  const status = () =>
    gatewayStatus(channels.values(), monitor, supergraph, startedAt, responseCache, requestMerging, sharedState());
  const auditTable = config.auditDatabaseUrl
    ? await AuditTable.open(config.auditDatabaseUrl, 'gateway', logger)
    : undefined;
  const audit = createAuditLog('gateway', undefined, undefined, config.auditFile, auditTable);
  const limiter = createRateLimiter(
    config.rateLimit,
    sharedStore && { store: sharedStore, onFailure: config.rateLimitRedisFailure },
    (limit) => metrics.countRateLimitRefusal(limit),
  );
  // Ready once @apollo/gateway has a supergraph to plan with; it serves the last good one across refused reloads.
  let supergraphLoaded = false;
  const readiness = new Readiness().add('supergraph', async () => {
    if (!supergraphLoaded) throw new NotReady('no supergraph loaded yet');
    return { hash: supergraph.version.hash };
  });
  // With a shared Redis: ready while it can serve, so not while Redis is down if rate limits fail closed.
  if (sharedStore) {
    readiness.add('redis', async () => {
      const state = sharedState()!;
      if (state.redis !== 'connected' && state.rateLimitsOnFailure === 'closed') {
        throw new NotReady('Redis is unavailable and rate limits fail closed');
      }
      return state;
    });
  }
  // The cost limit counts each list as long as the supergraph being served says (@listSize), reloads included.
  let listSizes: Readonly<Record<string, number>> = {};
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    supergraphLoaded = true;
    listSizes = listSizesFromSupergraph(coreSupergraphSdl);
    responseCache.useSupergraph(coreSupergraphSdl);
  });
  const limits = operationLimits(config.limits, limiter, () => listSizes, { suggestFields: config.introspection });
  const service = await startGraphQLHttpService<GatewayContext>({
    name: 'gateway',
    port: config.port,
    host: config.host,
    limits: config.http,
    logger,
    bodyLimit: config.limits.maxBodyBytes,
    createApolloServer: (plugins) =>
      new ApolloServer<GatewayContext>({
        gateway,
        plugins: [
          ...plugins,
          metrics.service.plugin(metrics.operationLabel),
          ...limits.plugins,
          responseCache.plugin(),
          // After the cache: a hit needs no execution to share.
          requestMerging.plugin(),
          queryPlanPlugin(),
        ],
        validationRules: limits.validationRules,
        parseOptions: limits.parseOptions,
        introspection: config.introspection,
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        // Trusted documents leave nothing for automatic persisted queries to do.
        persistedQueries: config.trustedDocumentsOnly ? false : undefined,
        includeStacktraceInErrorResponses: !config.production,
        formatError: config.production
          ? (formatted) => maskInternalError(nameInvalidVariable(attributeSubgraphError(formatted)))
          : (formatted) => withoutExpectedStack(nameInvalidVariable(attributeSubgraphError(formatted))),
        stopOnTerminationSignals: false,
      }),
    audit,
    beforeAuthentication: [corsPolicy(config.corsOrigins, config.production)],
    // A token that does not verify is refused with 401 before GraphQL runs; no token is an anonymous caller.
    authenticate: async (request, response) => {
      await limiter.admitAddress(request);
      const caller = await verifyCaller(request.headers.authorization);
      // Known before the per-caller limit is asked: a caller it refuses is audited as who they are.
      response.locals.caller = caller;
      await limiter.admitCaller(request, caller);
      return caller;
    },
    trustProxy: config.trustProxy,
    beforeGraphQL: config.trustedDocumentsOnly ? [trustedDocumentsGuard(operations)] : [],
    context: async (request, response) => {
      const caller = callerOf(response);
      return {
        caller,
        fetches: createRequestFetches(response, limiter.callerKey(request, caller)),
        queryPlan: queryPlanRequested(request, config.production),
      };
    },
    // Liveness only: a subgraph being down shows as errors on the fields it owns and on /status, not as a dead gateway.
    health: async () => ({}),
    readiness,
    metrics: metrics.service,
    metricsPort: config.metricsPort,
    routes: (app) => {
      mountStatus(app, { public: config.statusPublic, verifyCaller, status });
      mountJwks(app, config.signingKey);
      if (config.playground) mountPlayground(app, operations, config.production);
      mountDashboard(app, { production: config.production, developmentTokens: config.developmentTokens });
    },
    onStop: async () => {
      monitor.stop();
      await Promise.all([...channels.values()].map((channel) => channel.close()));
      await sharedStore?.close();
      await auditTable?.close();
    },
  });
  monitor.start();
  return {
    ...service,
    audit,
    playgroundUrl: service.url.replace(/\/graphql$/, '/'),
    reloadSupergraph: () => supergraph.reload(),
    status,
    responseCache,
    readiness,
    metrics,
  };
}

import { readFileSync } from 'node:fs';
import {
  ConfigError,
  readAuditDatabaseUrl,
  readCallerTokenSettings,
  readDevelopmentTokenIssuer,
  type DevelopmentTokenIssuer,
  readEnum,
  readHttpServerLimits,
  readGatewaySigningKey,
  readInteger,
  readList,
  readMetricsPort,
  readOptionalString,
  readOptionalUrl,
  readPort,
  readSharedStateConfig,
  readString,
  readSwitch,
  repositoryPath,
  type CallerTokenSettings,
  type HttpServerLimits,
  type SharedStateConfig,
} from '@samverkan/common';
import type { JWK } from 'jose';
import { environmentPrefix } from '../../schema/subgraph-list';
import type { SubgraphFetchSettings } from './fetch/subgraph-channel';
import type { FetchShaping } from './fetch/subgraph-data-source';
import type { RateLimitRedisFailure, RateLimitSettings } from './rate-limit';
import type { ResponseCacheSettings } from './response-cache';
import { routedSubgraphs } from './supergraph';

export const defaultSupergraphFile = repositoryPath('schema', 'supergraph.graphql');

/** Bounds on what one request may ask; each exists to keep one caller from exhausting the servers. */
export interface OperationLimits {
  /** Deepest selection nesting. AgreementOverview needs 5. */
  maxDepth: number;
  /** Most aliases in one operation: aliases multiply work without multiplying the document. */
  maxAliases: number;
  maxDirectives: number;
  /** Most lexical tokens: bounds parsing work before anything else runs. */
  maxTokens: number;
  /** Most estimated cost: 1 a field, times the list's length (its `@listSize` in the supergraph) under every list. */
  maxCost: number;
  /**
   * Deepest nesting under `__schema` or `__type`. Introspection types nest
   * deeply by design (GraphiQL's own query reaches 17), so they get their own
   * bound instead of escaping every bound.
   */
  maxIntrospectionDepth: number;
  /**
   * The length the cost estimate assumes for a list the supergraph being
   * served gives no `@listSize`, e.g. one added by a later supergraph.
   */
  assumedListSize: number;
  /** Most items in any list given as an argument or variable. */
  maxListLength: number;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  /** `NODE_ENV=production`: the stricter defaults below, and error details masked. */
  production: boolean;
  /** The composed supergraph the gateway serves; it never introspects subgraphs at start-up. */
  supergraphFile: string;
  /**
   * How often the supergraph file is checked for a new version, which is then
   * served without a restart; 0 only on SIGHUP.
   */
  supergraphPollIntervalMs: number;
  /** Subgraph URLs that replace the supergraph's routing URLs, from `<SUBGRAPH>_URL`. */
  subgraphUrls: Partial<Record<string, string>>;
  /** Whether `/` serves the GraphiQL playground. */
  playground: boolean;
  /** Whether the schema may be introspected. */
  introspection: boolean;
  /** Accept only the registered operations (trusted documents), by text or by hash. */
  trustedDocumentsOnly: boolean;
  /** Browser origins allowed to call the API cross-site; none by default. */
  corsOrigins: string[];
  rateLimit: RateLimitSettings;
  /** `RATE_LIMIT_REDIS_FAILURE`: with a shared Redis that cannot be asked, limit per instance (open) or refuse (closed). */
  rateLimitRedisFailure: RateLimitRedisFailure;
  /** `REDIS_URL`: where rate limits and cached answers are shared by every gateway instance. */
  sharedState: SharedStateConfig;
  /** Header and request timeouts and the bound on open connections, against slow or careless clients. */
  http: HttpServerLimits;
  /** Timeouts, pool bounds, retries and circuit breakers of the fetches to subgraphs. */
  subgraphFetch: SubgraphFetchSettings;
  /** The cache of answers that are the same for every caller; on unless switched off. */
  responseCache: ResponseCacheSettings;
  /** Batching and in-flight merging of subgraph fetches; on unless switched off to compare. */
  fetchShaping: FetchShaping;
  /** Identical public queries of one caller in flight at once executed once (request-merging.ts). */
  requestMerging: boolean;
  /** `/status`: whether anyone may read it, or only callers with the admin role. */
  statusPublic: boolean;
  /** How often each subgraph's `/health` is polled for `/status`; 0 polls never. */
  healthPollIntervalMs: number;
  /** Reverse-proxy hops in front of the gateway whose X-Forwarded-For is believed; 0 believes none. */
  trustProxy: number;
  /** `AUDIT_FILE`: where the audit chain is appended besides standard output; unset, standard output only. */
  auditFile?: string;
  /** `AUDIT_DATABASE_URL`: a PostgreSQL database whose `audit_chain` table the audit chain also goes to. */
  auditDatabaseUrl?: string;
  /** `METRICS_PORT`: where `/metrics` is served, on `host`; unset, it is not served. */
  metricsPort?: number;
  limits: OperationLimits;
  /** The identity provider whose tokens callers present. */
  callerTokens: CallerTokenSettings;
  /** The key the gateway signs the identity it forwards to subgraphs with. */
  signingKey: JWK;
  /**
   * The development identity provider, for the dashboard's sign-in: outside production and only while callers'
   * tokens come from it (no `AUTH_JWKS_*`); undefined otherwise.
   */
  developmentTokens?: DevelopmentTokenIssuer;
}

export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const supergraphFile = readString(env, 'SUPERGRAPH_FILE', defaultSupergraphFile);
  let subgraphNames: string[];
  try {
    // Per-subgraph settings follow the supergraph served, so a subgraph added to it needs no change here.
    subgraphNames = routedSubgraphs(readFileSync(supergraphFile, 'utf8')).map((s) => s.name);
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_FILE', `cannot read ${supergraphFile}: ${(error as Error).message}`);
  }
  const subgraphUrls: Partial<Record<string, string>> = {};
  for (const name of subgraphNames) {
    const url = readOptionalUrl(env, `${environmentPrefix(name)}_URL`);
    if (url) subgraphUrls[name] = url;
  }
  const timeoutMsBySubgraph: Record<string, number> = {};
  for (const name of subgraphNames) {
    const variable = `${environmentPrefix(name)}_TIMEOUT_MS`;
    if (env[variable] !== undefined)
      timeoutMsBySubgraph[name] = readInteger(env, variable, 0, { min: 50, max: 600_000 });
  }
  const corsOrigins = readList(env, 'CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin === '*' || !/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `must list origins such as https://dashboard.example.se, got "${origin}"`);
    }
  }
  const config: GatewayConfig = {
    port: readPort(env, 'GATEWAY_PORT', 4000),
    host: readString(env, 'HOST', '127.0.0.1'),
    production,
    supergraphFile,
    supergraphPollIntervalMs: readInteger(env, 'SUPERGRAPH_POLL_INTERVAL_MS', 2_000, { min: 0, max: 3_600_000 }),
    subgraphUrls,
    playground: readSwitch(env, 'PLAYGROUND', !production),
    introspection: readSwitch(env, 'INTROSPECTION', !production),
    trustedDocumentsOnly: readSwitch(env, 'TRUSTED_DOCUMENTS', production),
    corsOrigins,
    rateLimit: {
      requests: readInteger(env, 'RATE_LIMIT_REQUESTS', 600, { min: 1, max: 1_000_000 }),
      requestsPerAddress: readInteger(env, 'RATE_LIMIT_REQUESTS_PER_ADDRESS', 3_000, { min: 1, max: 10_000_000 }),
      windowSeconds: readInteger(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1, max: 86_400 }),
      cost: readInteger(env, 'RATE_LIMIT_COST', 0, { min: 0, max: 1_000_000_000 }),
    },
    rateLimitRedisFailure: readEnum(env, 'RATE_LIMIT_REDIS_FAILURE', ['open', 'closed'] as const, 'open'),
    sharedState: readSharedStateConfig(env),
    http: readHttpServerLimits(env),
    subgraphFetch: {
      timeoutMs: readInteger(env, 'SUBGRAPH_TIMEOUT_MS', 5_000, { min: 50, max: 600_000 }),
      timeoutMsBySubgraph,
      maxConnections: readInteger(env, 'SUBGRAPH_MAX_CONNECTIONS', 64, { min: 1, max: 10_000 }),
      maxRetries: readInteger(env, 'SUBGRAPH_MAX_RETRIES', 2, { min: 0, max: 10 }),
      retryBudget: {
        ratio: readInteger(env, 'SUBGRAPH_RETRY_BUDGET_PERCENT', 20, { min: 0, max: 100 }) / 100,
        minPerSecond: readInteger(env, 'SUBGRAPH_RETRY_MIN_PER_SECOND', 5, { min: 0, max: 10_000 }),
        windowMs: 10_000,
      },
      breaker: {
        failureThreshold: readInteger(env, 'BREAKER_FAILURE_THRESHOLD', 5, { min: 1, max: 1_000_000_000 }),
        resetMs: readInteger(env, 'BREAKER_RESET_MS', 10_000, { min: 10, max: 3_600_000 }),
      },
      maxResponseBytes: readInteger(env, 'SUBGRAPH_MAX_RESPONSE_BYTES', 20_000_000, { min: 1_000, max: 1_000_000_000 }),
    },
    responseCache: {
      enabled: readSwitch(env, 'RESPONSE_CACHE', true),
      maxEntries: readInteger(env, 'RESPONSE_CACHE_MAX_ENTRIES', 1_000, { min: 1, max: 1_000_000 }),
      maxEntryBytes: readInteger(env, 'RESPONSE_CACHE_MAX_ENTRY_BYTES', 1_000_000, { min: 1_000, max: 100_000_000 }),
    },
    fetchShaping: {
      batching: readSwitch(env, 'FETCH_BATCHING', true),
      mergeInFlight: readSwitch(env, 'FETCH_MERGING', true),
    },
    requestMerging: readSwitch(env, 'REQUEST_MERGING', true),
    statusPublic: readSwitch(env, 'STATUS_PUBLIC', !production),
    healthPollIntervalMs: readInteger(env, 'HEALTH_POLL_INTERVAL_MS', 10_000, { min: 0, max: 3_600_000 }),
    trustProxy: readInteger(env, 'TRUST_PROXY', 0, { min: 0, max: 10 }),
    auditFile: readOptionalString(env, 'AUDIT_FILE'),
    auditDatabaseUrl: readAuditDatabaseUrl(env),
    metricsPort: readMetricsPort(env),
    limits: {
      maxDepth: readInteger(env, 'MAX_DEPTH', 10, { min: 2, max: 100 }),
      maxAliases: readInteger(env, 'MAX_ALIASES', 30, { min: 0, max: 10_000 }),
      maxDirectives: readInteger(env, 'MAX_DIRECTIVES', 30, { min: 0, max: 10_000 }),
      maxTokens: readInteger(env, 'MAX_TOKENS', 2_000, { min: 100, max: 1_000_000 }),
      maxCost: readInteger(env, 'MAX_COST', 25_000, { min: 10, max: 100_000_000 }),
      maxIntrospectionDepth: readInteger(env, 'MAX_INTROSPECTION_DEPTH', 20, { min: 2, max: 100 }),
      assumedListSize: readInteger(env, 'ASSUMED_LIST_SIZE', 10, { min: 1, max: 1_000 }),
      maxListLength: readInteger(env, 'MAX_LIST_LENGTH', 100, { min: 1, max: 100_000 }),
      maxBodyBytes: readInteger(env, 'MAX_BODY_BYTES', 100_000, { min: 1_000, max: 50_000_000 }),
    },
    callerTokens: readCallerTokenSettings(env),
    signingKey: readGatewaySigningKey(env),
    developmentTokens: readDevelopmentTokenIssuer(env),
  };
  const { cost } = config.rateLimit;
  if (cost > 0 && cost < config.limits.maxCost) {
    throw new ConfigError(
      'RATE_LIMIT_COST',
      `must be 0 (off) or at least MAX_COST (${config.limits.maxCost}), or an allowed operation could never run, got ${cost}`,
    );
  }
  return config;
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Gauge } from 'prom-client';
import { MigrationExecutor } from 'typeorm';
import type { JWK } from 'jose';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  analyseTables,
  readDatabaseConfig,
  readDatabaseResilience,
  openDatabase,
  type DatabaseConfig,
  type DatabaseResilience,
  type OpenDatabaseOptions,
  type SubgraphDatabase,
} from './database';
import {
  ConfigError,
  readInteger,
  readOptionalString,
  readOptionalUrl,
  readPort,
  readString,
  readSwitch,
} from './config';
import { cacheHintsPlugin } from './cache-hints';
import { enforceFieldAccess, restrictedFields, type AccessPolicy, type FlushAudit } from './access';
import { createAuditLog, type AuditLog } from './audit';
import { AuditTable, readAuditDatabaseUrl } from './audit-table';
import { formatSubgraphError } from './errors';
import { createInternalIdentityVerifier, prepareDevelopmentKeys, readGatewayPublicKey, type Caller } from './identity';
import { createLogger, type Logger } from './logger';
import {
  callerOf,
  readHttpServerLimits,
  startGraphQLHttpService,
  stopOnSignals,
  type HttpServerLimits,
  type RunningHttpService,
} from './http';
import { BoundedLabel, readMetricsPort, ServiceMetrics } from './metrics';
import { NotReady, Readiness } from './readiness';
import { retryReadsOnConnectionLoss } from './read-retry';
import { openSharedStore, readSharedStateConfig, type SharedStateConfig, type SharedStore } from './redis';
import { ReplayCache, SharedReplayCache } from './replay-cache';
import { readSuppressionThresholds, type SuppressionThresholds } from './statistics';
import { defaultSyntheticSeed } from './synthetic';

/**
 * A schema module's resolvers as `buildSubgraphSchema` takes them (@apollo/subgraph's `GraphQLResolverMap`, read off
 * its signature: the package exports the type only from its `dist/`), for any context. Loose on purpose: each
 * subgraph's resolvers are checked where they are written, `satisfies` the types `npm run codegen` generates from its
 * SDL for its own context (`src/generated/resolvers-types.ts`), which is stricter than any map here could be.
 */
export type SubgraphResolvers = NonNullable<
  Extract<
    Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number],
    { typeDefs: unknown }
  >['resolvers']
>;

/**
 * What a subgraph package declares about itself.
 *
 * Covariant in its context (`out`), so that a `SubgraphDefinition<PoliceContext>` is an `AnySubgraphDefinition`
 * without a cast: the context comes out of `createContext`, and what reads it (the resolvers, typed apart; the
 * access policy, a method) takes no part in the variance. The compiler holds the annotation to that.
 */
export interface SubgraphDefinition<out TContext extends object> {
  /** Lower-case name, as in the supergraph config: `municipalities`, `police`, ... */
  name: string;
  /** Port the subgraph listens on unless `<NAME>_PORT` says otherwise. */
  defaultPort: number;
  /** Path of the subgraph's `schema.graphql`. */
  schemaFile: string;
  /** Typed by the subgraph's generated `Resolvers`, for the context `createContext` makes. */
  resolvers: SubgraphResolvers;
  entities: OpenDatabaseOptions['entities'];
  migrations: OpenDatabaseOptions['migrations'];
  /**
   * Writes the subgraph's reference data and synthetic statistics, step by
   * step: a step runs when its table is empty, so a database seeded by an
   * older version gets the data of steps added since.
   */
  seeds: SeedStep[];
  /** Who may read the fields the SDL marks `@access(level: PARTNER | PERSONAL)`; none marked, none needed. */
  access?: AccessPolicy<TContext & { caller: Caller }>;
  /**
   * A fresh context, with fresh DataLoaders, for each request, for the caller the gateway vouches for;
   * `services` are the subgraph's own, for resolvers that write (the audit log).
   */
  createContext(dataSource: DataSource, caller: Caller, config: SubgraphConfig, services: SubgraphServices): TContext;
}

/** What a running subgraph lends each request's context besides its database. */
export interface SubgraphServices {
  audit: AuditLog;
}

/**
 * A subgraph's definition whatever its context: what code that starts, migrates or imports into every subgraph alike
 * (the registry, the start script, the test harness, the importer) holds. Nothing there reads the context itself; it
 * passes what `createContext` made to the subgraph's own resolvers.
 */
export type AnySubgraphDefinition = SubgraphDefinition<object>;

export interface SeedOptions {
  /** Same seed, same synthetic figures. */
  syntheticSeed: string;
}

export interface SeedStep {
  name: string;
  /** A table that is empty until this step has run. */
  seededWhen: EntityTarget<ObjectLiteral>;
  run(manager: EntityManager, options: SeedOptions): Promise<void>;
}

/** Settings a subgraph reads from the environment, once, at start. */
export interface SubgraphConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Pool size, statement and acquire timeouts, start-up patience. */
  databaseResilience: DatabaseResilience;
  /** Header and request timeouts, connection bound. */
  http: HttpServerLimits;
  syntheticSeed: string;
  /** The gateway's public key: only requests bearing an identity it signed are answered. */
  gatewayPublicKey: JWK;
  /** Below how many people a figure is withheld, per statistics source. */
  suppression: SuppressionThresholds;
  /** How long the gateway may serve this subgraph's public answers from its cache; 0: never. */
  cacheMaxAgeSeconds: number;
  /**
   * Where this subgraph asks the supergraph for other partners' public data (the agreements subgraph, for the
   * indicators a follow-up report keeps): `SUPERGRAPH_URL`, by default the gateway of `npm start`.
   */
  supergraphUrl: string;
  /** `AUDIT_FILE`: where the audit chain is appended besides standard output; unset, standard output only. */
  auditFile?: string;
  /** `AUDIT_DATABASE_URL`: a PostgreSQL database whose `audit_chain` table the audit chain also goes to. */
  auditDatabaseUrl?: string;
  /** `REDIS_URL`: where every replica of this subgraph records the identity tokens it has accepted. */
  sharedState: SharedStateConfig;
  /** `METRICS_PORT`: where `/metrics` is served, on `host`; unset, it is not served. */
  metricsPort?: number;
}

export function readSubgraphConfig(
  definition: Pick<AnySubgraphDefinition, 'name' | 'defaultPort'>,
  env: Record<string, string | undefined> = process.env,
): SubgraphConfig {
  const syntheticFigures = readSwitch(env, 'SYNTHETIC_FIGURES', env.NODE_ENV !== 'production');
  return {
    port: readPort(env, `${definition.name.toUpperCase()}_PORT`, definition.defaultPort),
    host: readString(env, 'HOST', '127.0.0.1'),
    database: readDatabaseConfig(env, definition.name),
    databaseResilience: readDatabaseResilience(env),
    http: readHttpServerLimits(env),
    syntheticSeed: readSyntheticSeed(env, syntheticFigures),
    gatewayPublicKey: readGatewayPublicKey(env),
    suppression: readSuppressionThresholds(env, syntheticFigures),
    cacheMaxAgeSeconds: readInteger(env, 'CACHE_MAX_AGE_SECONDS', 60, { min: 0, max: 86_400 }),
    supergraphUrl:
      readOptionalUrl(env, 'SUPERGRAPH_URL') ?? `http://127.0.0.1:${readPort(env, 'GATEWAY_PORT', 4000)}/graphql`,
    auditFile: readOptionalString(env, 'AUDIT_FILE'),
    auditDatabaseUrl: readAuditDatabaseUrl(env),
    sharedState: readSharedStateConfig(env),
    metricsPort: readMetricsPort(env),
  };
}

/**
 * The seed of the synthetic figures. The generator is public, so with a
 * known seed every synthetic figure withheld as too small can be recomputed:
 * production serves synthetic figures only when switched on and given a seed
 * of its own, kept secret.
 */
function readSyntheticSeed(env: Record<string, string | undefined>, syntheticFigures: boolean): string {
  // Production with no seed given seeds from one nobody knows: a database seeded while synthetic figures were off
  // must not hold figures from the public seed for the day they are switched on.
  const fallback = env.NODE_ENV === 'production' ? randomBytes(32).toString('hex') : defaultSyntheticSeed;
  const seed = readString(env, 'SYNTHETIC_SEED', fallback);
  const given = env.SYNTHETIC_SEED !== undefined;
  if (
    env.NODE_ENV === 'production' &&
    syntheticFigures &&
    (!given || seed === defaultSyntheticSeed || seed.length < 16)
  ) {
    throw new ConfigError(
      'SYNTHETIC_SEED',
      'must be a secret of at least 16 characters in production when SYNTHETIC_FIGURES is on: with the public default seed anyone could recompute every withheld synthetic figure',
    );
  }
  return seed;
}

export interface RunningSubgraph extends RunningHttpService {
  name: string;
  database: SubgraphDatabase;
  audit: AuditLog;
  /** What `/ready` checks: `database` and `migrations`; more may be added. */
  readiness: Readiness;
  metrics: ServiceMetrics;
}

/**
 * How a subgraph's request is labelled in its metrics: by the root fields it asks, `entities` for `_entities`.
 * The gateway's fetches carry generated operation names, one per query plan; root fields are the schema's, and
 * the combinations the gateway's plans ask are few. Bounded all the same, by `labels`.
 */
export function rootFieldsLabel(operation: OperationDefinitionNode | undefined, labels: BoundedLabel): string {
  if (!operation) return '(invalid)';
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
    fields.add(selection.name.value === '_entities' ? 'entities' : selection.name.value);
  }
  const label = [...fields].sort().join(',');
  return labels.of(operation.operation === 'query' ? label : `${operation.operation} ${label}`);
}

/** The gauges of a subgraph's connection pool, read when scraped. */
function registerPoolMetrics(metrics: ServiceMetrics, database: SubgraphDatabase): void {
  new Gauge({
    name: 'subgraph_database_connections',
    help: 'Connections of the database pool: open (busy or idle), idle, and the most it opens (max).',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    collect() {
      const use = database.poolUse();
      this.set({ state: 'open' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'max' }, use.max);
    },
  });
  new Gauge({
    name: 'subgraph_database_waiting_requests',
    help: 'Requests waiting for a database connection: above 0 for long, the pool is used up.',
    registers: [metrics.registry],
    collect() {
      this.set(database.poolUse().waiting);
    },
  });
}

/** A subgraph is ready when its database answers and every migration it ships has run there. */
function subgraphReadiness(database: SubgraphDatabase, config: SubgraphConfig): Readiness {
  return new Readiness()
    .add('database', async () => {
      await database.dataSource.query('SELECT 1');
      return { kind: config.database.kind };
    })
    .add('migrations', async () => {
      // Pending migrations: the schema is older than the code (one reverted, or a database restored from before).
      const pending = await new MigrationExecutor(database.dataSource).getPendingMigrations();
      if (pending.length > 0) {
        throw new NotReady(`${pending.length} pending: ${pending.map((m) => m.name).join(', ')}`.slice(0, 300));
      }
      return { applied: database.dataSource.migrations.length };
    });
}

/**
 * Runs the seed steps whose tables are empty, in one transaction: a crash
 * mid-seed leaves nothing half-written. Says whether any step ran.
 */
export async function seedIfEmpty<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  dataSource: DataSource,
  options: SeedOptions,
  logger: Logger,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    // A first seed writes thousands of rows; the per-statement timeout is meant for requests.
    await manager.query('SET LOCAL statement_timeout = 0');
    let seeded = false;
    for (const step of definition.seeds) {
      if ((await manager.count(step.seededWhen)) > 0) continue;
      logger.info('seeding database', { step: step.name });
      await step.run(manager, options);
      seeded = true;
    }
    return seeded;
  });
}

export function buildSchema<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  audit: AuditLog,
  logger: Logger,
) {
  // A list of modules, not the single-module form: that one types its resolvers for an `unknown` context.
  const schema = buildSubgraphSchema([
    { typeDefs: parse(readFileSync(definition.schemaFile, 'utf8')), resolvers: definition.resolvers },
  ]);
  // Innermost, next to the database: a retried read is checked and audited once.
  retryReadsOnConnectionLoss(schema, logger);
  let flushAudit: FlushAudit = () => undefined;
  if (definition.access) flushAudit = enforceFieldAccess(schema, definition.access, audit);
  else {
    // A field marked @access with nothing to enforce it would be served to anyone: refuse to start.
    const unguarded = restrictedFields(schema);
    if (unguarded.length > 0) {
      throw new Error(
        `${definition.name}: ${unguarded.join(', ')} declare @access but the subgraph defines no access policy`,
      );
    }
  }
  return { schema, flushAudit };
}

/**
 * Opens and migrates the subgraph's database, seeds it on first start and
 * serves the subgraph over HTTP.
 */
export async function startSubgraph<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  config: SubgraphConfig = readSubgraphConfig(definition),
): Promise<RunningSubgraph> {
  const logger = createLogger(`subgraph-${definition.name}`);
  let sharedStore: SharedStore | undefined;
  let auditTable: AuditTable | undefined;
  const database = await openDatabase({
    config: config.database,
    entities: definition.entities,
    migrations: definition.migrations,
    logger: logger.child('database'),
    resilience: config.databaseResilience,
  });
  try {
    const seeded = await seedIfEmpty(definition, database.dataSource, { syntheticSeed: config.syntheticSeed }, logger);
    await analyseTables(database.dataSource, logger, seeded ? 'all' : 'unanalysed');
    const serviceName = `subgraph-${definition.name}`;
    auditTable = config.auditDatabaseUrl
      ? await AuditTable.open(config.auditDatabaseUrl, serviceName, logger)
      : undefined;
    const audit = createAuditLog(serviceName, undefined, undefined, config.auditFile, auditTable);
    const { schema, flushAudit } = buildSchema(definition, audit, logger);
    sharedStore = await openSharedStore(config.sharedState, logger);
    const identity = createInternalIdentityVerifier(
      config.gatewayPublicKey,
      definition.name,
      sharedStore ? new SharedReplayCache(sharedStore, definition.name) : new ReplayCache(),
    );
    // On /health beside the statement count: `npm run bench` reads both, for any gateway in front.
    let graphqlRequests = 0;
    const metrics = new ServiceMetrics();
    registerPoolMetrics(metrics, database);
    const operationLabels = new BoundedLabel(100);
    const readiness = subgraphReadiness(database, config);
    if (sharedStore) {
      const store = sharedStore;
      // Without Redis every request is refused (the replay check fails closed): not ready.
      readiness.add('redis', async () => {
        if (!store.available()) throw new NotReady('Redis, the shared record of used identity tokens, is unavailable');
        return store.state();
      });
    }
    const service = await startGraphQLHttpService<TContext>({
      name: definition.name,
      port: config.port,
      host: config.host,
      limits: config.http,
      // Only the gateway asks, and only by POST: no answer is ever revalidated.
      etag: false,
      logger,
      // No Apollo usage reporting reads the traces, so do not compute them.
      createApolloServer: (plugins) =>
        new ApolloServer<TContext>({
          schema,
          plugins: [
            ...plugins,
            ApolloServerPluginInlineTraceDisabled(),
            metrics.plugin<TContext>(({ operation }) => rootFieldsLabel(operation, operationLabels)),
            cacheHintsPlugin<TContext>(schema, config.cacheMaxAgeSeconds),
            // A request's refused fields are audited once it is answered, one entry per field coordinate.
            {
              requestDidStart: async () => ({ willSendResponse: async ({ contextValue }) => flushAudit(contextValue) }),
            },
          ],
          stopOnTerminationSignals: false,
          formatError: formatSubgraphError,
        }),
      authenticate: (request) => identity.verify(request.headers.authorization),
      afterBody: (request, response) => identity.claim(callerOf(response), request.bodySha256),
      audit,
      context: async (_request, response) => {
        graphqlRequests += 1;
        return definition.createContext(database.dataSource, callerOf(response), config, { audit });
      },
      // Liveness: answers while the database is locked, used up or gone.
      health: async () => ({
        database: config.database.kind,
        sqlStatements: database.statements.total,
        graphqlRequests,
      }),
      // Readiness: the database answers, within the pool's acquire and statement timeouts, and is migrated; with a
      // shared Redis, that Redis answers.
      readiness,
      metrics,
      metricsPort: config.metricsPort,
      onStop: async () => {
        await database.close();
        await sharedStore?.close();
        await auditTable?.close();
      },
    });
    return { ...service, name: definition.name, database, audit, readiness, metrics };
  } catch (error) {
    await database.close();
    await sharedStore?.close();
    await auditTable?.close();
    throw error;
  }
}

/** The body of a subgraph's `index.ts`: start, stop on signals, exit non-zero if start fails. */
export function runSubgraph<TContext extends object>(definition: SubgraphDefinition<TContext>): void {
  const logger = createLogger(`subgraph-${definition.name}`);
  prepareDevelopmentKeys();
  const started = startSubgraph(definition);
  // Owned from the first moment: a SIGTERM while the subgraph starts stops it once it is up, its database closed.
  stopOnSignals(async () => (await started).stop(), logger);
  started.then(
    () => undefined,
    (error: unknown) => {
      logger.error('start failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}

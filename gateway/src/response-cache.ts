import type {
  ApolloServerPlugin,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
} from '@apollo/server';
import {
  isAbstractType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { GatewayContext, RequestFetches } from './context';
import { MemoryAnswerStore, type AnswerStore } from './answer-store';

export interface ResponseCacheSettings {
  enabled: boolean;
  /** Most answers kept; the least recently used goes first. */
  maxEntries: number;
  /** Answers larger than this are not kept, so a few huge ones cannot crowd out the rest. */
  maxEntryBytes: number;
}

export interface CachedAnswer {
  result: FormattedExecutionResult;
  expiresAt: number;
  storedAt: number;
  /** The data version of each subgraph the answer came from, when the request started. */
  versions: [subgraph: string, version: number][];
}

/** What the subgraphs' `cache-control` headers allow for one request's answer, narrowed fetch by fetch. */
export interface RequestCacheHint {
  maxAgeSeconds: number;
  shared: boolean;
  subgraphs: Set<string>;
}

const header = 'cache-status';
const cacheName = 'samverkan-gateway';

/** Narrows a request's hint by one subgraph answer's `cache-control` header (RFC 9111 subset subgraphs send). */
export function noteCacheControl(fetches: RequestFetches, subgraph: string, cacheControl: string | undefined): void {
  const hint = (fetches.cacheHint ??= { maxAgeSeconds: Infinity, shared: true, subgraphs: new Set() });
  hint.subgraphs.add(subgraph);
  const match = /^max-age=(\d+), public$/.exec(cacheControl ?? '');
  if (!match) hint.shared = false;
  else hint.maxAgeSeconds = Math.min(hint.maxAgeSeconds, Number(match[1]));
}

/** What a query's answer depends on besides who asks: its document, operation name and variables. */
export function answerKeyOf(
  queryHash: string,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
): string {
  return `${queryHash}\n${request.operationName ?? ''}\n${JSON.stringify(request.variables ?? {})}`;
}

/** Whether every field a document selects is PUBLIC (the response cache knows, per supergraph). */
export type PublicDocumentTest = (document: DocumentNode, schema: GraphQLSchema, queryHash: string) => boolean;

/**
 * The key under which a request's answer may be shared, from the cache or with the same caller's identical requests
 * in flight: a query whose every field is PUBLIC, and which asks for no query plan report (that report is of this
 * request alone). Undefined: the answer is this request's own.
 */
export function shareableAnswerKey(
  {
    document,
    queryHash,
    operation,
    schema,
    request,
    contextValue,
  }: GraphQLRequestContextResponseForOperation<GatewayContext>,
  isPublic: PublicDocumentTest,
): string | undefined {
  if (contextValue.queryPlan || operation.operation !== 'query' || !queryHash) return undefined;
  return isPublic(document, schema, queryHash) ? answerKeyOf(queryHash, request) : undefined;
}

/** Fields the supergraph marks `@access` above PUBLIC, as `Type.field`. */
export function restrictedFieldsOfSupergraph(supergraphSdl: string): Set<string> {
  const restricted = new Set<string>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (!('fields' in definition) || !definition.fields || !('name' in definition) || !definition.name) continue;
    for (const field of definition.fields) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const access = field.directives?.find((d) => d.name.value === 'access');
      const level = access?.arguments?.find((a) => a.name.value === 'level')?.value;
      if (access && !(level?.kind === Kind.ENUM && level.value === 'PUBLIC'))
        restricted.add(`${definition.name.value}.${field.name.value}`);
    }
  }
  return restricted;
}

/**
 * The gateway's cache of whole answers that are the same for every caller:
 * a query whose every field is PUBLIC in the supergraph and whose every
 * subgraph answer said `max-age=N, public` (a field that depends on the
 * caller makes its subgraph say `no-store`). Keyed by document, operation
 * name and variables; kept for the shortest max-age; dropped when a mutation
 * reaches a subgraph it came from. A `cache-status` header (RFC 9211) says
 * whether an answer was a hit. Hits still pass the cost and rate limits.
 * Where the answers are kept is the store's business: this instance's
 * memory, or Redis shared by every gateway instance (answer-store.ts).
 */
export class ResponseCache {
  private restricted = new Set<string>();
  private readonly publicDocuments = new Map<string, boolean>();
  readonly stats = { hits: 0, misses: 0, stored: 0, purges: 0, unavailable: 0 };

  constructor(
    readonly settings: ResponseCacheSettings,
    private readonly store: AnswerStore = new MemoryAnswerStore(settings.maxEntries),
  ) {}

  /** Whether every gateway instance shares these answers. */
  get shared(): boolean {
    return !(this.store instanceof MemoryAnswerStore);
  }

  /** A new supergraph may move fields behind @access: nothing cached under the old one is served. */
  useSupergraph(supergraphSdl: string): void {
    this.restricted = restrictedFieldsOfSupergraph(supergraphSdl);
    this.publicDocuments.clear();
    this.store.useSupergraph(supergraphSdl);
  }

  /** A subgraph's data changed: no answer built from it before now is served again, by any instance. */
  purge(subgraph: string): void {
    this.store.bumpVersion(subgraph);
    this.stats.purges += 1;
  }

  /** Answers held, where the store can tell. */
  get size(): number | undefined {
    return this.store.size;
  }

  /** Whether every field the document selects is PUBLIC: only such answers are the same for everyone. */
  isPublic(document: DocumentNode, schema: GraphQLSchema, queryHash: string): boolean {
    let known = this.publicDocuments.get(queryHash);
    if (known !== undefined) return known;
    known = true;
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: () => {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return;
          // On an interface or union, any implementation's field may be the one resolved.
          const owners = [parent, ...(isAbstractType(parent) ? schema.getPossibleTypes(parent) : [])];
          if (owners.some((owner) => this.restricted.has(`${owner.name}.${field.name}`))) known = false;
        },
      }),
    );
    if (this.publicDocuments.size >= 1_000) this.publicDocuments.clear();
    this.publicDocuments.set(queryHash, known);
    return known;
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return this.hooks(this);
  }

  private hooks(cache: this): ApolloServerPlugin<GatewayContext> {
    return {
      async requestDidStart() {
        if (!cache.settings.enabled) return {};
        let key: string | undefined;
        let versionsAtStart: ReadonlyMap<string, number> | undefined;
        let hit = false;
        return {
          async responseForOperation(context) {
            const { response } = context;
            const candidate = shareableAnswerKey(context, (...args) => cache.isPublic(...args));
            if (candidate === undefined) return null;
            const found = await cache.store.lookup(candidate);
            if (!found) {
              // The store cannot be asked (a shared Redis down, a purge not yet delivered): answer afresh, keep nothing.
              cache.stats.unavailable += 1;
              response.http.headers.set(header, `${cacheName}; fwd=miss; detail=store-unavailable`);
              return null;
            }
            key = candidate;
            versionsAtStart = found.versions;
            const { entry } = found;
            const now = Date.now();
            if (
              entry &&
              entry.expiresAt > now &&
              entry.versions.every(([s, v]) => (found.versions.get(s) ?? 0) === v)
            ) {
              cache.stats.hits += 1;
              hit = true;
              response.http.headers.set(header, `${cacheName}; hit; ttl=${Math.floor((entry.expiresAt - now) / 1000)}`);
              response.http.headers.set('age', String(Math.floor((now - entry.storedAt) / 1000)));
              return { http: response.http, body: { kind: 'single', singleResult: entry.result } };
            }
            if (entry) cache.store.remove(key);
            cache.stats.misses += 1;
            return null;
          },
          async willSendResponse(context) {
            if (!key || hit) return;
            const stored = cache.keep(key, context, versionsAtStart!);
            context.response.http.headers.set(header, `${cacheName}; fwd=miss${stored ? '; stored' : ''}`);
          },
        };
      },
    };
  }

  private keep(
    key: string,
    { response, contextValue }: GraphQLRequestContextWillSendResponse<GatewayContext>,
    versionsAtStart: ReadonlyMap<string, number>,
  ): boolean {
    const hint = contextValue.fetches.cacheHint;
    if (response.body.kind !== 'single' || response.body.singleResult.errors) return false;
    if (!hint?.shared || !(hint.maxAgeSeconds > 0) || !Number.isFinite(hint.maxAgeSeconds)) return false;
    const result = response.body.singleResult;
    const serialized = JSON.stringify(result);
    if (serialized.length > this.settings.maxEntryBytes) return false;
    const now = Date.now();
    this.store.put(
      key,
      {
        result,
        storedAt: now,
        expiresAt: now + hint.maxAgeSeconds * 1000,
        // Versions from the request's start: a write that raced the request leaves its answer stale at once.
        versions: [...hint.subgraphs].map((s) => [s, versionsAtStart.get(s) ?? 0]),
      },
      serialized,
    );
    this.stats.stored += 1;
    return true;
  }
}

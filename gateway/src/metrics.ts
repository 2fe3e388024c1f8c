import { latencyBuckets, type ServiceMetrics } from '@samverkan/common';
import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RegisteredOperation } from '../../schema/operations';
import type { BreakerState } from './fetch/circuit-breaker';
import type { FetchFailureCode } from './fetch/field-errors';
import type { SubgraphChannel } from './fetch/subgraph-channel';
import type { RateLimitName } from './rate-limit';
import type { ResponseCache } from './response-cache';
import { documentHash } from './trusted-documents';

/** How a subgraph fetch ended, as its latency is labelled: answered, or the failure's code. */
export type FetchOutcome = 'answered' | FetchFailureCode;

/** What every request that reaches GraphQL is labelled with when it is none of the registered operations. */
export const unregisteredOperation = '(unregistered)';

const breakerStates: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/**
 * A counter whose value another part of the gateway already keeps (the response cache's and the channels'
 * counts), read when scraped rather than counted twice. Those parts then need no knowledge of Prometheus.
 */
function countedElsewhere<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => [Partial<Record<L, string>>, number][],
): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

/**
 * The gateway's own metrics beside every service's GraphQL counters: subgraph fetches and breakers, the
 * response cache, rate-limit refusals. Operations are labelled by their registered name: the trusted-documents
 * manifest bounds the set, and everything else shares `(unregistered)`.
 */
export class GatewayMetrics {
  private readonly registeredByHash: Map<string, string>;
  private readonly fetchDuration: Histogram<'subgraph' | 'outcome'>;
  private readonly rateLimitRefusals: Counter<'limit'>;

  constructor(
    readonly service: ServiceMetrics,
    operations: readonly RegisteredOperation[],
  ) {
    this.registeredByHash = new Map(operations.map((op) => [documentHash(op.document), op.name]));
    const registers = [service.registry];
    this.fetchDuration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Time of each HTTP exchange with a subgraph, retries included, by subgraph and outcome (answered or the failure code).',
      labelNames: ['subgraph', 'outcome'] as const,
      buckets: latencyBuckets,
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'gateway_rate_limit_refusals_total',
      help: 'Requests refused with 429, by the limit that refused them: per address, per caller, or on estimated cost.',
      labelNames: ['limit'] as const,
      registers,
    });
  }

  /** The label of a request that reached GraphQL: its registered operation's name, or `(unregistered)`. */
  readonly operationLabel = ({ queryHash }: GraphQLRequestContextWillSendResponse<object>): string =>
    (queryHash && this.registeredByHash.get(queryHash)) || unregisteredOperation;

  observeFetch(subgraph: string, outcome: FetchOutcome, latencyMs: number): void {
    this.fetchDuration.observe({ subgraph, outcome }, latencyMs / 1000);
  }

  countRateLimitRefusal(limit: RateLimitName): void {
    this.rateLimitRefusals.inc({ limit });
  }

  /** The channels' failures, breaker refusals and breaker states, read from the channels serving now. */
  watchChannels(channels: () => Iterable<SubgraphChannel>): void {
    const registry = this.service.registry;
    countedElsewhere(
      registry,
      'gateway_subgraph_fetch_errors_total',
      'Subgraph fetches that failed, by subgraph and code; CIRCUIT_OPEN: refused at once by an open breaker.',
      ['subgraph', 'code'],
      () =>
        [...channels()].flatMap((channel) => [
          ...Object.entries(channel.stats.failures).map(
            ([code, count]): [Record<'subgraph' | 'code', string>, number] => [{ subgraph: channel.name, code }, count],
          ),
          [{ subgraph: channel.name, code: 'CIRCUIT_OPEN' }, channel.stats.refusedByBreaker],
        ]),
    );
    countedElsewhere(
      registry,
      'gateway_subgraph_fetch_retries_total',
      'Subgraph fetches sent again after a dropped connection or a 502/503/504, by subgraph.',
      ['subgraph'],
      () => [...channels()].map((channel) => [{ subgraph: channel.name }, channel.stats.retries]),
    );
    new Gauge({
      name: 'gateway_subgraph_breaker_state',
      help: "Each subgraph's circuit breaker: 1 for the state it is in (closed, open, half-open), 0 for the others.",
      labelNames: ['subgraph', 'state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const channel of channels()) {
          const current = channel.breakerState;
          for (const state of breakerStates) this.set({ subgraph: channel.name, state }, state === current ? 1 : 0);
        }
      },
    });
  }

  /** The response cache's lookups (hits and misses) and what it holds. */
  watchResponseCache(cache: ResponseCache): void {
    const registry = this.service.registry;
    countedElsewhere(
      registry,
      'gateway_response_cache_lookups_total',
      'Lookups of public answers in the response cache: hit (answered from it), miss, or unavailable (shared store down).',
      ['result'],
      () => [
        [{ result: 'hit' }, cache.stats.hits],
        [{ result: 'miss' }, cache.stats.misses],
        // The shared store could not be asked (Redis down): answered afresh.
        [{ result: 'unavailable' }, cache.stats.unavailable],
      ],
    );
    // This instance's entries; a shared Redis store's are counted by Redis itself.
    if (!cache.shared) {
      new Gauge({
        name: 'gateway_response_cache_entries',
        help: 'Answers the response cache holds now (in this instance; not reported with a shared Redis store).',
        registers: [registry],
        collect() {
          this.set(cache.size ?? 0);
        },
      });
    }
  }
}

import type { Logger } from '@samverkan/common';
import { Pool } from 'undici';
import { CircuitBreaker, type BreakerSettings, type BreakerState } from './circuit-breaker';
import type { FetchFailureCode } from './field-errors';
import { RetryBudget, type RetryBudgetSettings } from './retry-budget';

/** How the gateway talks to each subgraph; each setting bounds what one failing partner can cost the others. */
export interface SubgraphFetchSettings {
  /**
   * Longest a fetch may take, retries included, before the fields it would
   * fill are answered null with SUBGRAPH_TIMEOUT; the fetch is aborted and its
   * socket closed.
   */
  timeoutMs: number;
  /** Timeouts for single subgraphs, from `<SUBGRAPH>_TIMEOUT_MS`. */
  timeoutMsBySubgraph: Readonly<Record<string, number>>;
  /**
   * Most sockets open to one subgraph. Fetches beyond it wait for a socket
   * within their own timeout, so a hung subgraph holds this many sockets at
   * most, not one per abandoned request.
   */
  maxConnections: number;
  /** Retries of a query fetch after a refused or dropped connection or a 502/503/504; mutations never retry. */
  maxRetries: number;
  retryBudget: RetryBudgetSettings;
  breaker: BreakerSettings;
  /** Largest answer accepted from a subgraph: a broken one cannot fill the gateway's memory. */
  maxResponseBytes: number;
}

/** What `/status` shows of one subgraph's fetches. */
export interface SubgraphFetchStats {
  /** Fetches the query plans asked for. */
  plannedFetches: number;
  /** HTTP requests sent, retries not counted: fewer than planned, as batching and merging save some. */
  fetches: number;
  /** Planned fetches sent inside a batch with others of their request. */
  batched: number;
  /** Requests that joined an identical one of the same caller in flight instead of sending their own. */
  mergedInFlight: number;
  retries: number;
  failures: Record<FetchFailureCode, number>;
  /** Fetches answered at once because the circuit was open. */
  refusedByBreaker: number;
  lastLatencyMs?: number;
  lastSuccessAt?: string;
  lastFailure?: { code: FetchFailureCode; at: string };
}

/**
 * Everything the gateway keeps per subgraph: its connection pool, circuit
 * breaker, retry budget and counters. It outlives supergraph reloads, so a
 * reload neither resets a breaker nor drops sockets.
 */
export class SubgraphChannel {
  readonly pool: Pool;
  readonly breaker: CircuitBreaker;
  readonly retryBudget: RetryBudget;
  readonly stats: SubgraphFetchStats = {
    plannedFetches: 0,
    fetches: 0,
    batched: 0,
    mergedInFlight: 0,
    retries: 0,
    failures: { SUBGRAPH_TIMEOUT: 0, SUBGRAPH_UNAVAILABLE: 0, SUBGRAPH_BAD_RESPONSE: 0 },
    refusedByBreaker: 0,
  };
  readonly timeoutMs: number;
  private refusalsUnlogged = 0;
  private refusalLogTimer?: NodeJS.Timeout;

  constructor(
    readonly name: string,
    readonly url: URL,
    readonly settings: SubgraphFetchSettings,
    private readonly logger: Logger,
    /** Told how long each fetch took and how it ended, for the latency histogram. */
    private readonly observeFetch: (outcome: 'answered' | FetchFailureCode, latencyMs: number) => void = () =>
      undefined,
  ) {
    this.timeoutMs = settings.timeoutMsBySubgraph[name] ?? settings.timeoutMs;
    this.pool = new Pool(url.origin, {
      connections: settings.maxConnections,
      pipelining: 1,
      connectTimeout: Math.min(this.timeoutMs, 10_000),
      // The fetch's own deadline (an AbortSignal) covers headers and body together.
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: settings.maxResponseBytes,
    });
    this.breaker = new CircuitBreaker(settings.breaker, (to, from, failures) => {
      const fields = { subgraph: name, from, to, consecutiveFailures: failures };
      if (to === 'open') logger.warn('circuit opened: fetches to the subgraph are refused for now', fields);
      else logger.info(to === 'closed' ? 'circuit closed' : 'circuit half-open: probing the subgraph', fields);
    });
    this.retryBudget = new RetryBudget(settings.retryBudget);
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  recordSuccess(latencyMs: number): void {
    this.stats.lastLatencyMs = Math.round(latencyMs);
    this.stats.lastSuccessAt = new Date().toISOString();
    this.breaker.succeeded();
    this.observeFetch('answered', latencyMs);
  }

  recordFailure(code: FetchFailureCode, latencyMs: number): void {
    this.stats.failures[code] += 1;
    this.stats.lastLatencyMs = Math.round(latencyMs);
    this.stats.lastFailure = { code, at: new Date().toISOString() };
    this.breaker.failed();
    this.observeFetch(code, latencyMs);
  }

  /**
   * Counts a fetch the open circuit refused. They come by the hundred while a
   * partner is down, so they are logged as a count once a second, not a line each.
   */
  recordRefusal(): void {
    this.stats.refusedByBreaker += 1;
    this.refusalsUnlogged += 1;
    this.refusalLogTimer ??= setTimeout(() => {
      this.refusalLogTimer = undefined;
      this.logger.warn('subgraph fetches refused: circuit open', {
        subgraph: this.name,
        code: 'SUBGRAPH_UNAVAILABLE',
        refused: this.refusalsUnlogged,
        breaker: this.breaker.state,
      });
      this.refusalsUnlogged = 0;
    }, 1_000).unref();
  }

  /** Closes the pool once its in-flight fetches are done: the subgraph moved to another URL. */
  async retire(): Promise<void> {
    clearTimeout(this.refusalLogTimer);
    await this.pool.close();
  }

  /** Closes every socket at once: the gateway is stopping and has drained its requests. */
  async close(): Promise<void> {
    clearTimeout(this.refusalLogTimer);
    await this.pool.destroy();
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { outgoingTraceparent, type Caller, type Logger } from '@samverkan/common';
import type { GraphQLFormattedError } from 'graphql';
import { callerAnswerKey } from '../context';
import type { FetchFailure } from './field-errors';
import type { SubgraphChannel } from './subgraph-channel';

/** Signs the identity forwarded with one fetch: addressed to one subgraph, good for one use. */
export type IdentitySigner = (
  caller: Caller,
  fetch: { subgraph: string; body: string; operation?: string; operationHash?: string },
) => Promise<string>;

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** One request to send to a subgraph, on behalf of one caller. */
export interface ExchangeRequest {
  /** The JSON body: query, variables and operation name. */
  body: string;
  caller: Caller;
  /** The client's operation, named in the signed identity and the log. */
  operation?: string;
  operationHash?: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Mutations are neither retried nor merged. */
  mutation: boolean;
}

/** How an exchange ended; an answer is handed out as a fresh copy to each request that shares it. */
export type ExchangeResult =
  | { outcome: 'answered'; body: GraphQLResponseBody; cacheControl?: string }
  | { outcome: 'failed'; failure: FetchFailure }
  | { outcome: 'client gone' };

/** How one attempt ended. */
type Attempt =
  | { outcome: 'answered'; body: GraphQLResponseBody; text: string; cacheControl?: string }
  | { outcome: 'failed'; failure: FetchFailure; retryable: boolean }
  | { outcome: 'client gone' };

type Settled = Exclude<Attempt, { outcome: 'failed' }> | { outcome: 'failed'; failure: FetchFailure };

/** An exchange in flight that identical requests of the same caller join instead of sending their own. */
interface SharedExchange {
  settled: Promise<Settled>;
  /** Requests still waiting for it; when the last one's client goes away, it is aborted. */
  waiters: number;
  abort: AbortController;
  /** Whether its parsed answer has been handed out: later requests get their own parse of the text. */
  claimed: boolean;
}

/** Socket-level failures after which nothing, or nothing complete, came back: worth one more try for a read. */
const headers = { 'content-type': 'application/json', accept: 'application/json' } as const;

const retryableSocketErrors = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EAI_AGAIN',
]);

/**
 * Everything the answer of a read may depend on besides the body: who asks
 * (the subgraph decides access by the signed identity) and for which client
 * operation (named in that identity and in the subgraph's audit log).
 */
function mergeKey(request: ExchangeRequest): string {
  return `${callerAnswerKey(request.caller)}\n${request.operation ?? ''}\n${request.operationHash ?? ''}\n${request.body}`;
}

/**
 * The gateway's HTTP exchange with one subgraph: signs the caller's identity,
 * sends on the subgraph's bounded pool with a deadline, aborts when the
 * deadline passes or every client waiting for it has gone, retries reads on
 * dropped connections within the retry budget, consults and feeds the
 * circuit breaker. Identical reads of the same caller in flight at once share
 * one exchange, signed once.
 */
export class SubgraphExchange {
  private readonly inFlight = new Map<string, SharedExchange>();

  constructor(
    readonly channel: SubgraphChannel,
    private readonly signIdentity: IdentitySigner,
    private readonly logger: Logger,
    private readonly mergeInFlight: boolean,
  ) {}

  async send(request: ExchangeRequest): Promise<ExchangeResult> {
    if (request.mutation || !this.mergeInFlight) {
      const settled = await this.exchange(request, request.signal);
      return settled.outcome === 'answered'
        ? { outcome: 'answered', body: settled.body, cacheControl: settled.cacheControl }
        : settled;
    }
    if (request.signal.aborted) return { outcome: 'client gone' };
    const key = mergeKey(request);
    let shared = this.inFlight.get(key);
    if (shared) {
      this.channel.stats.mergedInFlight += 1;
    } else {
      const abort = new AbortController();
      const created: SharedExchange = { waiters: 0, abort, claimed: false, settled: undefined as never };
      created.settled = this.exchange(request, abort.signal).finally(() => {
        if (this.inFlight.get(key) === created) this.inFlight.delete(key);
      });
      this.inFlight.set(key, created);
      shared = created;
    }
    const joined = shared;
    joined.waiters += 1;
    return new Promise<ExchangeResult>((resolve) => {
      const leave = () => {
        joined.waiters -= 1;
        if (joined.waiters === 0) {
          // Nobody is left to answer: free the socket, and let no new request join an aborted exchange.
          if (this.inFlight.get(key) === joined) this.inFlight.delete(key);
          joined.abort.abort();
        }
        resolve({ outcome: 'client gone' });
      };
      request.signal.addEventListener('abort', leave, { once: true });
      void joined.settled.then((settled) => {
        request.signal.removeEventListener('abort', leave);
        if (request.signal.aborted) return;
        if (settled.outcome !== 'answered') return resolve(settled);
        // Apollo merges later fetches into an answer in place: each request needs its own objects.
        const body = joined.claimed ? (JSON.parse(settled.text) as GraphQLResponseBody) : settled.body;
        joined.claimed = true;
        resolve({ outcome: 'answered', body, cacheControl: settled.cacheControl });
      });
    });
  }

  /** One request's exchange, retries included, ended by `clientGone` or the deadline. */
  private async exchange(request: ExchangeRequest, clientGone: AbortSignal): Promise<Settled> {
    const { channel } = this;
    const admission = channel.breaker.admit();
    if (!admission.allowed) {
      channel.recordRefusal();
      const seconds = Math.max(1, Math.ceil(admission.retryInMs / 1000));
      return {
        outcome: 'failed',
        failure: {
          code: 'SUBGRAPH_UNAVAILABLE',
          message: `The ${channel.name} subgraph is unavailable after repeated failures; it is tried again within ${seconds} s. Its fields are null.`,
        },
      };
    }
    const started = performance.now();
    const deadline = AbortSignal.timeout(channel.timeoutMs);
    const signal = AbortSignal.any([deadline, clientGone]);
    channel.stats.fetches += 1;
    channel.retryBudget.recordFetch();

    let attempts = 0;
    let result: Attempt;
    for (;;) {
      attempts += 1;
      const token = await this.signIdentity(request.caller, {
        subgraph: channel.name,
        body: request.body,
        operation: request.operation,
        operationHash: request.operationHash,
      });
      result = await this.attempt(request.body, token, signal, deadline);
      if (
        result.outcome !== 'failed' ||
        !result.retryable ||
        request.mutation ||
        attempts > channel.settings.maxRetries
      )
        break;
      // Backoff with jitter, only if it leaves the retry a fair part of the deadline.
      const backoffMs = 25 * 2 ** (attempts - 1) * (0.5 + Math.random());
      const left = channel.timeoutMs - (performance.now() - started);
      if (left < backoffMs + 50 || !channel.retryBudget.tryRetry()) break;
      channel.stats.retries += 1;
      try {
        await sleep(backoffMs, undefined, { signal });
      } catch {
        result = clientGone.aborted
          ? { outcome: 'client gone' }
          : { outcome: 'failed', failure: this.timedOut(), retryable: false };
        break;
      }
    }

    const durationMs = performance.now() - started;
    switch (result.outcome) {
      case 'answered':
        channel.recordSuccess(durationMs);
        return result;
      case 'client gone':
        channel.breaker.abandoned(admission.probe);
        return result;
      case 'failed':
        channel.recordFailure(result.failure.code, durationMs);
        this.logger.warn('subgraph fetch failed', {
          subgraph: channel.name,
          code: result.failure.code,
          durationMs: Math.round(durationMs),
          attempts,
          breaker: channel.breaker.state,
          operation: request.operation,
        });
        return { outcome: 'failed', failure: result.failure };
    }
  }

  /** One HTTP exchange with the subgraph, classified. */
  private async attempt(body: string, token: string, signal: AbortSignal, deadline: AbortSignal): Promise<Attempt> {
    const { channel } = this;
    const unavailable = (why: string): Attempt => ({
      outcome: 'failed',
      failure: {
        code: 'SUBGRAPH_UNAVAILABLE',
        message: `The ${channel.name} subgraph is unavailable (${why}). Its fields are null.`,
      },
      retryable: true,
    });
    const badResponse = (why: string): Attempt => ({
      outcome: 'failed',
      failure: badResponseFailure(channel.name, why),
      retryable: false,
    });
    const interrupted = (): Attempt =>
      deadline.aborted ? { outcome: 'failed', failure: this.timedOut(), retryable: false } : { outcome: 'client gone' };
    let statusCode: number;
    let text: string;
    let cacheControl: string | undefined;
    // Set by the undici instrumentation instead when traces are exported.
    const traceparent = outgoingTraceparent();
    try {
      const response = await channel.pool.request({
        path: channel.url.pathname + channel.url.search,
        method: 'POST',
        headers: traceparent
          ? { ...headers, authorization: `Bearer ${token}`, traceparent }
          : { ...headers, authorization: `Bearer ${token}` },
        body,
        signal,
      });
      statusCode = response.statusCode;
      const header = response.headers['cache-control'];
      cacheControl = Array.isArray(header) ? header.join(', ') : header;
      text = await response.body.text();
    } catch (error) {
      if (signal.aborted) return interrupted();
      const code = (error as { code?: string }).code ?? '';
      if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return badResponse('with more than the allowed response size');
      if (retryableSocketErrors.has(code))
        return unavailable(code === 'ECONNREFUSED' ? 'connection refused' : 'connection lost');
      return unavailable('no connection');
    }
    if (statusCode === 502 || statusCode === 503 || statusCode === 504) return unavailable(`HTTP ${statusCode}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return badResponse(`HTTP ${statusCode} with a body that is not JSON`);
    }
    const answer = parsed as GraphQLResponseBody | null;
    const wellFormed =
      answer !== null &&
      typeof answer === 'object' &&
      !Array.isArray(answer) &&
      (answer.errors === undefined || Array.isArray(answer.errors)) &&
      (answer.data === undefined || answer.data === null || typeof answer.data === 'object') &&
      (answer.data != null || (answer.errors?.length ?? 0) > 0);
    if (!wellFormed) return badResponse(`HTTP ${statusCode} without a GraphQL response`);
    if (statusCode < 200 || statusCode >= 300) return badResponse(`HTTP ${statusCode}`);
    return { outcome: 'answered', body: answer, text, cacheControl };
  }

  private timedOut(): FetchFailure {
    return {
      code: 'SUBGRAPH_TIMEOUT',
      message: `The ${this.channel.name} subgraph did not answer within ${this.channel.timeoutMs} ms. Its fields are null.`,
    };
  }
}

export function badResponseFailure(subgraph: string, why: string): FetchFailure {
  return { code: 'SUBGRAPH_BAD_RESPONSE', message: `The ${subgraph} subgraph answered ${why}. Its fields are null.` };
}

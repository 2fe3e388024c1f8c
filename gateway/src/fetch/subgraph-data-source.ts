import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Caller, Logger } from '@samverkan/common';
import { Kind, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context';
import { documentHash } from '../trusted-documents';
import { entityIndexes, fieldErrorsForFailedFetch, type FetchFailure } from './field-errors';
import type { SubgraphChannel } from './subgraph-channel';

/** Signs the identity forwarded with one fetch: addressed to one subgraph, good for one use. */
export type IdentitySigner = (
  caller: Caller,
  fetch: { subgraph: string; operation?: string; operationHash?: string },
) => Promise<string>;

interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** How one attempt ended. */
type Attempt =
  | { outcome: 'answered'; body: GraphQLResponseBody }
  | { outcome: 'failed'; failure: FetchFailure; retryable: boolean }
  | { outcome: 'client gone' };

/** Socket-level failures after which nothing, or nothing complete, came back: worth one more try for a read. */
const retryableSocketErrors = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EAI_AGAIN',
]);

const operationKind = (document: DocumentNode): 'query' | 'mutation' | 'subscription' => {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? operation.operation : 'query';
};

/**
 * The gateway's fetch to one subgraph, in place of Apollo's
 * RemoteGraphQLDataSource: signs the caller's identity for the subgraph,
 * sends the fetch on the subgraph's bounded connection pool with a deadline,
 * aborts it when the deadline passes or the client goes away, retries reads
 * on dropped connections within the retry budget, consults and feeds the
 * circuit breaker, and turns every failure into errors on the fields the
 * fetch would have filled, so the rest of the answer still arrives.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly channel: SubgraphChannel,
    private readonly signIdentity: IdentitySigner,
    private readonly logger: Logger,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!('incomingRequestContext' in options)) {
      throw new Error(`the gateway makes no ${options.kind} fetches: it serves a static supergraph`);
    }
    const { request, context, incomingRequestContext } = options;
    const document = options.document ?? parse(request.query ?? '');
    const { fetches } = context;
    const representations = request.variables?.representations as { __typename?: unknown }[] | undefined;
    const channel = this.channel;

    // Computed once a fetch needs it: where each representation's entity sits among the objects at its path.
    let indexes: number[] | undefined;
    const entityIndexOf = (j: number) => {
      indexes ??= entityIndexes(fetches.root, options.pathInIncomingRequest ?? [], representations ?? []);
      return indexes?.[j] ?? j;
    };
    const answerWithout = (failure: FetchFailure) => ({
      errors: fieldErrorsForFailedFetch(document, failure, channel.name, representations, entityIndexOf),
    });

    const earlier = fetches.failed.get(channel.name);
    if (earlier) return answerWithout(earlier);
    const admission = channel.breaker.admit();
    if (!admission.allowed) {
      channel.recordRefusal();
      const seconds = Math.max(1, Math.ceil(admission.retryInMs / 1000));
      return answerWithout({
        code: 'SUBGRAPH_UNAVAILABLE',
        message: `The ${channel.name} subgraph is unavailable after repeated failures; it is tried again within ${seconds} s. Its fields are null.`,
      });
    }

    fetches.operationHash ??= incomingRequestContext.source ? documentHash(incomingRequestContext.source) : undefined;
    const mayRetry = operationKind(document) === 'query';
    const started = performance.now();
    const deadline = AbortSignal.timeout(channel.timeoutMs);
    const signal = AbortSignal.any([deadline, fetches.signal]);
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
    });
    channel.stats.fetches += 1;
    channel.retryBudget.recordFetch();

    let attempts = 0;
    let result: Attempt;
    for (;;) {
      attempts += 1;
      const token = await this.signIdentity(context.caller, {
        subgraph: channel.name,
        operation: incomingRequestContext.operationName ?? undefined,
        operationHash: fetches.operationHash,
      });
      result = await this.attempt(body, token, signal, deadline, !!representations && representations.length);
      if (result.outcome !== 'failed' || !result.retryable || !mayRetry || attempts > channel.settings.maxRetries)
        break;
      // Backoff with jitter, only if it leaves the retry a fair part of the deadline.
      const backoffMs = 25 * 2 ** (attempts - 1) * (0.5 + Math.random());
      const left = channel.timeoutMs - (performance.now() - started);
      if (left < backoffMs + 50 || !channel.retryBudget.tryRetry()) break;
      channel.stats.retries += 1;
      try {
        await sleep(backoffMs, undefined, { signal });
      } catch {
        result = fetches.signal.aborted
          ? { outcome: 'client gone' }
          : { outcome: 'failed', failure: this.timedOut(), retryable: false };
        break;
      }
    }

    const durationMs = performance.now() - started;
    switch (result.outcome) {
      case 'answered':
        channel.recordSuccess(durationMs);
        if (!representations && result.body.data) Object.assign(fetches.root, result.body.data);
        if (representations && result.body.errors) {
          // The gateway reads `_entities[i]` in an error's path as the i-th object at the fetch's path,
          // counting objects of other types that got no representation: renumber, or a police error
          // lands on the municipality listed before the police.
          result.body.errors = result.body.errors.map((error) =>
            error.path?.[0] === '_entities' && typeof error.path[1] === 'number'
              ? { ...error, path: ['_entities', entityIndexOf(error.path[1]), ...error.path.slice(2)] }
              : error,
          );
        }
        return result.body;
      case 'client gone':
        channel.breaker.abandoned(admission.probe);
        return {};
      case 'failed': {
        channel.recordFailure(result.failure.code, durationMs);
        if (result.failure.code !== 'SUBGRAPH_BAD_RESPONSE') fetches.failed.set(channel.name, result.failure);
        this.logger.warn('subgraph fetch failed', {
          subgraph: channel.name,
          code: result.failure.code,
          durationMs: Math.round(durationMs),
          attempts,
          breaker: channel.breaker.state,
          operation: incomingRequestContext.operationName ?? undefined,
        });
        return answerWithout(result.failure);
      }
    }
  }

  /** One HTTP exchange with the subgraph, classified. */
  private async attempt(
    body: string,
    token: string,
    signal: AbortSignal,
    deadline: AbortSignal,
    expectedEntities: number | false,
  ): Promise<Attempt> {
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
      failure: {
        code: 'SUBGRAPH_BAD_RESPONSE',
        message: `The ${channel.name} subgraph answered ${why}. Its fields are null.`,
      },
      retryable: false,
    });
    const interrupted = (): Attempt =>
      deadline.aborted ? { outcome: 'failed', failure: this.timedOut(), retryable: false } : { outcome: 'client gone' };
    let statusCode: number;
    let text: string;
    try {
      const response = await channel.pool.request({
        path: channel.url.pathname + channel.url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        body,
        signal,
      });
      statusCode = response.statusCode;
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
    if (expectedEntities !== false && answer.data) {
      const entities = answer.data._entities;
      if (!Array.isArray(entities) || entities.length !== expectedEntities) {
        return badResponse(
          `with ${Array.isArray(entities) ? entities.length : 'no'} entities for ${expectedEntities} asked`,
        );
      }
    }
    return { outcome: 'answered', body: answer };
  }

  private timedOut(): FetchFailure {
    return {
      code: 'SUBGRAPH_TIMEOUT',
      message: `The ${this.channel.name} subgraph did not answer within ${this.channel.timeoutMs} ms. Its fields are null.`,
    };
  }
}

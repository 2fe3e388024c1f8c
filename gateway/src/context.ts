import type { Caller } from '@samverkan/common';
import type { Response } from 'express';
import type { PendingBatch } from './fetch/fetch-batcher';
import type { FetchFailure } from './fetch/field-errors';
import type { QueryPlanReport } from './query-plan-report';
import type { RequestCacheHint } from './response-cache';

/** What the gateway's subgraph fetches need to know about the request they serve. */
export interface RequestFetches {
  /** Aborted when the client goes away: its fetches stop and release their sockets at once. */
  signal: AbortSignal;
  /** The root fetches' data, into which the gateway merges every later fetch in place (see entityIndexes). */
  root: Record<string, unknown>;
  /** Subgraphs that timed out or were unreachable earlier in this request: later fetches to them fail at once. */
  failed: Map<string, FetchFailure>;
  /** Entity fetches queued per subgraph, sent together once the plan level has started them all. */
  batches: Map<string, PendingBatch>;
  /** What the subgraphs' answers allow the response cache to do with this request's answer. */
  cacheHint?: RequestCacheHint;
  /** SHA-256 of the client's document for the signed identity, computed once a request. */
  operationHash?: string;
  /** Whom the per-caller rate limits count this request against. */
  callerKey: string;
}

/**
 * Who asks, as far as an answer can depend on it (the subgraphs decide access by subject, organisation and roles):
 * work done for one such caller may be shared with the same caller's identical requests, never with another's.
 */
export function callerAnswerKey(caller: Caller): string {
  return caller.anonymous
    ? 'anonymous'
    : JSON.stringify([caller.subject ?? '', caller.organisation ?? '', [...caller.roles].sort()]);
}

/** Per request: the verified caller and the bookkeeping of its subgraph fetches. */
export interface GatewayContext {
  caller: Caller;
  fetches: RequestFetches;
  /** Outside production, when the request asked for it: its query plan and fetches, for its answer's extensions. */
  queryPlan?: QueryPlanReport;
}

export function createRequestFetches(response: Response, callerKey: string): RequestFetches {
  const clientGone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) clientGone.abort();
  });
  return { signal: clientGone.signal, root: {}, failed: new Map(), batches: new Map(), callerKey };
}

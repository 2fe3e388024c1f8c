import { batchedOperation, batchedVariables, splitBatchedAnswer, type BatchMember } from './batched-operation';
import type { ExchangeRequest, ExchangeResult, SubgraphExchange } from './subgraph-exchange';

/** The entity fetches one request has queued for one subgraph and not yet sent. */
export interface PendingBatch {
  members: (BatchMember & { operationName?: string })[];
  settle: { resolve(result: ExchangeResult): void; reject(error: unknown): void }[];
}

/** What every fetch of one request shares, whichever of them opens the batch. */
type BatchRequest = Omit<ExchangeRequest, 'body' | 'mutation'>;

/**
 * Queues an entity fetch of one request and sends it together with the
 * request's other entity fetches to the same subgraph. The query plan starts
 * the fetches of one level together, each after a few promise hops; the batch
 * is sent once those have run (setImmediate comes after every queued
 * microtask), so a level's fetches to a subgraph go out as one request.
 */
export function sendInBatch(
  batches: Map<string, PendingBatch>,
  exchange: SubgraphExchange,
  member: BatchMember & { operationName?: string },
  request: BatchRequest,
): Promise<ExchangeResult> {
  const subgraph = exchange.channel.name;
  let batch = batches.get(subgraph);
  if (!batch) {
    const opened: PendingBatch = { members: [], settle: [] };
    batches.set(subgraph, opened);
    setImmediate(() => {
      batches.delete(subgraph);
      send(exchange, opened, request).catch((error: unknown) => opened.settle.forEach((s) => s.reject(error)));
    });
    batch = opened;
  }
  const queued = batch;
  return new Promise((resolve, reject) => {
    queued.members.push(member);
    queued.settle.push({ resolve, reject });
  });
}

async function send(exchange: SubgraphExchange, { members, settle }: PendingBatch, request: BatchRequest) {
  const operation = members.length > 1 ? batchedOperation(members) : undefined;
  if (!operation) {
    await Promise.all(
      members.map(async ({ query, variables, operationName }, i) => {
        const body = JSON.stringify({ query, variables, operationName });
        settle[i].resolve(await exchange.send({ ...request, body, mutation: false }));
      }),
    );
    return;
  }
  exchange.channel.stats.batched += members.length;
  const body = JSON.stringify({
    query: operation.query,
    variables: batchedVariables(members),
    operationName: operation.operationName,
  });
  const result = await exchange.send({ ...request, body, mutation: false });
  if (result.outcome !== 'answered') {
    for (const s of settle) s.resolve(result);
    return;
  }
  splitBatchedAnswer(operation, result.body).forEach((body, i) =>
    settle[i].resolve({ outcome: 'answered', body, cacheControl: result.cacheControl }),
  );
}

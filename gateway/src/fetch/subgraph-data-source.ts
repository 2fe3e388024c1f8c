import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Logger } from '@samverkan/common';
import { Kind, parse, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';
import { reportFetch } from '../query-plan-report';
import { noteCacheControl } from '../response-cache';
import { documentHash } from '../trusted-documents';
import { sendInBatch } from './fetch-batcher';
import { entityIndexes, fieldErrorsForFailedFetch, type FetchFailure } from './field-errors';
import { distinctRepresentations, spreadEntities } from './representations';
import type { SubgraphChannel } from './subgraph-channel';
import {
  badResponseFailure,
  SubgraphExchange,
  type ExchangeResult,
  type GraphQLResponseBody,
  type IdentitySigner,
} from './subgraph-exchange';

export type { IdentitySigner } from './subgraph-exchange';

/** How the gateway shapes its fetches; each can be turned off to tell its effect from the rest. */
export interface FetchShaping {
  /** Send a request's entity fetches of one plan level to one subgraph as one request. */
  batching: boolean;
  /** Let identical reads of the same caller in flight at once share one exchange. */
  mergeInFlight: boolean;
}

const operationKind = (document: DocumentNode): 'query' | 'mutation' | 'subscription' => {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? operation.operation : 'query';
};

/**
 * The gateway's fetch to one subgraph, in place of Apollo's
 * RemoteGraphQLDataSource. Apollo plans and executes; this sends: entity
 * fetches without repeated representations, batched with the request's other
 * fetches to the same subgraph, over the exchange (signing, deadline,
 * retries, breaker, merging of identical reads), and turns every failure into
 * errors on the fields the fetch would have filled, so the rest of the answer
 * still arrives.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly exchange: SubgraphExchange;

  constructor(
    private readonly channel: SubgraphChannel,
    signIdentity: IdentitySigner,
    logger: Logger,
    private readonly shaping: FetchShaping = { batching: true, mergeInFlight: true },
    /** Told of every mutation a subgraph answered: its data may have changed. */
    private readonly onMutation: (subgraph: string) => void = () => undefined,
  ) {
    this.exchange = new SubgraphExchange(channel, signIdentity, logger, shaping.mergeInFlight);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const report = 'incomingRequestContext' in options ? options.context.queryPlan : undefined;
    if (!report) return this.fetch(options);
    const started = performance.now();
    const answer = await this.fetch(options);
    const representations = options.request.variables?.representations;
    const failed = answer.errors?.find((error) => /^SUBGRAPH_/.test(String(error.extensions?.code)));
    reportFetch(
      report,
      {
        subgraph: this.channel.name,
        path: (('pathInIncomingRequest' in options && options.pathInIncomingRequest) || []).join('.'),
        ...(Array.isArray(representations) ? { entities: representations.length } : {}),
        outcome: failed ? String(failed.extensions!.code) : answer.errors ? 'answered with errors' : 'answered',
      },
      started,
    );
    return answer;
  }

  private async fetch(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
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

    channel.stats.plannedFetches += 1;
    fetches.operationHash ??= incomingRequestContext.source ? documentHash(incomingRequestContext.source) : undefined;
    const mutation = operationKind(document) !== 'query';
    const distinct = representations && !mutation ? distinctRepresentations(representations) : undefined;
    const variables = distinct ? { ...request.variables, representations: distinct.distinct } : request.variables;
    const exchangeRequest = {
      caller: context.caller,
      operation: incomingRequestContext.operationName ?? undefined,
      operationHash: fetches.operationHash,
      signal: fetches.signal,
    };
    let result: ExchangeResult;
    if (representations && !mutation && this.shaping.batching) {
      const member = {
        query: request.query ?? '',
        document,
        variables: variables ?? {},
        operationName: request.operationName,
      };
      result = await sendInBatch(fetches.batches, this.exchange, member, exchangeRequest);
    } else {
      const body = JSON.stringify({ query: request.query, variables, operationName: request.operationName });
      result = await this.exchange.send({ ...exchangeRequest, body, mutation });
    }

    switch (result.outcome) {
      case 'client gone':
        return {};
      case 'failed':
        if (result.failure.code !== 'SUBGRAPH_BAD_RESPONSE') fetches.failed.set(channel.name, result.failure);
        return answerWithout(result.failure);
      case 'answered':
        break;
    }
    if (mutation) this.onMutation(channel.name);
    noteCacheControl(fetches, channel.name, result.cacheControl);
    const body: GraphQLResponseBody = result.body;
    if (!representations) {
      if (body.data) Object.assign(fetches.root, body.data);
      return body;
    }
    if (body.data) {
      const asked = distinct ? distinct.distinct.length : representations.length;
      const entities = body.data._entities;
      if (!Array.isArray(entities) || entities.length !== asked) {
        const failure = badResponseFailure(
          channel.name,
          `with ${Array.isArray(entities) ? entities.length : 'no'} entities for ${asked} asked`,
        );
        channel.recordFailure(failure.code, 0);
        return answerWithout(failure);
      }
      if (distinct) {
        const spread = spreadEntities(distinct, entities, body.errors);
        body.data = { ...body.data, _entities: spread.entities };
        body.errors = spread.errors;
      }
    }
    if (body.errors) {
      // The gateway reads `_entities[i]` in an error's path as the i-th object at the fetch's path,
      // counting objects of other types that got no representation: renumber, or a police error
      // lands on the municipality listed before the police.
      body.errors = body.errors.map((error) =>
        error.path?.[0] === '_entities' && typeof error.path[1] === 'number'
          ? { ...error, path: ['_entities', entityIndexOf(error.path[1]), ...error.path.slice(2)] }
          : error,
      );
    }
    return body;
  }
}

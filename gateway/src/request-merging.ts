import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { callerAnswerKey, type GatewayContext } from './context';
import { shareableAnswerKey, type PublicDocumentTest } from './response-cache';

/** The answer a request in flight will give, for whoever asked the same meanwhile; undefined: ask yourself. */
type PendingAnswer = Promise<FormattedExecutionResult | undefined>;

/**
 * Identical queries of the same caller in flight at once are executed once:
 * the first plans, fetches and shapes its answer, and the others, having
 * passed their own parsing, validation, cost and rate limits, wait for it and
 * send it as theirs. A dashboard wall polling one query, or anonymous
 * visitors opening the same page, then costs the gateway one execution per
 * moment, not one per request.
 *
 * Only queries whose every field is PUBLIC, so that no read of personal data
 * or refusal goes unaudited by the subgraph; never mutations. An answer cut
 * short because its own client went away is not handed on: the others
 * execute for themselves. A mutation through the gateway ends all sharing of
 * what was in flight before it, so no request arriving after a write gets an
 * answer read before it.
 */
export class RequestMerging {
  private readonly inFlight = new Map<string, PendingAnswer>();
  readonly stats = { merged: 0 };

  constructor(
    readonly enabled: boolean,
    private readonly isPublic: PublicDocumentTest,
  ) {}

  /** A subgraph's data changed: requests from now on start afresh. */
  purge(): void {
    this.inFlight.clear();
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return this.hooks(this);
  }

  private hooks(merging: this): ApolloServerPlugin<GatewayContext> {
    return {
      async requestDidStart() {
        if (!merging.enabled) return {};
        let lead:
          | { key: string; pending: PendingAnswer; settle: (answer: FormattedExecutionResult | undefined) => void }
          | undefined;
        return {
          async responseForOperation(context) {
            const { response, contextValue } = context;
            const answerKey = shareableAnswerKey(context, merging.isPublic);
            if (answerKey === undefined) return null;
            const key = `${callerAnswerKey(contextValue.caller)}\n${answerKey}`;
            const pending = merging.inFlight.get(key);
            if (!pending) {
              let settle!: (answer: FormattedExecutionResult | undefined) => void;
              const pending: PendingAnswer = new Promise((resolve) => (settle = resolve));
              merging.inFlight.set(key, pending);
              lead = { key, pending, settle };
              return null;
            }
            const answer = await pending;
            if (!answer) return null;
            merging.stats.merged += 1;
            return { http: response.http, body: { kind: 'single', singleResult: answer } };
          },
          async willSendResponse({ response, contextValue }) {
            if (!lead) return;
            const { key, pending, settle } = lead;
            lead = undefined;
            // After a purge the key may already name a newer request's answer.
            if (merging.inFlight.get(key) === pending) merging.inFlight.delete(key);
            const { body } = response;
            settle(body.kind === 'single' && !contextValue.fetches.signal.aborted ? body.singleResult : undefined);
          },
        };
      },
    };
  }
}

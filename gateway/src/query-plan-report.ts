import { performance } from 'node:perf_hooks';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { prettyFormatQueryPlan } from '@apollo/query-planner';
import type { Request } from 'express';
import type { GatewayContext } from './context';

/** The request header that asks for the report; the playground sends it with every request. */
export const queryPlanHeader = 'samverkan-query-plan';

/** One fetch of the plan as the gateway made it. */
export interface FetchReport {
  subgraph: string;
  /** Where in the answer its data goes, e.g. `agreements.@.districts.@`; empty for a root fetch. */
  path: string;
  /** Entities the plan asked for (the gateway sends each distinct one once); absent for a root fetch. */
  entities?: number;
  /** Milliseconds from the gateway's taking the request until the fetch was made, and from then until answered. */
  startMs: number;
  durationMs: number;
  /** `answered`, or the failure's code (`SUBGRAPH_TIMEOUT`, …). */
  outcome: string;
}

/** How the gateway split one request across the subgraphs: `extensions.queryPlan` of its answer. */
export interface QueryPlanReport {
  /** Apollo's query plan, as `prettyFormatQueryPlan` writes it. */
  plan?: string;
  fetches: FetchReport[];
  /** When the gateway took the request, on `performance.now()`'s clock. */
  startedAt: number;
}

/**
 * Whether a request gets the report: outside production, when it asks with the header. Never in production, where a
 * plan would show how the subgraphs are split and how long each takes.
 */
export function queryPlanRequested(request: Request, production: boolean): QueryPlanReport | undefined {
  if (production || request.headers[queryPlanHeader] !== 'on') return undefined;
  return { fetches: [], startedAt: performance.now() };
}

/** `ApolloGateway`'s hook, keeping the plan of a request that asked for it. */
export const keepQueryPlan: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, requestContext }) => {
  const report = (requestContext.context as Partial<GatewayContext>).queryPlan;
  if (report) report.plan = prettyFormatQueryPlan(queryPlan);
};

/** Notes a fetch of a request that asked for the report; returns at once for any other. */
export function reportFetch(
  report: QueryPlanReport | undefined,
  fetch: Omit<FetchReport, 'startMs' | 'durationMs'>,
  started: number,
): void {
  if (!report) return;
  report.fetches.push({
    ...fetch,
    startMs: round(started - report.startedAt),
    durationMs: round(performance.now() - started),
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Adds the report to the answer of a request that asked for it, as `extensions.queryPlan`. */
export function queryPlanPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const report = contextValue.queryPlan;
          if (!report || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            queryPlan: { plan: report.plan ?? null, fetches: report.fetches },
          };
        },
      };
    },
  };
}

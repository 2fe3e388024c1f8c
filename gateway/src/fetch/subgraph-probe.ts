import { anonymousCaller } from '@samverkan/common';
import type { RoutedSubgraph, SubgraphProbe } from '../supergraph';
import type { IdentitySigner } from './subgraph-data-source';

/** The query `@apollo/gateway` itself sends to check a subgraph: any subgraph answers it. */
const healthCheckQuery = 'query __ApolloServiceHealthCheck__ { __typename }';

/**
 * Checks a subgraph before a supergraph that routes to it is served: it must
 * answer `{ __typename }` with `Query` to a request signed with the
 * gateway's identity, within the timeout. That proves more than `/health`
 * would: the URL is a GraphQL endpoint and it accepts the gateway's token.
 */
export function createSubgraphProbe(
  signIdentity: IdentitySigner,
  urlOverrides: Partial<Record<string, string>>,
  timeoutMs: number,
): SubgraphProbe {
  return async ({ name, url }: RoutedSubgraph) => {
    const target = urlOverrides[name] ?? url;
    const request = JSON.stringify({ query: healthCheckQuery });
    const token = await signIdentity(anonymousCaller, {
      subgraph: name,
      body: request,
      operation: '__ApolloServiceHealthCheck__',
    });
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        body: request,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error((error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable');
    }
    const body = (await response.json().catch(() => undefined)) as { data?: { __typename?: string } } | undefined;
    if (!response.ok || body?.data?.__typename !== 'Query') {
      throw new Error(`HTTP ${response.status}, not a GraphQL answer to { __typename }`);
    }
  };
}

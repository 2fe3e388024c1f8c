import { anonymousCaller, type Caller } from '@samverkan/common';
import { gatewayHeaders } from './identity';

/** A GraphQL response as a test reads it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation to a GraphQL endpoint over real HTTP. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
}

/** POSTs to a subgraph as the gateway would, with a signed identity for `caller`. */
export async function postToSubgraph<T = Record<string, any>>(
  subgraph: { url: string; name: string },
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = anonymousCaller,
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  // The same bytes postGraphQL sends: the gateway's identity is bound to the body it signs.
  const body = JSON.stringify({ query, variables });
  return postGraphQL<T>(subgraph.url, query, variables, await gatewayHeaders(subgraph.name, body, caller));
}

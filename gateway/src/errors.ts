import type { GraphQLFormattedError } from 'graphql';

/** Error codes whose message is meant for the caller and safe to show as it is. */
const publicCodes = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'OPERATION_NOT_REGISTERED',
  'PERSISTED_QUERY_NOT_FOUND',
  'RATE_LIMITED',
]);

/**
 * In production every other error (a subgraph's internal error, an
 * unreachable subgraph whose message names its host) reaches the caller as
 * "Internal server error": no stack trace, SQL, or internal hostname.
 */
export function maskInternalError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && publicCodes.has(code)) {
    const { argument } = formatted.extensions ?? {};
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...(argument === undefined ? {} : { argument }) },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

import type { GraphQLFormattedError } from 'graphql';

/** Error codes whose message is meant for the caller and safe to show as it is. */
const publicCodes = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  // A write based on a record someone else changed since: the caller re-reads.
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'OPERATION_NOT_REGISTERED',
  'PERSISTED_QUERY_NOT_FOUND',
  'RATE_LIMITED',
  // A partner's outage, in words the gateway or the subgraph wrote: no address, SQL or stack.
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_BAD_RESPONSE',
  'DATABASE_TIMEOUT',
  'DATABASE_UNAVAILABLE',
]);

/**
 * Every error that came from a subgraph names it as `extensions.subgraph`
 * (Apollo's gateway calls it `serviceName`), and carries no stack trace: the
 * gateway's own stack says nothing about a partner's failure, in development
 * either.
 */
export function attributeSubgraphError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { serviceName, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (typeof serviceName !== 'string' && typeof extensions.subgraph !== 'string') return formatted;
  return { ...formatted, extensions: { ...extensions, subgraph: extensions.subgraph ?? serviceName } };
}

/**
 * In development an unexpected error shows its stack trace, to find the bug; an expected one (a refusal, a bad
 * argument, a partner down: a code in `publicCodes`) has nothing to debug, and its message says it all.
 */
export function withoutExpectedStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace, ...extensions } = formatted.extensions ?? {};
  if (stacktrace === undefined || typeof extensions.code !== 'string' || !publicCodes.has(extensions.code)) {
    return formatted;
  }
  return { ...formatted, extensions };
}

/**
 * In production every other error (a subgraph's internal error, a bug in
 * the gateway) reaches the caller as "Internal server error": no stack trace,
 * SQL, or internal hostname. The subgraph it came from is still named.
 */
export function maskInternalError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { code, argument, field, currentVersion, subgraph } = formatted.extensions ?? {};
  // What a client needs to correct its call: the argument and input field at fault, the version to re-read.
  const kept = {
    ...(argument === undefined ? {} : { argument }),
    ...(field === undefined ? {} : { field }),
    ...(currentVersion === undefined ? {} : { currentVersion }),
    ...(subgraph === undefined ? {} : { subgraph }),
  };
  if (typeof code === 'string' && publicCodes.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...kept },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(subgraph === undefined ? {} : { subgraph }) },
  };
}

/**
 * A variable graphql-js could not coerce (an enum value outside the schema, a
 * string for an Int) is refused before any subgraph is asked, with the path
 * only in its message; this names it as the writes' own checks do:
 * `argument` the variable, `field` the path inside it (`focusAreas.0`).
 */
export function nameInvalidVariable(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'BAD_USER_INPUT' || formatted.extensions.field !== undefined) return formatted;
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(formatted.message)?.[1];
  if (!variable) return formatted;
  // "… at "input.focusAreas[0]"; …" where the value lies inside the variable; absent when it is the variable.
  const at = /" at "([^"]+)"; /.exec(formatted.message)?.[1];
  const field = at
    ?.replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .slice(1)
    .join('.');
  return { ...formatted, extensions: { ...formatted.extensions, argument: variable, ...(field ? { field } : {}) } };
}

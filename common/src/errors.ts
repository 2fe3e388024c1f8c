import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { databaseErrorCode, isAcquireTimeout, isConnectionLoss, isStatementTimeout } from './database-errors';

/** A client error that names the argument at fault, as dashboards need to fix their call. */
export function badUserInput(argument: string, reason: string): GraphQLError {
  return new GraphQLError(`Invalid argument ${argument}: ${reason}`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}

/**
 * A mutation input the write rules refuse: `field` is the input field's path
 * as a form would name it (`period.end`, `coFinancing.1.sharePercent`), and
 * the message says the rule, so a dashboard can show it next to the field.
 */
export function invalidInput(field: string, rule: string): GraphQLError {
  return new GraphQLError(`Invalid input ${field}: ${rule}`, {
    extensions: { code: 'BAD_USER_INPUT', argument: 'input', field },
  });
}

/**
 * A write based on a version of a record that someone else has changed since:
 * the caller re-reads (`currentVersion` says how far behind they are) rather
 * than overwrite the other change.
 */
export function conflict(record: string, currentVersion: number): GraphQLError {
  return new GraphQLError(
    `${record} was changed by someone else since you read it: it is at version ${currentVersion}. ` +
      'Read it again and repeat your change if it still applies.',
    { extensions: { code: 'CONFLICT', currentVersion } },
  );
}

/** A write the caller's organisation or roles do not allow; nothing is written. */
export function forbidden(reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * The row a foreign key names, for a non-null field. The key's constraint
 * guarantees the row, so its absence is a data error, and said as one
 * (`resolvePartner` does the same for partners, which no constraint covers).
 */
export async function referenced<T>(row: Promise<T | null>, description: string): Promise<T> {
  const found = await row;
  if (found === null) {
    throw new GraphQLError(`${description} does not exist.`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  return found;
}

/** The shapes of the keys the supergraph's entities use. */
export const keyFormats = {
  municipalityCode: { pattern: /^\d{4}$/, description: "a four-digit SCB municipality code such as '0180'" },
  countyCode: { pattern: /^\d{2}$/, description: "a two-digit SCB county code such as '01'" },
  urbanDistrictId: {
    pattern: /^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$/,
    description: "a municipality code and a folded district name such as '0180-rinkeby'",
  },
  policeRegionCode: { pattern: /^\d{4}$/, description: "a four-digit police region code such as '5300'" },
  slug: { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, description: "a lower-case id such as 'lua-2008-2010-0180'" },
} as const;

/**
 * Refuses a malformed key argument up front, with BAD_USER_INPUT, instead of
 * looking it up (and, for bytes PostgreSQL rejects, failing inside the
 * database).
 */
export function requireKeyFormat(
  argument: string,
  value: string | null | undefined,
  format: (typeof keyFormats)[keyof typeof keyFormats],
): void {
  if (value === null || value === undefined) return;
  if (value.length > 100 || !format.pattern.test(value)) {
    throw badUserInput(argument, `expected ${format.description}.`);
  }
}

/** PostgreSQL error classes that mean the input was unusable, not that the server failed. */
const inputErrorCodes = new Set([
  '22021', // invalid byte sequence, e.g. a NUL character
  '22P02', // invalid text representation
  '22001', // string too long for its column
  '22003', // numeric value out of range
]);

/**
 * Apollo Server's formatError for subgraphs: a database refusal caused by the
 * caller's input (say a NUL byte in an entity key) becomes BAD_USER_INPUT
 * rather than an internal error, and a database that is slow, used up or
 * gone says so with a code of its own; none of them carries the SQL.
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  const code = databaseErrorCode(cause);
  const replaced = (message: string, replacementCode: string): GraphQLFormattedError => ({
    message,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: replacementCode },
  });
  if (code && inputErrorCodes.has(code)) {
    return replaced(
      'The input contains a value the database cannot accept (for example a NUL character or an overlong key).',
      'BAD_USER_INPUT',
    );
  }
  if (isStatementTimeout(cause)) {
    return replaced('The database did not answer in time; try again shortly.', 'DATABASE_TIMEOUT');
  }
  if (isAcquireTimeout(cause) || isConnectionLoss(cause)) {
    return replaced('The database is unavailable or overloaded; try again shortly.', 'DATABASE_UNAVAILABLE');
  }
  return formatted;
}

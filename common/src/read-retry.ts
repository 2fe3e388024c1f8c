import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { databaseErrorCode, isConnectionLoss } from './database-errors';
import type { Logger } from './logger';

type ReferenceResolver = (reference: unknown, context: unknown, info: { operation: { operation: string } }) => unknown;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Calls `resolve` once more when it fails because the database connection
 * broke under it (a restart, `pg_terminate_backend`, a network cut): the pool
 * has dropped the broken connection, so the second try runs on a fresh one.
 * Only while executing a query: a read can run twice without effect, a
 * mutation might have been applied before the connection went. A DataLoader
 * forgets a failed batch, so the retried loads batch again. Synchronous
 * results stay synchronous.
 */
function retryingOnce<T extends (...args: never[]) => unknown>(
  resolve: T,
  isRead: (...args: Parameters<T>) => boolean,
  onRetry: (error: unknown) => void,
): T {
  const again = (args: Parameters<T>, error: unknown) => {
    if (!isRead(...args) || !isConnectionLoss(error)) throw error;
    onRetry(error);
    return resolve(...args);
  };
  // This runs for every resolved field: a field that answers at once costs no closure.
  return ((...args: Parameters<T>) => {
    let result: unknown;
    try {
      result = resolve(...args);
    } catch (error) {
      return again(args, error);
    }
    return isPromiseLike(result) ? result.then(undefined, (error: unknown) => again(args, error)) : result;
  }) as T;
}

/**
 * Makes every resolver of the schema, entity references included, retry a
 * read once after a lost database connection. Fields without a resolver read
 * their parent object and never touch the database.
 */
export function retryReadsOnConnectionLoss(schema: GraphQLSchema, logger: Logger): void {
  // One lost connection fails every field waiting on it: log the first retry, then a count every few seconds.
  let lastLogged = 0;
  let since = 0;
  const onRetry = (where: string) => (error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < 5_000) {
      since += 1;
      return;
    }
    logger.warn('retrying reads after a lost database connection', {
      field: where,
      code: databaseErrorCode(error),
      retriedSinceLastLine: since,
    });
    lastLogged = now;
    since = 0;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve) continue;
      const where = `${type.name}.${field.name}`;
      field.resolve = retryingOnce<GraphQLFieldResolver<unknown, unknown>>(
        field.resolve,
        (_parent, _args, _context, info) => info.operation.operation === 'query',
        onRetry(where),
      );
    }
    // @apollo/subgraph keeps __resolveReference in the type's extensions and calls it per representation.
    const entity = (type.extensions as { apollo?: { subgraph?: { resolveReference?: ReferenceResolver } } }).apollo
      ?.subgraph;
    if (entity?.resolveReference) {
      const where = `${type.name}.__resolveReference`;
      entity.resolveReference = retryingOnce<ReferenceResolver>(
        entity.resolveReference,
        (_reference, _context, info) => info.operation.operation === 'query',
        onRetry(where),
      );
    }
  }
}

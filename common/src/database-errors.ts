/**
 * What a database failure means for whoever hit it. `pg` reports the
 * server's SQLSTATE as `code`; TypeORM wraps it as `driverError`; socket
 * failures carry Node's errno codes; some failures are known only by message.
 */
export function databaseErrorCode(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const found = driverError?.code ?? code;
  return typeof found === 'string' ? found : undefined;
}

function messageOf(error: unknown): string {
  const { message, driverError } = (error ?? {}) as { message?: unknown; driverError?: { message?: unknown } };
  return `${String(driverError?.message ?? '')} ${String(message ?? '')}`;
}

/** SQLSTATE classes and socket errors after which the statement never ran, or ran on a connection now gone. */
const connectionLossCodes = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or stopping
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const connectionLossMessages = /Connection terminated|not queryable|connection is closed|Client was closed/i;

/** The connection to the database broke: the same read on a fresh connection may well succeed. */
export function isConnectionLoss(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return (code !== undefined && connectionLossCodes.has(code)) || connectionLossMessages.test(messageOf(error));
}

/** The statement ran past `statement_timeout` (or was cancelled): the database is slow or locked. */
export function isStatementTimeout(error: unknown): boolean {
  return databaseErrorCode(error) === '57014';
}

/** No connection came free within the pool's acquire timeout: every connection is busy. */
export function isAcquireTimeout(error: unknown): boolean {
  return /timeout exceeded when trying to connect|connection timeout/i.test(messageOf(error));
}

/**
 * Worth waiting for at start-up: the server is not up yet, is starting, or
 * is full. A wrong password or a missing role is not, and fails at once.
 */
export function isTransientStartupError(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return (
    isConnectionLoss(error) ||
    isAcquireTimeout(error) ||
    code === '53300' || // too_many_connections
    code === 'ENOTFOUND' || // a container's name before its network is up
    code === 'EAI_AGAIN'
  );
}

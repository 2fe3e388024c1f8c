import { readEnum } from './config';

/**
 * Structured logs, one JSON object a line, so that a log shipper can index
 * them without parsing free text.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const levels = Object.keys(order) as LogLevel[];
let configuredLevel: LogLevel | undefined;

/** `LOG_LEVEL`, read and validated once per process. */
function levelFromEnv(): LogLevel {
  configuredLevel ??= readEnum(process.env, 'LOG_LEVEL', levels, process.env.NODE_ENV === 'test' ? 'warn' : 'info');
  return configuredLevel;
}

export function createLogger(service: string, level: LogLevel = levelFromEnv()): Logger {
  const write =
    (at: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (order[at] < order[level]) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level: at, service, message, ...fields });
      (at === 'error' || at === 'warn' ? process.stderr : process.stdout).write(line + '\n');
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

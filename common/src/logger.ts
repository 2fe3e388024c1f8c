import { context, trace } from '@opentelemetry/api';
import pino, { type DestinationStream } from 'pino';
import { readEnum } from './config';

/**
 * Structured logs through pino, one JSON object a line, so that a log shipper
 * can index them without parsing free text. Every line written while a
 * request is being served carries that request's `traceId` (the W3C trace id
 * the gateway starts and `traceparent` carries to every subgraph), so one
 * search finds a request's lines in all six services, and its trace.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for one part of the service (`fetch`, `database`, `http`): its lines say `component`. */
  child(component: string): Logger;
  /** Whether lines of this level are written: work that only feeds a dropped line can be skipped. */
  writes(level: Exclude<LogLevel, 'silent'>): boolean;
}

const levels: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
let configuredLevel: LogLevel | undefined;

/** `LOG_LEVEL`, read and validated once per process. */
function levelFromEnv(): LogLevel {
  configuredLevel ??= readEnum(process.env, 'LOG_LEVEL', levels, process.env.NODE_ENV === 'test' ? 'warn' : 'info');
  return configuredLevel;
}

/**
 * Fields that could name a person or let someone act as one. None of today's
 * lines carries them; this keeps a careless field from putting one in a log
 * that is kept longer, and read by more people, than the audit trail.
 */
const redactedFields = [
  'authorization',
  'token',
  'subject',
  'who',
  'email',
  'headers.authorization',
  'headers.cookie',
  'caller',
  'variables',
];

/** The active span's ids, when a request is being traced (or only propagated: see telemetry.ts). */
export function activeTraceIds(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext)
    ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
    : {};
}

function wrap(logger: pino.Logger): Logger {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    child: (component) => wrap(logger.child({ component })),
    writes: (level) => logger.isLevelEnabled(level),
  };
}

/**
 * Debug and info lines on standard output, warnings and errors on standard
 * error, as before pino: what watches a service's stderr keeps seeing its
 * problems, and the audit trail on stdout is not interleaved with them.
 */
function standardStreams(): DestinationStream {
  return pino.multistream(
    [
      { level: 'debug', stream: process.stdout },
      { level: 'warn', stream: process.stderr },
    ],
    { dedupe: true },
  );
}

/**
 * The root logger of one service (`gateway`, `subgraph-police`); `child` for
 * its components. Lines go to the standard streams, or to `destination` (tests).
 */
export function createLogger(
  service: string,
  level: LogLevel = levelFromEnv(),
  destination: DestinationStream = standardStreams(),
): Logger {
  return wrap(
    pino(
      {
        level,
        base: { service },
        messageKey: 'message',
        // Level names, not pino's numbers, and ISO times: what the lines said before pino, and what people grep for.
        formatters: { level: (label) => ({ level: label }) },
        timestamp: pino.stdTimeFunctions.isoTime,
        mixin: activeTraceIds,
        redact: { paths: redactedFields, censor: '[redacted]' },
      },
      destination,
    ),
  );
}

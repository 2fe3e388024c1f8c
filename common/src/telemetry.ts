/**
 * OpenTelemetry for one service process. Each entry point (`<service>/src/index.ts`, `scripts/start.ts`) imports
 * its `telemetry.ts` first, which calls `startTelemetry`: the HTTP, GraphQL and pg instrumentations patch those
 * modules as `require` loads them, so they must be in place before anything loads them. That holds under tsx
 * (dev, tests that spawn services) and in the compiled CommonJS of `dist/` alike. Not in the `@samverkan/common`
 * barrel for the same reason: importing the barrel loads the very modules to instrument.
 */
import { diag, DiagLogLevel, type Context, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ConfigError, readOptionalUrl } from './config';
import { beforeExit } from './exit-hooks';
import { createLogger } from './logger';
import { carryRequestIds } from './trace-context';

type Env = Record<string, string | undefined>;

export interface TelemetryConfig {
  /** Where spans are posted, OTLP over HTTP (`…/v1/traces`); undefined: nowhere, and nothing is recorded. */
  tracesUrl?: string;
  /** `OTEL_SERVICE_NAME`, or the name the entry point gives. */
  serviceName: string;
}

/**
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-only `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), read once and
 * validated: a typo fails the start instead of silently sending spans nowhere.
 */
export function readTelemetryConfig(env: Env, serviceName: string): TelemetryConfig {
  // As the specification has it: the traces variable is the whole URL, the general one the collector's base.
  const base = readHttpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return {
    tracesUrl:
      readHttpUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
      (base === undefined ? undefined : `${base.replace(/\/$/, '')}/v1/traces`),
    serviceName: env.OTEL_SERVICE_NAME || serviceName,
  };
}

/** `collector:4318` parses as a URL of scheme `collector:`; what the exporter can post to is http(s). */
function readHttpUrl(env: Env, name: string): string | undefined {
  const value = readOptionalUrl(env, name);
  if (value !== undefined && !/^https?:$/.test(new URL(value).protocol)) {
    throw new ConfigError(name, `must be an http:// or https:// URL, got "${value}"`);
  }
  return value;
}

/**
 * W3C trace context that is sent on but not taken in. The gateway is where the
 * public's requests arrive: a caller's `traceparent` would choose the request id
 * every service logs, and its sampled flag whether the gateway records, so the
 * gateway starts each trace itself.
 */
class OutgoingTraceContext extends W3CTraceContextPropagator {
  override extract(context: Context, _carrier: unknown, _getter: TextMapGetter): Context {
    return context;
  }
}

/** Span attributes that could name a person: the caller's address and browser. Removed before export. */
const personalAttributes = [
  'client.address',
  'net.peer.ip',
  'http.client_ip',
  'network.peer.address',
  'user_agent.original',
  'http.user_agent',
];

/** Hands spans to `next` without the attributes that could name the caller. */
export class WithoutPersonalData implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    // An ended span's attributes are no longer changed through the API; this is the last moment to drop them.
    const attributes = span.attributes as Record<string, unknown>;
    for (const key of personalAttributes) delete attributes[key];
    this.next.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

let started = false;

/**
 * Starts tracing for this process.
 *
 * Without an endpoint nothing is recorded or sent, and no SDK is built: only the request id is carried
 * (`trace-context.ts`), taken in from `traceparent` (subgraphs) or new (gateway), put on the gateway's fetches and on
 * every log line.
 *
 * With an endpoint, spans are batched and sent from a timer, never on a request's path: an unreachable collector
 * costs a failed export in the background, and spans beyond the queue (2048, `OTEL_BSP_MAX_QUEUE_SIZE`) are dropped.
 * The other standard variables (`OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_HEADERS`) apply.
 */
export function startTelemetry(
  serviceName: string,
  options: {
    /** Whether to continue a caller's trace from its `traceparent`; the gateway does not. */
    acceptTraceparent?: boolean;
    env?: Env;
  } = {},
): void {
  if (started) return;
  started = true;
  const env = options.env ?? process.env;
  // The standard off switch, honoured before anything is built: the instrumentations patch modules as soon as
  // they are constructed, even when the SDK is then not started. No traces and no request id in the logs.
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return;
  const config = readTelemetryConfig(env, serviceName);
  if (config.tracesUrl === undefined) {
    carryRequestIds({ acceptTraceparent: options.acceptTraceparent !== false });
    return;
  }
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    // Metrics are served by the service's own /metrics, and logs go to standard output: the SDK's defaults for
    // both (an OTLP exporter to localhost) would make calls nobody configured.
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator:
      options.acceptTraceparent === false ? new OutgoingTraceContext() : new W3CTraceContextPropagator(),
    spanProcessors: [
      new WithoutPersonalData(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.tracesUrl }) })),
    ],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and metrics scrapes every few seconds are not requests anyone wants a trace of.
        ignoreIncomingRequestHook: (request) => !request.url?.startsWith('/graphql'),
        // The services make no HTTP calls through node:http but the exporter's own.
        disableOutgoingRequestInstrumentation: true,
      }),
      // The gateway's subgraph fetches go through undici; health probes outside a request start no trace.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new GraphQLInstrumentation({
        // A span per resolved field would be thousands per dashboard; parse, validate and execute tell enough.
        ignoreResolveSpans: true,
        allowValues: false,
      }),
      // Queries at start-up (migrations, seeding) are not part of any request.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  // The SDK reports a failed export only through its diagnostic logger: without one, a collector that is down
  // would go unnoticed. Warnings and errors only; OTEL_LOG_LEVEL (the SDK's own console logger) overrides.
  if (!process.env.OTEL_LOG_LEVEL) {
    const log = createLogger(config.serviceName).child('telemetry');
    diag.setLogger(
      {
        error: (message, ...args) => log.error(message, { details: args.map(String) }),
        warn: (message, ...args) => log.warn(message, { details: args.map(String) }),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.WARN,
    );
  }
  sdk.start();
  beforeExit(() => sdk.shutdown());
}

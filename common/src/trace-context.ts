/**
 * The request id when nothing is exported: W3C trace context carried from the
 * gateway to the subgraphs and put on every log line, without a tracer.
 *
 * The OpenTelemetry SDK with its HTTP and undici instrumentations did the same
 * through non-recording spans, but computed each span's attributes for the
 * sampler on every request and every fetch: about a fifth of the gateway's CPU
 * under load, for an id. Here a request costs 24 random bytes and a context.
 * When exporting, the SDK does it all instead and this stays off.
 */
import { randomBytes } from 'node:crypto';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

let carrying: { acceptTraceparent: boolean } | undefined;

/**
 * Carries request ids from here on: a context manager for the process, and
 * `requestTraceContext` and `outgoingTraceparent` switched on.
 */
export function carryRequestIds(options: { acceptTraceparent: boolean }): void {
  if (carrying) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  carrying = { ...options };
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const invalidTraceId = '0'.repeat(32);

/**
 * Middleware that runs the rest of a request in a trace: the caller's (a
 * subgraph takes the gateway's `traceparent`) or a new one. Undefined when
 * request ids are not carried this way.
 */
export function requestTraceContext():
  ((request: Request, response: Response, next: NextFunction) => void) | undefined {
  if (!carrying) return undefined;
  const { acceptTraceparent } = carrying;
  return (request, response, next) => {
    const ids = randomBytes(24).toString('hex');
    const header = acceptTraceparent ? request.headers.traceparent : undefined;
    const parent = typeof header === 'string' ? traceparentPattern.exec(header.trim()) : null;
    const traceId = parent && parent[1] !== invalidTraceId ? parent[1] : ids.slice(0, 32);
    const active = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: ids.slice(32),
      traceFlags: TraceFlags.NONE,
      isRemote: false,
    });
    // The body arrives in the socket's events, outside any promise of this request: bound, its listeners (and
    // whatever they start) run in the request's trace, as the HTTP instrumentation binds them.
    context.bind(active, request);
    context.bind(active, response);
    context.with(active, next);
  };
}

/** The `traceparent` for a fetch made in the active request, when request ids are carried this way. */
export function outgoingTraceparent(): string | undefined {
  if (!carrying) return undefined;
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && trace.isSpanContextValid(spanContext)
    ? `00-${spanContext.traceId}-${spanContext.spanId}-00`
    : undefined;
}

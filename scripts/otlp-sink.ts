/**
 * `npm run otlp:sink`: a local stand-in for an OpenTelemetry collector. It takes OTLP/HTTP JSON trace exports at
 * `/v1/traces` (what `OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318` makes the services send), keeps
 * nothing, and prints how many spans each service sent every ten seconds: enough to see that tracing works, or
 * to measure what exporting costs (`npm run bench` with the endpoint set) without a collector installed.
 * The end-to-end tracing test reads spans through the same receiver.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as the test reads it: OTLP JSON flattened. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's kind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

const attributes = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? value,
    ]),
  );

/** OTLP JSON ids are hex; base64 is accepted too, as some exporters send it. */
const hexId = (id: string | undefined) =>
  !id ? undefined : /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');

export function flattenSpans(request: OtlpTraceRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributes(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: hexId(span.traceId)!,
        spanId: hexId(span.spanId)!,
        parentSpanId: hexId(span.parentSpanId),
        name: span.name,
        kind: span.kind,
        attributes: attributes(span.attributes),
      })),
    );
  });
}

export interface OtlpReceiver {
  /** The base URL to give as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(
  options: { port?: number; host?: string; onSpans?: (spans: ReceivedSpan[]) => void } = {},
): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = Buffer.concat(chunks);
        const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
        const spans = flattenSpans(JSON.parse(text) as OtlpTraceRequest);
        if (options.onSpans) options.onSpans(spans);
        else received.push(...spans);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        // Not OTLP JSON (e.g. protobuf): say so, as a collector would.
        response.writeHead(400).end();
      }
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    spans: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main() {
  const counts = new Map<string, number>();
  const receiver = await startOtlpReceiver({
    port: Number(process.env.OTLP_SINK_PORT ?? 4318),
    onSpans: (spans) => {
      for (const span of spans) counts.set(span.service, (counts.get(span.service) ?? 0) + 1);
    },
  });
  process.stdout.write(`OTLP sink at ${receiver.url} (set OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url})\n`);
  setInterval(() => {
    const line = [...counts].map(([service, count]) => `${service} ${count}`).join(', ');
    process.stdout.write(`${new Date().toISOString()} spans received: ${line || 'none yet'}\n`);
  }, 10_000);
}

if (require.main === module) void main();

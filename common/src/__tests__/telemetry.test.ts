import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createAuditLog } from '../audit';
import { ConfigError } from '../config';
import { anonymousCaller } from '../identity';
import { readTelemetryConfig, WithoutPersonalData } from '../telemetry';

describe('telemetry configuration', () => {
  it('exports nothing unless an OTLP endpoint is set', () => {
    expect(readTelemetryConfig({}, 'gateway')).toEqual({ tracesUrl: undefined, serviceName: 'gateway' });
  });

  it('posts traces to <endpoint>/v1/traces, or to the traces-only endpoint as given', () => {
    expect(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'gateway').tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      readTelemetryConfig(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
        },
        'gateway',
      ).tracesUrl,
    ).toBe('http://traces:4318/custom');
  });

  it('refuses an endpoint that is not a URL, naming the variable', () => {
    expect(() => readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' }, 'gateway')).toThrow(
      new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', 'must be an absolute URL, got "127.0.0.1:4318"'),
    );
    // A URL, but not one OTLP/HTTP can be posted to: the scheme was left out.
    expect(() => readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'gateway')).toThrow(
      new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', 'must be an http:// or https:// URL, got "collector:4318"'),
    );
  });

  it('takes OTEL_SERVICE_NAME over the name the entry point gives', () => {
    expect(readTelemetryConfig({ OTEL_SERVICE_NAME: 'samverkan-gateway-blue' }, 'gateway').serviceName).toBe(
      'samverkan-gateway-blue',
    );
  });
});

describe('what leaves the service', () => {
  it("strips the caller's address and browser from spans before they are exported", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new WithoutPersonalData(new SimpleSpanProcessor({ exporter }))],
    });
    const span = provider.getTracer('test').startSpan('POST', {
      attributes: {
        'client.address': '192.0.2.10',
        'user_agent.original': 'Mozilla/5.0',
        'http.request.method': 'POST',
        'url.path': '/graphql',
      },
    });
    span.end();
    await provider.forceFlush();
    expect(exporter.getFinishedSpans().map((finished) => finished.attributes)).toEqual([
      { 'http.request.method': 'POST', 'url.path': '/graphql' },
    ]);
    await provider.shutdown();
  });
});

describe('the audit trail inside a traced request', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    manager.disable();
    context.disable();
  });

  it("records the request's trace id with each entry, and none outside a request", () => {
    const lines: string[] = [];
    const audit = createAuditLog('subgraph-agreements', 10, (line) => lines.push(line));
    const event = {
      operation: 'AgreementOverview',
      fieldPath: 'agreements',
      level: 'PUBLIC',
      outcome: 'read' as const,
    };
    const request = trace.setSpanContext(context.active(), {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    context.with(request, () => audit.record(anonymousCaller, event));
    audit.record(anonymousCaller, event);
    expect(lines.map((line) => (JSON.parse(line) as { traceId?: string }).traceId)).toEqual([
      '4bf92f3577b34da6a3ce929d0e0e4736',
      undefined,
    ]);
  });
});

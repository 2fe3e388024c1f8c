import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger, type LogLevel } from '../logger';

/** A logger whose lines the test reads back, parsed. */
function capture(level: LogLevel = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('subgraph-police', level, {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe('structured logs', () => {
  it('writes one JSON object a line: level name, ISO time, service, message, fields', () => {
    const { logger, lines } = capture();
    logger.info('listening', { url: 'http://127.0.0.1:4003/graphql' });
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'subgraph-police',
        url: 'http://127.0.0.1:4003/graphql',
        message: 'listening',
      },
    ]);
  });

  it('drops lines below the level it was given', () => {
    const { logger, lines } = capture('warn');
    logger.debug('noise');
    logger.info('noise');
    logger.warn('kept');
    logger.error('kept too');
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['warn', 'kept'],
      ['error', 'kept too'],
    ]);
  });

  it('names the component of a child logger, and keeps the service', () => {
    const { logger, lines } = capture();
    logger.child('database').warn('database unavailable at start-up; retrying');
    expect(lines[0]).toMatchObject({ service: 'subgraph-police', component: 'database' });
  });

  it('blanks fields that could name a person or act as one', () => {
    const { logger, lines } = capture();
    logger.warn('refused', {
      authorization: 'Bearer eyJ…',
      subject: '199001011234',
      headers: { authorization: 'Bearer eyJ…' },
      code: 'UNAUTHENTICATED',
    });
    expect(lines[0]).toMatchObject({
      authorization: '[redacted]',
      subject: '[redacted]',
      headers: { authorization: '[redacted]' },
      code: 'UNAUTHENTICATED',
    });
  });

  describe('inside a traced request', () => {
    const manager = new AsyncLocalStorageContextManager();
    beforeAll(() => context.setGlobalContextManager(manager.enable()));
    afterAll(() => {
      manager.disable();
      context.disable();
    });

    it("carries the request's trace id on every line, through awaits, and none outside it", async () => {
      const { logger, lines } = capture();
      const request = trace.setSpanContext(context.active(), {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.NONE,
      });
      await context.with(request, async () => {
        logger.info('first');
        await new Promise((resolve) => setImmediate(resolve));
        logger.child('fetch').warn('subgraph fetch failed');
      });
      logger.info('after the request');
      expect(lines.map((line) => [line.message, line.traceId, line.spanId])).toEqual([
        ['first', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'],
        ['subgraph fetch failed', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'],
        ['after the request', undefined, undefined],
      ]);
    });
  });
});

import { NotReady, Readiness } from '../readiness';

describe('readiness', () => {
  it('is ready when every check passes, with what each found', async () => {
    const report = await new Readiness()
      .add('database', async () => ({ kind: 'server' }))
      .add('supergraph', async () => undefined)
      .evaluate();
    expect(report).toEqual({
      ready: true,
      checks: { database: { ready: true, kind: 'server' }, supergraph: { ready: true } },
      failing: [],
      errors: {},
    });
  });

  it('names each failing check; shows a NotReady reason but keeps any other error for the log', async () => {
    const report = await new Readiness()
      .add('database', async () => {
        throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
      })
      .add('migrations', async () => {
        throw new NotReady('1 pending: AddIndicators1795000000000');
      })
      .add('supergraph', async () => undefined)
      .evaluate();
    expect(report.ready).toBe(false);
    expect(report.failing).toEqual(['database', 'migrations']);
    expect(report.checks.database).toEqual({ ready: false, reason: 'unavailable' });
    expect(report.checks.migrations).toEqual({ ready: false, reason: '1 pending: AddIndicators1795000000000' });
    expect(report.checks.supergraph).toEqual({ ready: true });
    expect(report.errors.database).toContain('10.1.2.3');
  });

  it('fails a check that does not answer within its bound instead of hanging the probe', async () => {
    const report = await new Readiness(50).add('redis', () => new Promise(() => undefined)).evaluate();
    expect(report.failing).toEqual(['redis']);
    expect(report.checks.redis).toEqual({ ready: false, reason: 'no answer within 50 ms' });
  });

  it('refuses two checks of one name', () => {
    const readiness = new Readiness().add('database', async () => undefined);
    expect(() => readiness.add('database', async () => undefined)).toThrow(/database/);
  });
});

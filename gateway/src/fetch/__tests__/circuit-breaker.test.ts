import { CircuitBreaker, type BreakerState } from '../circuit-breaker';

describe('circuit breaker', () => {
  let now: number;
  let changes: string[];
  let breaker: CircuitBreaker;

  beforeEach(() => {
    now = 1_000_000;
    changes = [];
    breaker = new CircuitBreaker(
      { failureThreshold: 3, resetMs: 5_000 },
      (to: BreakerState, from: BreakerState) => changes.push(`${from}→${to}`),
      () => now,
    );
  });

  const failTimes = (n: number) => {
    for (let i = 0; i < n; i += 1) {
      expect(breaker.admit()).toEqual({ allowed: true, probe: false });
      breaker.failed();
    }
  };

  it('stays closed below the threshold, and a success resets the count', () => {
    failTimes(2);
    breaker.succeeded();
    failTimes(2);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('opens at the threshold of consecutive failures and refuses at once, saying when it will try again', () => {
    failTimes(3);
    expect(breaker.state).toBe('open');
    now += 2_000;
    expect(breaker.admit()).toEqual({ allowed: false, retryInMs: 3_000 });
    expect(changes).toEqual(['closed→open']);
  });

  it('lets one probe through after the reset time and closes when it succeeds', () => {
    failTimes(3);
    now += 5_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toEqual({ allowed: true, probe: true });
    // While the probe is out, the others still fail fast.
    expect(breaker.admit()).toEqual({ allowed: false, retryInMs: 0 });
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toEqual({ allowed: true, probe: false });
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  it('opens again for another reset time when the probe fails', () => {
    failTimes(3);
    now += 5_000;
    expect(breaker.admit()).toMatchObject({ allowed: true, probe: true });
    breaker.failed();
    expect(breaker.state).toBe('open');
    now += 4_999;
    expect(breaker.admit()).toEqual({ allowed: false, retryInMs: 1 });
    now += 1;
    expect(breaker.admit()).toMatchObject({ allowed: true, probe: true });
  });

  it('frees the probe slot when the probe’s caller goes away without a verdict', () => {
    failTimes(3);
    now += 5_000;
    expect(breaker.admit()).toMatchObject({ allowed: true, probe: true });
    breaker.abandoned(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toMatchObject({ allowed: true, probe: true });
  });
});

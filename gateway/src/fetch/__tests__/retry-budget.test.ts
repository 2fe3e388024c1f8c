import { RetryBudget } from '../retry-budget';

describe('retry budget', () => {
  let now: number;
  const budget = (ratio: number, minPerSecond: number) =>
    new RetryBudget({ ratio, minPerSecond, windowMs: 10_000 }, () => now);

  beforeEach(() => {
    now = 50_000_000;
  });

  it('allows the minimum per second over the window even with no traffic, then refuses', () => {
    const retries = budget(0.2, 1);
    for (let i = 0; i < 10; i += 1) expect(retries.tryRetry()).toBe(true);
    expect(retries.tryRetry()).toBe(false);
  });

  it('adds a share of the fetches in the window', () => {
    const retries = budget(0.2, 0);
    for (let i = 0; i < 50; i += 1) retries.recordFetch();
    const granted = Array.from({ length: 20 }, () => retries.tryRetry()).filter(Boolean).length;
    expect(granted).toBe(10);
  });

  it('forgets fetches and retries older than the window', () => {
    const retries = budget(0.5, 0);
    for (let i = 0; i < 4; i += 1) retries.recordFetch();
    expect(retries.tryRetry()).toBe(true);
    expect(retries.tryRetry()).toBe(true);
    expect(retries.tryRetry()).toBe(false);
    now += 10_000;
    expect(retries.tryRetry()).toBe(false);
    retries.recordFetch();
    retries.recordFetch();
    expect(retries.tryRetry()).toBe(true);
  });
});

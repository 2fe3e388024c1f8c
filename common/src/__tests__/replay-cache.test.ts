import { ReplayCache } from '../replay-cache';

/** A cache on a clock the test moves, in seconds since the epoch. */
function cacheAt(start: number) {
  const clock = { now: start };
  return { clock, cache: new ReplayCache(() => clock.now) };
}

describe('the replay cache of token ids', () => {
  it('refuses an id used before within its lifetime, and takes any other', () => {
    const { clock, cache } = cacheAt(1_000.25);
    expect(cache.firstUse('a', 1_015)).toBe(true);
    expect(cache.firstUse('b', 1_015)).toBe(true);
    clock.now = 1_014.9;
    expect(cache.firstUse('a', 1_015)).toBe(false);
    clock.now = 1_015;
    expect(cache.firstUse('a', 1_015)).toBe(false);
  });

  it('forgets each id once its token has expired, second by second', () => {
    const { clock, cache } = cacheAt(1_000);
    for (let i = 0; i < 300; i += 1) cache.firstUse(`id-${i}`, 1_001 + (i % 3));
    expect(cache.size).toBe(300);
    clock.now = 1_001.5;
    cache.firstUse('probe-1', 1_100);
    expect(cache.size).toBe(201);
    clock.now = 1_003.5;
    cache.firstUse('probe-2', 1_100);
    expect(cache.size).toBe(2);
    // Forgotten means usable again: only an expired token carries it, and verification refuses those.
    expect(cache.firstUse('id-0', 1_200)).toBe(true);
  });

  it('forgets an id that expired before it was recorded, instead of holding it for ever', () => {
    const { clock, cache } = cacheAt(1_000.5);
    expect(cache.firstUse('late', 990)).toBe(true);
    expect(cache.firstUse('late', 990)).toBe(false);
    clock.now = 1_001.5;
    cache.firstUse('probe', 1_100);
    expect(cache.size).toBe(1);
  });

  it('drops everything expired at once after a long idle spell or a clock set forward', () => {
    const { clock, cache } = cacheAt(1_000);
    cache.firstUse('a', 1_010);
    cache.firstUse('b', 5_000_000);
    clock.now = 4_000_000;
    cache.firstUse('c', 4_000_015);
    expect(cache.size).toBe(2);
    expect(cache.firstUse('b', 5_000_000)).toBe(false);
    clock.now = 4_000_016;
    cache.firstUse('d', 4_000_030);
    expect(cache.size).toBe(2);
  });

  it('keeps ids recorded while the clock runs backwards until their time has passed', () => {
    const { clock, cache } = cacheAt(2_000);
    clock.now = 1_000;
    expect(cache.firstUse('back', 1_015)).toBe(true);
    clock.now = 1_500;
    expect(cache.firstUse('back', 1_015)).toBe(false);
    clock.now = 2_001;
    cache.firstUse('probe', 2_100);
    expect(cache.size).toBe(1);
  });
});

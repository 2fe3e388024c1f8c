import type { SharedStore } from './redis';

/**
 * The ids of tokens already used, each kept until its token expires, so that a
 * token is good for one use within its lifetime. Ids are filed in buckets by
 * the second their token expires, and each check first drops the buckets of
 * the seconds that have passed since the last: every id is filed and dropped
 * once, so a check costs O(1) amortised however many ids are held, where
 * sweeping them all on every request cost time in proportion to the rate,
 * and so in total to its square.
 */
export class ReplayCache {
  private readonly held = new Set<string>();
  private readonly expiringIn = new Map<number, string[]>();
  /** No bucket is filed under a second before this one. */
  private sweptUpTo: number;

  /** `now`: the time in seconds since the epoch, as JWT claims count it. */
  constructor(private readonly now: () => number = () => Date.now() / 1000) {
    this.sweptUpTo = Math.ceil(this.now());
  }

  /** How many ids are held, for tests and diagnostics. */
  get size(): number {
    return this.held.size;
  }

  /**
   * Records the use of token `id`, which expires at `expiresAt` (seconds since
   * the epoch, the `exp` claim); false if it was used before and has not yet
   * expired.
   */
  firstUse(id: string, expiresAt: number): boolean {
    this.dropExpired();
    if (this.held.has(id)) return false;
    this.held.add(id);
    // Kept until the whole second of its expiry has passed. An id expiring before
    // the swept seconds (a clock set back, a token at the very edge of its life)
    // goes into the first bucket still to be swept, not one that never will be.
    const second = Math.max(Math.ceil(expiresAt), this.sweptUpTo);
    const bucket = this.expiringIn.get(second);
    if (bucket) bucket.push(id);
    else this.expiringIn.set(second, [id]);
    return true;
  }

  private dropExpired(): void {
    const now = this.now();
    if (this.sweptUpTo >= now) return;
    if (now - this.sweptUpTo > this.expiringIn.size) {
      // After a long idle spell or a clock set forward, fewer buckets than seconds to visit.
      for (const second of [...this.expiringIn.keys()]) if (second < now) this.drop(second);
      this.sweptUpTo = Math.ceil(now);
      return;
    }
    for (; this.sweptUpTo < now; this.sweptUpTo += 1) this.drop(this.sweptUpTo);
  }

  private drop(second: number): void {
    const bucket = this.expiringIn.get(second);
    if (!bucket) return;
    for (const id of bucket) this.held.delete(id);
    this.expiringIn.delete(second);
  }
}

/** Where a subgraph records the identity tokens it has accepted. */
export interface TokenLedger {
  /** False if `id` was used before; throws when it cannot tell. */
  firstUse(id: string, expiresAt: number): Promise<boolean> | boolean;
}

/**
 * The used-token record of every replica of one subgraph, in Redis: one key
 * per token id, set only if absent and expiring with the token, so a token
 * spent at one replica is refused at every other. Redis cannot be asked, it
 * throws: a token whose first use cannot be proven is not accepted.
 */
export class SharedReplayCache implements TokenLedger {
  constructor(
    private readonly store: Pick<SharedStore, 'client' | 'keyPrefix'>,
    private readonly subgraph: string,
  ) {}

  async firstUse(id: string, expiresAt: number): Promise<boolean> {
    // Kept a second past expiry, as the in-memory cache keeps whole seconds: verification allows no clock skew.
    const answer = await this.store.client.set(
      `${this.store.keyPrefix}replay:${this.subgraph}:${id}`,
      '1',
      'EXAT',
      Math.ceil(expiresAt) + 1,
      'NX',
    );
    return answer === 'OK';
  }
}

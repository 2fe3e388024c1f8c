export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive failed fetches that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one fetch may probe the subgraph. */
  resetMs: number;
}

export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

/**
 * A circuit breaker for one subgraph. Closed, fetches go out and consecutive
 * failures are counted; at the threshold it opens, and for `resetMs` every
 * fetch is answered at once without touching the subgraph, so a dead or hung
 * partner costs callers nothing but its own fields and holds no sockets.
 * Then it is half-open: the next fetch is let through as a probe while the
 * others still fail fast; the probe's success closes the circuit, its
 * failure opens it again for another `resetMs`.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly settings: BreakerSettings,
    /** Told of every change of state, to log it. */
    private readonly onChange: (to: BreakerState, from: BreakerState, consecutiveFailures: number) => void = () =>
      undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.settings.resetMs) this.move('half-open');
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a fetch may go out now; a probe must be settled with `succeeded`, `failed` or `abandoned`. */
  admit(): Admission {
    switch (this.state) {
      case 'closed':
        return { allowed: true, probe: false };
      case 'open':
        return { allowed: false, retryInMs: this.openedAt + this.settings.resetMs - this.now() };
      case 'half-open':
        if (this.probing) return { allowed: false, retryInMs: 0 };
        this.probing = true;
        return { allowed: true, probe: true };
    }
  }

  succeeded(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.move('closed');
  }

  failed(): void {
    this.failures += 1;
    this.probing = false;
    if (
      this.current === 'half-open' ||
      (this.current === 'closed' && this.failures >= this.settings.failureThreshold)
    ) {
      this.openedAt = this.now();
      this.move('open');
    }
  }

  /** The fetch ended without a verdict (its caller went away): a probe slot is freed for the next fetch. */
  abandoned(probe: boolean): void {
    if (probe) this.probing = false;
  }

  private move(to: BreakerState): void {
    const from = this.current;
    this.current = to;
    this.onChange(to, from, this.failures);
  }
}

export interface RetryBudgetSettings {
  /** Retries allowed as a share of fetches in the window, e.g. 0.2: retries add at most 20 % load. */
  ratio: number;
  /** Retries allowed per second whatever the traffic, so a quiet gateway can still retry. */
  minPerSecond: number;
  /** The window both are counted over. */
  windowMs: number;
}

/**
 * A retry budget for one subgraph, as Finagle and Envoy keep them: retries
 * may add only a bounded share to the fetches a subgraph receives. Retrying
 * every failure would double or triple the load on a partner that is failing
 * because it is overloaded; this keeps retries for the occasional dropped
 * connection and stops them when failures are the rule.
 */
export class RetryBudget {
  private readonly slots: { second: number; fetches: number; retries: number }[];

  constructor(
    private readonly settings: RetryBudgetSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.slots = Array.from({ length: Math.max(1, Math.ceil(settings.windowMs / 1000)) }, () => ({
      second: -1,
      fetches: 0,
      retries: 0,
    }));
  }

  /** Counts a fetch (not a retry) toward the budget. */
  recordFetch(): void {
    this.slot().fetches += 1;
  }

  /** Takes one retry from the budget, or says there is none left. */
  tryRetry(): boolean {
    const second = Math.floor(this.now() / 1000);
    let fetches = 0;
    let retries = 0;
    for (const slot of this.slots) {
      if (second - slot.second < this.slots.length) {
        fetches += slot.fetches;
        retries += slot.retries;
      }
    }
    const allowed = this.settings.minPerSecond * this.slots.length + this.settings.ratio * fetches;
    if (retries + 1 > allowed) return false;
    this.slot().retries += 1;
    return true;
  }

  private slot() {
    const second = Math.floor(this.now() / 1000);
    const slot = this.slots[second % this.slots.length];
    if (slot.second !== second) {
      slot.second = second;
      slot.fetches = 0;
      slot.retries = 0;
    }
    return slot;
  }
}

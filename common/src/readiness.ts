/**
 * What a readiness check found: nothing (ready), or details worth showing
 * beside its name. A check that is not ready throws, saying why.
 */
export type ReadinessCheck = () => Promise<Record<string, unknown> | void>;

/**
 * Thrown by a check with a reason safe to show anyone who can reach `/ready`. Any other error is shown only as
 * "unavailable" (a driver's message may name internal hosts) and its message goes to the log.
 */
export class NotReady extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotReady';
  }
}

/** One check's verdict, as `/ready` shows it. */
export type CheckVerdict = { ready: true; [detail: string]: unknown } | { ready: false; reason: string };

export interface ReadinessReport {
  ready: boolean;
  /** Every check by name. */
  checks: Record<string, CheckVerdict>;
  /** The names of the checks that failed, for the 503's body and the log. */
  failing: string[];
  /** Each failed check's own error message, for the log only. */
  errors: Record<string, string>;
}

/**
 * Whether a service can serve now, as a list of named checks a service
 * registers (the database, its migrations, the supergraph; later a Redis
 * connection), all run on every `/ready`. Each is bounded by `timeoutMs`: a
 * probe that hangs on a hung dependency says so instead of hanging itself.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(private readonly timeoutMs = 2_000) {}

  /** Registers a check under a name that says what it needs, e.g. `database`, `migrations`, `redis`. */
  add(name: string, check: ReadinessCheck): this {
    if (this.checks.has(name)) throw new Error(`a readiness check named ${name} is registered already`);
    this.checks.set(name, check);
    return this;
  }

  get names(): string[] {
    return [...this.checks.keys()];
  }

  async evaluate(): Promise<ReadinessReport> {
    const errors: Record<string, string> = {};
    const verdicts = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckVerdict]> => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new NotReady(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        });
        try {
          const details = await Promise.race([check(), timedOut]);
          return [name, { ...(details ?? {}), ready: true }];
        } catch (error) {
          errors[name] = error instanceof Error ? error.message : String(error);
          return [name, { ready: false, reason: error instanceof NotReady ? error.message : 'unavailable' }];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const failing = verdicts.filter(([, verdict]) => !verdict.ready).map(([name]) => name);
    return { ready: failing.length === 0, checks: Object.fromEntries(verdicts), failing, errors };
  }
}

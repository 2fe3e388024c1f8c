/** The load generator: autocannon in this process, and the caller tokens it sends. */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { importJWK, SignJWT, type JWK, type KeyLike } from 'jose';
import {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  ensureDevelopmentKeys,
  type Role,
} from '@samverkan/common';

/**
 * Tokens of the development identity provider, each for a different caller,
 * so that no work can be shared between requests. They are signed between
 * runs, never while one is measured, so signing costs the load generator
 * nothing it reports.
 */
export class CallerTokens {
  private readonly fresh: string[] = [];
  private readonly issued: string[] = [];
  private serial = 0;
  /** Requests that had to reuse a token because the fresh ones ran out; reported, since they are not unique. */
  reused = 0;

  private constructor(
    private readonly key: KeyLike | Uint8Array,
    private readonly kid: string | undefined,
  ) {}

  static async create(): Promise<CallerTokens> {
    const files = ensureDevelopmentKeys(process.env.DEV_KEYS_DIR ?? defaultDevelopmentKeyDir);
    const privateKey = JSON.parse(readFileSync(files.callerPrivateKey, 'utf8')) as JWK;
    return new CallerTokens(await importJWK(privateKey, 'EdDSA'), privateKey.kid);
  }

  sign(subject: string, organisation: string, roles: Role[]): Promise<string> {
    return new SignJWT({ org: organisation, roles })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid })
      .setIssuer(developmentIssuer)
      .setAudience(developmentAudience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('4h')
      .sign(this.key);
  }

  /** Signs until `count` unused tokens are at hand. */
  async topUp(count: number): Promise<void> {
    const organisations = ['polisen', 'arbetsformedlingen', 'forsakringskassan', '0180', '1280', '1480'];
    while (this.fresh.length < count) {
      const batch = Array.from({ length: Math.min(1_000, count - this.fresh.length) }, () => {
        const i = this.serial++;
        return this.sign(`bench-caller-${i}`, organisations[i % organisations.length], ['partner']);
      });
      this.fresh.push(...(await Promise.all(batch)));
    }
  }

  next(): string {
    const token = this.fresh.pop();
    if (token !== undefined) {
      this.issued.push(token);
      return token;
    }
    this.reused += 1;
    return this.issued[this.reused % this.issued.length];
  }
}

export interface LoadResult {
  /** Completed requests over the time from the start to the last answer. */
  rps: number;
  p50: number;
  p99: number;
  /** Completed. */
  requests: number;
  /** Sent: more than completed when a run ends by the clock and cuts requests off. */
  sent: number;
  errors: number;
  timeouts: number;
  /** Responses whose `cache-status` header says `hit`. */
  cacheHits: number;
}

export interface Load {
  url: string;
  body: string;
  connections: number;
  /**
   * How long the run lasts; or, with `amount`, that many requests spread
   * evenly over the connections, each answered before the run ends: none is
   * cut off half done, so the work counted over the run is that of whole
   * requests.
   */
  length: { seconds: number } | { amount: number };
  /** 0: wait as long as it takes. */
  timeoutSeconds: number;
  /** The caller token for the next request; anonymous without. */
  token?: () => string;
}

export async function drive(load: Load): Promise<LoadResult> {
  let cacheHits = 0;
  let lastAnswerAt = 0;
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    ...('amount' in load.length ? { amount: load.length.amount } : { duration: load.length.seconds }),
    ...(load.timeoutSeconds > 0 ? { timeout: load.timeoutSeconds } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: load.body,
        ...(load.token
          ? {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${load.token!()}` },
              }),
            }
          : {}),
        onResponse: (_status, _body, _context, headers) => {
          lastAnswerAt = Date.now();
          const status = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'cache-status')?.[1];
          if (status !== undefined && /\bhit\b/i.test(String(status))) cacheHits += 1;
        },
      },
    ],
  });
  // Not autocannon's mean of whole seconds: a run of `amount` ends at the first tick after its last answer.
  const activeSeconds = (lastAnswerAt - result.start.getTime()) / 1000;
  return {
    rps: activeSeconds > 0 ? result.requests.total / activeSeconds : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    sent: result.requests.sent,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    cacheHits,
  };
}

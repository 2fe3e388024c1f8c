import type { Caller, Logger } from '@samverkan/common';
import type { Express, Request, Response } from 'express';
import type { BreakerState } from './fetch/circuit-breaker';
import type { SubgraphChannel, SubgraphFetchStats } from './fetch/subgraph-channel';
import type { PublishedVersion } from '../../schema/supergraph-history';
import type { RequestMerging } from './request-merging';
import type { ResponseCache } from './response-cache';
import type { RefusedSupergraph, SupergraphFile } from './supergraph';

/** What the last poll of a subgraph's `/health` found. */
export interface SubgraphHealth {
  status: 'up' | 'down' | 'unknown';
  checkedAt?: string;
  latencyMs?: number;
  /** Why it is down: an HTTP status, `timeout` or `unreachable`. */
  reason?: string;
}

export interface SubgraphStatus extends SubgraphFetchStats {
  name: string;
  breaker: BreakerState;
  health: SubgraphHealth;
  timeoutMs: number;
  connections: { open: number; busy: number; queued: number };
}

export interface GatewayStatus {
  /** `degraded` while any subgraph is down or its circuit is not closed. */
  status: 'ok' | 'degraded';
  startedAt: string;
  supergraph: {
    hash: string;
    loadedAt: string;
    /** The last version refused since the served one was loaded: its subgraph did not answer, or it did not load. */
    refused?: RefusedSupergraph;
    /** The versions `npm run subgraph:publish` recorded, newest first. */
    history: PublishedVersion[];
  };
  subgraphs: SubgraphStatus[];
  /** The cache of answers that are the same for every caller. */
  responseCache: {
    enabled: boolean;
    /** Where answers are kept: this instance's memory, or Redis shared by every instance. */
    store: 'memory' | 'redis';
    /** Answers held; null where Redis holds them. */
    entries: number | null;
    hits: number;
    misses: number;
    stored: number;
    purges: number;
    /** Requests answered afresh because the shared store could not be asked. */
    unavailable: number;
  };
  /** Identical public queries of one caller in flight at once, executed once. */
  requestMerging: {
    enabled: boolean;
    /** Requests answered with the answer of an identical one in flight. */
    merged: number;
  };
  /** The shared Redis of rate limits and cached answers, when `REDIS_URL` is set. */
  sharedState?: { redis: 'connected' | 'unavailable'; rateLimitsOnFailure: 'open' | 'closed' };
}

/**
 * Polls every subgraph's `/health` on its own timer, apart from the fetch
 * pools, so `/status` shows a partner as down or hung even while no caller
 * asks for its data, and even while its pool is full.
 */
export class SubgraphHealthMonitor {
  private readonly health = new Map<string, SubgraphHealth>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly channels: () => Iterable<SubgraphChannel>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), this.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  of(name: string): SubgraphHealth {
    return this.health.get(name) ?? { status: 'unknown' };
  }

  async pollAll(): Promise<void> {
    await Promise.all([...this.channels()].map((channel) => this.poll(channel)));
  }

  private async poll(channel: SubgraphChannel): Promise<void> {
    const started = performance.now();
    const timeoutMs = Math.min(channel.timeoutMs, 2_000);
    let found: SubgraphHealth;
    try {
      const response = await fetch(new URL('/health', channel.url), { signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      found = response.ok ? { status: 'up' } : { status: 'down', reason: `HTTP ${response.status}` };
    } catch (error) {
      found = { status: 'down', reason: (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
    found.checkedAt = new Date().toISOString();
    found.latencyMs = Math.round(performance.now() - started);
    const before = this.health.get(channel.name)?.status;
    if (before !== undefined && before !== found.status) {
      const log = found.status === 'up' ? this.logger.info : this.logger.warn;
      log(`subgraph health: ${found.status}`, { subgraph: channel.name, reason: found.reason });
    }
    this.health.set(channel.name, found);
  }
}

export function gatewayStatus(
  channels: Iterable<SubgraphChannel>,
  monitor: SubgraphHealthMonitor,
  supergraph: Pick<SupergraphFile, 'version' | 'lastRefused' | 'history'>,
  startedAt: string,
  responseCache: ResponseCache,
  requestMerging: RequestMerging,
  sharedState?: GatewayStatus['sharedState'],
): GatewayStatus {
  const subgraphs = [...channels].map((channel): SubgraphStatus => {
    const pool = channel.pool.stats;
    return {
      name: channel.name,
      breaker: channel.breakerState,
      health: monitor.of(channel.name),
      timeoutMs: channel.timeoutMs,
      connections: { open: pool.connected, busy: pool.running, queued: pool.pending },
      ...structuredClone(channel.stats),
    };
  });
  const degraded = subgraphs.some((s) => s.breaker !== 'closed' || s.health.status === 'down');
  return {
    status: degraded ? 'degraded' : 'ok',
    startedAt,
    supergraph: {
      hash: supergraph.version.hash,
      loadedAt: supergraph.version.loadedAt,
      ...(supergraph.lastRefused ? { refused: supergraph.lastRefused } : {}),
      history: supergraph.history(),
    },
    subgraphs,
    responseCache: {
      enabled: responseCache.settings.enabled,
      store: responseCache.shared ? 'redis' : 'memory',
      entries: responseCache.size ?? null,
      ...responseCache.stats,
    },
    requestMerging: { enabled: requestMerging.enabled, ...requestMerging.stats },
    ...(sharedState ? { sharedState } : {}),
  };
}

const escapeHtml = (value: unknown) =>
  String(value ?? '–').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function renderSupergraph(supergraph: GatewayStatus['supergraph']): string {
  const refused = supergraph.refused
    ? `<p class="bad">Refused version <code>${escapeHtml(supergraph.refused.hash.slice(0, 16))}</code> at ${escapeHtml(
        supergraph.refused.refusedAt,
      )}: ${escapeHtml(supergraph.refused.reason)}</p>`
    : '';
  if (supergraph.history.length === 0) return `${refused}<p>No published versions recorded.</p>`;
  const rows = supergraph.history
    .map(
      (
        v,
      ) => `<tr${v.hash === supergraph.hash ? ' class="ok"' : ''}><td><code>${escapeHtml(v.hash.slice(0, 16))}</code>${
        v.hash === supergraph.hash ? ' (served)' : ''
      }</td><td>${escapeHtml(v.publishedAt)}</td><td>${escapeHtml(v.subgraph)} ${escapeHtml(v.change)}</td>
<td>${escapeHtml(v.changes.safe)} safe, ${escapeHtml(v.changes.dangerous)} dangerous, ${escapeHtml(v.changes.breaking)} breaking</td></tr>`,
    )
    .join('\n');
  return `${refused}<h2>Published versions</h2>
<table><thead><tr><th>Version</th><th>Published</th><th>Subgraph</th><th>API changes</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/** The status as a small page that refreshes itself; no script, no outside resource. */
export function renderStatusPage(status: GatewayStatus): string {
  const rows = status.subgraphs
    .map((s) => {
      const failures = Object.entries(s.failures)
        .filter(([, n]) => n > 0)
        .map(([code, n]) => `${code.replace('SUBGRAPH_', '').toLowerCase()} ${n}`)
        .join(', ');
      return `<tr class="${s.breaker === 'closed' && s.health.status !== 'down' ? 'ok' : 'bad'}">
<td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.health.status)}${s.health.reason ? ` (${escapeHtml(s.health.reason)})` : ''}</td>
<td>${escapeHtml(s.breaker)}</td><td>${escapeHtml(s.lastLatencyMs)} ms</td><td>${escapeHtml(s.fetches)}</td>
<td>${escapeHtml(failures || 'none')}</td><td>${escapeHtml(s.refusedByBreaker)}</td>
<td>${escapeHtml(s.connections.open)} open, ${escapeHtml(s.connections.queued)} queued</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>Samverkan gateway: ${escapeHtml(status.status)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .7rem;border-bottom:1px solid #ccc;text-align:left}
tr.bad{background:#fde2e2}tr.ok{background:#e5f6e5}code{font-size:.85em}</style></head>
<body><h1>Gateway status: ${escapeHtml(status.status)}</h1>
<p>Supergraph <code>${escapeHtml(status.supergraph.hash.slice(0, 16))}</code>, loaded ${escapeHtml(status.supergraph.loadedAt)}; gateway up since ${escapeHtml(status.startedAt)}.</p>
<table><thead><tr><th>Subgraph</th><th>Health</th><th>Circuit</th><th>Last latency</th><th>Fetches</th><th>Failures</th><th>Refused by circuit</th><th>Connections</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${renderSupergraph(status.supergraph)}
<p>As JSON: <code>curl -H 'accept: application/json' …/status</code>. Refreshes every 10 s.</p>
</body></html>`;
}

/**
 * `GET /status`: JSON, or the HTML page for a browser that asks for it.
 * Public, or for callers with the admin role only (STATUS_PUBLIC=off, the
 * production default): it shows which partners are failing.
 */
export function mountStatus(
  app: Express,
  options: {
    public: boolean;
    verifyCaller: (authorization?: string) => Promise<Caller>;
    status: () => GatewayStatus;
  },
): void {
  app.get('/status', async (request: Request, response: Response) => {
    if (!options.public) {
      let caller: Caller;
      try {
        caller = await options.verifyCaller(request.headers.authorization);
      } catch {
        response
          .status(401)
          .json({ errors: [{ message: 'The token does not verify.', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      if (!caller.roles.includes('admin')) {
        response.status(caller.anonymous ? 401 : 403).json({
          errors: [
            {
              message: 'The status page is for administrators: send a token with the admin role.',
              extensions: { code: caller.anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
            },
          ],
        });
        return;
      }
    }
    const status = options.status();
    response.setHeader('cache-control', 'no-store');
    if (request.accepts(['application/json', 'text/html']) === 'text/html') {
      response.type('html').send(renderStatusPage(status));
    } else {
      response.json(status);
    }
  });
}

import { readFile, stat } from 'node:fs/promises';
import type { SupergraphSdlHook, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger } from '@samverkan/common';
import { readHistory, supergraphHash, type PublishedVersion } from '../../schema/supergraph-history';

/** Which supergraph the gateway serves, for `/status` and the logs. */
export interface SupergraphVersion {
  file: string;
  /** SHA-256 of the file, hex. */
  hash: string;
  loadedAt: string;
}

/** A supergraph file the gateway would not serve, and why. */
export interface RefusedSupergraph {
  hash: string;
  refusedAt: string;
  reason: string;
}

export interface SupergraphReload {
  changed: boolean;
  version: SupergraphVersion;
}

/** A subgraph as a supergraph routes to it. */
export interface RoutedSubgraph {
  name: string;
  url: string;
}

/**
 * Asks a subgraph the new supergraph adds (or moves) whether it answers, as
 * the gateway would ask it; throws with the reason when it does not.
 */
export type SubgraphProbe = (subgraph: RoutedSubgraph) => Promise<void>;

export interface SupergraphFileOptions {
  /** How often the file is looked at for a new version; 0 only on `reload()` (SIGHUP). */
  pollIntervalMs: number;
  /** Run on every subgraph that is new or has a new URL before a new version is served. */
  probe?: SubgraphProbe;
}

/** The subgraphs a supergraph routes to: its `join__Graph` values with their URLs. */
export function routedSubgraphs(supergraphSdl: string): RoutedSubgraph[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)].map((m) => ({
    name: m[1],
    url: m[2],
  }));
}

/** A refused version is tried again after this long: a new subgraph may just not have been up yet. */
const retryRefusedAfterMs = 15_000;

/**
 * The supergraph file, read at start and read again whenever it changes
 * (polled) or on `reload()` (SIGHUP): a new version replaces the served
 * schema without a restart, and requests in flight finish on the one they
 * started with. A version is served only if every subgraph it adds or moves
 * answers a probe and `@apollo/gateway` loads it; otherwise the gateway keeps
 * the last good one, logs why and shows it on `/status`. The gateway never
 * introspects subgraphs.
 */
export class SupergraphFile {
  private update?: SupergraphSdlUpdateFunction;
  private served?: SupergraphVersion;
  private sdl?: string;
  private refused?: RefusedSupergraph;
  private timer?: NodeJS.Timeout;
  private lastSeen?: string;
  /** Reloads run one after another: `@apollo/gateway` refuses an update while one is under way. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    private readonly options: SupergraphFileOptions = { pollIntervalMs: 0 },
  ) {}

  /** For `new ApolloGateway({ supergraphSdl })`: the first load, and the handle later versions update through. */
  readonly hook: SupergraphSdlHook = async ({ update }) => {
    this.update = update;
    const sdl = await readFile(this.file, 'utf8');
    this.accept(sdl);
    this.lastSeen = await this.fingerprint();
    if (this.options.pollIntervalMs > 0) {
      this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs).unref();
    }
    return { supergraphSdl: sdl, cleanup: async () => clearInterval(this.timer) };
  };

  get version(): SupergraphVersion {
    if (!this.served) throw new Error('the supergraph has not been loaded yet');
    return this.served;
  }

  /** The last version that was refused, while no later one has been served. */
  get lastRefused(): RefusedSupergraph | undefined {
    return this.refused;
  }

  /** The published versions recorded beside the file, newest first; empty when none were. */
  history(limit = 20): PublishedVersion[] {
    try {
      return readHistory(this.file).slice(-limit).reverse();
    } catch (error) {
      this.logger.warn('the supergraph history does not parse', { file: this.file, error: (error as Error).message });
      return [];
    }
  }

  reload(): Promise<SupergraphReload> {
    const next = this.queue.then(() => this.reloadNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<SupergraphReload> {
    if (!this.update || !this.sdl) throw new Error('the supergraph has not been loaded yet');
    const sdl = await readFile(this.file, 'utf8');
    if (sdl === this.sdl) {
      this.refused = undefined;
      return { changed: false, version: this.version };
    }
    const hash = supergraphHash(sdl);
    try {
      const before = new Map(routedSubgraphs(this.sdl).map((s) => [s.name, s.url]));
      const joining = routedSubgraphs(sdl).filter((s) => before.get(s.name) !== s.url);
      if (this.options.probe) {
        await Promise.all(
          joining.map((subgraph) =>
            this.options.probe!(subgraph).catch((error: unknown) => {
              throw new Error(`subgraph ${subgraph.name} failed its health check: ${(error as Error).message}`);
            }),
          ),
        );
      }
      // The gateway builds and checks the new supergraph before it swaps; on a throw it keeps serving the old one.
      this.update(sdl);
    } catch (error) {
      const reason = (error as Error).message.slice(0, 1_000);
      this.refused = { hash, refusedAt: new Date().toISOString(), reason };
      throw new Error(reason);
    }
    const previous = this.version.hash;
    this.accept(sdl);
    this.logger.info('supergraph reloaded', { file: this.file, from: previous, to: this.version.hash });
    return { changed: true, version: this.version };
  }

  private async fingerprint(): Promise<string | undefined> {
    try {
      const { mtimeMs, size, ino } = await stat(this.file);
      return `${mtimeMs}:${size}:${ino}`;
    } catch {
      return undefined;
    }
  }

  /** Cheap when nothing changed: a `stat`, no read. */
  private async poll(): Promise<void> {
    const seen = await this.fingerprint();
    const retry = this.refused !== undefined && Date.now() - Date.parse(this.refused.refusedAt) >= retryRefusedAfterMs;
    if (seen === undefined || (seen === this.lastSeen && !retry)) return;
    this.lastSeen = seen;
    try {
      await this.reload();
    } catch (error) {
      this.logger.error('the new supergraph was refused; the previous one is still served', {
        file: this.file,
        error: (error as Error).message,
      });
    }
  }

  private accept(sdl: string): void {
    this.sdl = sdl;
    this.refused = undefined;
    this.served = { file: this.file, hash: supergraphHash(sdl), loadedAt: new Date().toISOString() };
  }
}

/** SIGHUP reloads the supergraph file, as daemons reload their configuration, instead of ending the process. */
export function reloadSupergraphOnHangup(
  gateway: { reloadSupergraph(): Promise<SupergraphReload> },
  logger: Logger,
): void {
  process.on('SIGHUP', () => {
    gateway.reloadSupergraph().then(
      ({ changed, version }) =>
        logger.info(changed ? 'SIGHUP: supergraph reloaded' : 'SIGHUP: supergraph unchanged', { hash: version.hash }),
      (error: unknown) =>
        logger.error('SIGHUP: the supergraph file was refused; the previous supergraph is still served', {
          error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        }),
    );
  });
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger } from '@samverkan/common';

/** Which supergraph the gateway serves, for `/status` and the logs. */
export interface SupergraphVersion {
  file: string;
  /** SHA-256 of the file, hex. */
  hash: string;
  loadedAt: string;
}

export interface SupergraphReload {
  changed: boolean;
  version: SupergraphVersion;
}

/**
 * The supergraph file, read at start and read again on `reload()` (SIGHUP):
 * a changed file replaces the served schema without a restart or a dropped
 * request; a file the gateway cannot load is refused and the served schema
 * stays. The gateway never introspects subgraphs.
 */
export class SupergraphFile {
  private update?: SupergraphSdlUpdateFunction;
  private served?: SupergraphVersion;
  private sdl?: string;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** For `new ApolloGateway({ supergraphSdl })`: the first load, and the handle reloads update through. */
  readonly hook: SupergraphSdlHook = async ({ update }) => {
    this.update = update;
    const sdl = await readFile(this.file, 'utf8');
    this.accept(sdl);
    return { supergraphSdl: sdl };
  };

  get version(): SupergraphVersion {
    if (!this.served) throw new Error('the supergraph has not been loaded yet');
    return this.served;
  }

  async reload(): Promise<SupergraphReload> {
    if (!this.update || !this.sdl) throw new Error('the supergraph has not been loaded yet');
    const sdl = await readFile(this.file, 'utf8');
    if (sdl === this.sdl) return { changed: false, version: this.version };
    // The gateway checks the new supergraph before it swaps; on a throw it keeps serving the old one.
    this.update(sdl);
    const previous = this.version.hash;
    this.accept(sdl);
    this.logger.info('supergraph reloaded', { file: this.file, from: previous, to: this.version.hash });
    return { changed: true, version: this.version };
  }

  private accept(sdl: string): void {
    this.sdl = sdl;
    this.served = {
      file: this.file,
      hash: createHash('sha256').update(sdl).digest('hex'),
      loadedAt: new Date().toISOString(),
    };
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

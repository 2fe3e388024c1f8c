import { runExitHooks } from '../exit-hooks';
import type { Logger } from '../logger';

/**
 * Stops the given services on SIGINT or SIGTERM (Ctrl-C, `docker stop`) and
 * exits once they have drained and the exit hooks (the last spans) have run.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal });
    stop().then(
      () => runExitHooks().then(() => process.exit(0)),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

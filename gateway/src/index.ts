import { createLogger, stopOnSignals } from '@samverkan/common';
import { startGateway } from './server';

const logger = createLogger('gateway');
startGateway().then(
  (gateway) => {
    logger.info('playground', { url: gateway.playgroundUrl });
    stopOnSignals(gateway.stop, logger);
  },
  (error: unknown) => {
    logger.error('start failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);

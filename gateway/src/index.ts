import './telemetry';
import { createLogger, stopOnSignals } from '@samverkan/common';
import { startGateway } from './server';
import { reloadSupergraphOnHangup } from './supergraph';

const logger = createLogger('gateway');
startGateway().then(
  (gateway) => {
    logger.info('playground', { url: gateway.playgroundUrl });
    stopOnSignals(gateway.stop, logger);
    reloadSupergraphOnHangup(gateway, logger);
  },
  (error: unknown) => {
    logger.error('start failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);

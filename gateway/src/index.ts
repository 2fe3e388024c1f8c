import './telemetry';
import { createLogger, prepareDevelopmentKeys, stopOnSignals } from '@samverkan/common';
import { startGateway } from './server';
import { reloadSupergraphOnHangup } from './supergraph';

const logger = createLogger('gateway');
prepareDevelopmentKeys();
const started = startGateway();
// Owned from the first moment: a SIGTERM while the gateway starts (a quick rollout) drains it once it is up,
// rather than killing it mid-start with Node's default handling.
stopOnSignals(async () => (await started).stop(), logger);
started.then(
  (gateway) => {
    logger.info('playground', { url: gateway.playgroundUrl });
    reloadSupergraphOnHangup(gateway, logger);
  },
  (error: unknown) => {
    logger.error('start failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);

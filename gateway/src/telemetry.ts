// Imported first by index.ts: the instrumentations patch http and graphql as they load (see common/src/telemetry.ts).
import { startTelemetry } from '../../common/src/telemetry';

// The public's requests arrive here: every trace starts at the gateway, whatever `traceparent` a caller sends.
startTelemetry('gateway', { acceptTraceparent: false });

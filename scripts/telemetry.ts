// Imported first by start.ts (see common/src/telemetry.ts). All six services share this process, and so one
// service name (OTEL_SERVICE_NAME to change it); each span still says which port it served. The subgraphs take
// the gateway's traceparent through the process's one propagator, so here the gateway takes a caller's too.
import { startTelemetry } from '../common/src/telemetry';

startTelemetry('samverkan');

// Imported first by index.ts: the instrumentations patch http, graphql and pg as they load (see common/src/telemetry.ts).
import { startTelemetry } from '../../../common/src/telemetry';

startTelemetry('subgraph-forsakringskassan');

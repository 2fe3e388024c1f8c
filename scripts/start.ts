/**
 * `npm start`: the whole system in one process for local use. The five
 * subgraphs on ports 4001–4005 and the gateway on 4000 (each overridable,
 * see README), on an embedded PostgreSQL kept in `.data/pglite/` unless
 * `DATABASE_URL` points to a server. The first start migrates and seeds.
 * `npm start` runs it compiled (dist/scripts/start.js); `npm run dev` runs
 * this source under tsx.
 */
// First: the instrumentations patch http, graphql and pg as they load (see common/src/telemetry.ts).
import './telemetry';
import 'reflect-metadata';
import {
  createLogger,
  prepareDevelopmentKeys,
  readSubgraphConfig,
  startSubgraph,
  stopOnSignals,
  type RunningSubgraph,
} from '@samverkan/common';
import { readGatewayConfig } from '../gateway/src/config';
import { startGateway } from '../gateway/src/server';
import { reloadSupergraphOnHangup } from '../gateway/src/supergraph';
import { subgraphDefinitions } from '../subgraphs/registry';

async function main() {
  const logger = createLogger('start');
  const started = Date.now();
  const subgraphs: RunningSubgraph[] = [];
  const stopAll = async () => {
    await Promise.allSettled(subgraphs.map((s) => s.stop()));
  };
  try {
    prepareDevelopmentKeys();
    const gatewayConfig = readGatewayConfig();
    // One process, six listeners: with METRICS_PORT the gateway's metrics are there, each subgraph's on the ports
    // after it, in the order of the registry (0 stays 0: a free port each).
    const metricsPort = (i: number) =>
      gatewayConfig.metricsPort ? gatewayConfig.metricsPort + 1 + i : gatewayConfig.metricsPort;
    const configs = subgraphDefinitions.map((definition, i) => ({
      ...readSubgraphConfig(definition),
      metricsPort: metricsPort(i),
    }));
    logger.info('starting subgraphs', {
      database:
        configs[0].database.kind === 'embedded'
          ? `embedded PostgreSQL (PGlite) in ${configs[0].database.dataDir}/..`
          : 'PostgreSQL server',
    });
    // One at a time: each embedded database takes a core for a few seconds to boot.
    for (const [i, definition] of subgraphDefinitions.entries()) {
      subgraphs.push(await startSubgraph(definition, configs[i]));
    }
    const gateway = await startGateway({
      ...gatewayConfig,
      subgraphUrls: {
        ...Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
        ...gatewayConfig.subgraphUrls,
      },
    });
    stopOnSignals(async () => {
      await gateway.stop();
      await stopAll();
    }, logger);
    reloadSupergraphOnHangup(gateway, logger);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `\nSamverkan GraphQL is up in ${seconds} s.\n` +
        `  Playground: ${gateway.playgroundUrl}\n` +
        `  GraphQL:    ${gateway.url}\n` +
        (gateway.metricsUrl ? `  Metrics:    ${gateway.metricsUrl}\n` : '') +
        subgraphs
          .map((s) => `  subgraph ${s.name.padEnd(19)} ${s.url}${s.metricsUrl ? `  ${s.metricsUrl}` : ''}\n`)
          .join('') +
        `Press Ctrl-C to stop.\n\n`,
    );
  } catch (error) {
    logger.error('start failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await stopAll();
    process.exit(1);
  }
}

void main();

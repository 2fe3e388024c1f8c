import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createLogger, startGraphQLHttpService, type RunningHttpService } from '@samverkan/common';
import { loadRegisteredOperations } from '../../schema/operations';
import { readGatewayConfig, type GatewayConfig } from './config';
import { mountPlayground } from './playground';

export interface RunningGateway extends RunningHttpService {
  /** The playground's address. */
  playgroundUrl: string;
}

/**
 * Starts the gateway: the static supergraph from `schema/`, routed to the
 * configured subgraph URLs, behind Apollo Server, with `/health` and the
 * playground at `/`.
 */
export async function startGateway(config: GatewayConfig = readGatewayConfig()): Promise<RunningGateway> {
  // The gateway would otherwise report usage data to Apollo; it must never call out.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const logger = createLogger('gateway');
  const supergraphSdl = readFileSync(config.supergraphFile, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: config.subgraphUrls[name] ?? url }),
    logger: {
      debug: (message) => logger.debug(String(message)),
      info: (message) => logger.info(String(message)),
      warn: (message) => logger.warn(String(message)),
      error: (message) => logger.error(String(message)),
    },
  });
  const operations = loadRegisteredOperations();
  const service = await startGraphQLHttpService({
    name: 'gateway',
    port: config.port,
    host: config.host,
    logger,
    createApolloServer: (plugins) => new ApolloServer({ gateway, plugins, stopOnTerminationSignals: false }),
    context: async () => ({}),
    // Liveness only: a subgraph being down shows as errors on the fields it owns, not as a dead gateway.
    health: async () => ({}),
    routes: config.playground ? (app) => mountPlayground(app, operations) : undefined,
  });
  return { ...service, playgroundUrl: service.url.replace(/\/graphql$/, '/') };
}

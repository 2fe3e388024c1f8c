import { startSubgraph, type RunningSubgraph } from '@samverkan/common';
import { startGateway, type RunningGateway } from '../../gateway/src/server';
import { defaultSupergraphFile } from '../../gateway/src/config';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { freshTestDatabase } from './database';
import { testCallerTokens, testKeys } from './identity';

export interface RunningSupergraph {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  stop(): Promise<void>;
}

/**
 * Starts the five subgraphs and the gateway as real HTTP servers on free
 * ports, each subgraph on its own fresh database, the gateway on the
 * committed supergraph.
 */
export async function startSupergraph(databasePrefix: string): Promise<RunningSupergraph> {
  const subgraphs: RunningSubgraph[] = [];
  try {
    for (const definition of subgraphDefinitions) {
      subgraphs.push(
        await startSubgraph(definition, {
          port: 0,
          host: '127.0.0.1',
          database: await freshTestDatabase(definition.name, databasePrefix),
          syntheticSeed: 'samverkan-lua-2008',
          gatewayPublicKey: testKeys.gateway.publicKey,
        }),
      );
    }
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphFile: defaultSupergraphFile,
      playground: true,
      subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
      callerTokens: testCallerTokens,
      signingKey: testKeys.gateway.privateKey,
    });
    return {
      gateway,
      subgraphs: Object.fromEntries(subgraphs.map((s) => [s.name, s])),
      async stop() {
        await gateway.stop();
        await Promise.all(subgraphs.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(subgraphs.map((s) => s.stop()));
    throw error;
  }
}

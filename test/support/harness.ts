import { ensureDevelopmentKeys, startSubgraph, type RunningSubgraph, type SubgraphConfig } from '@samverkan/common';
import { startGateway, type RunningGateway } from '../../gateway/src/server';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGatewayConfig, type GatewayConfig } from '../../gateway/src/config';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { testAudience, testCallerTokens, testIssuer, testKeys } from './identity';
import { testSubgraphConfig } from './subgraph';

export interface RunningSupergraph {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** The settings the first gateway runs with, for others to vary. */
  gatewayConfig: GatewayConfig;
  /** Where each subgraph listens, by name. */
  subgraphUrls: Record<string, string>;
  /** Another gateway over the same subgraphs with other settings; stopped with the rest. */
  startGateway(overrides: Partial<GatewayConfig>): Promise<RunningGateway>;
  stop(): Promise<void>;
}

/**
 * Starts the five subgraphs and the gateway as real HTTP servers on free
 * ports, each subgraph on its own fresh database, the gateway on the
 * committed supergraph.
 */
export async function startSupergraph(
  databasePrefix: string,
  /** Gateway settings over the development defaults, e.g. production mode's. */
  gatewayOverrides: Partial<GatewayConfig> = {},
  /** Settings of every subgraph over the test defaults, e.g. a metrics port. */
  subgraphOverrides: Partial<SubgraphConfig> = {},
): Promise<RunningSupergraph> {
  const subgraphs: RunningSubgraph[] = [];
  // Chosen before the subgraphs start, so that the agreements subgraph knows where to ask the supergraph.
  const gatewayPort = await freePort();
  try {
    for (const definition of subgraphDefinitions) {
      const config = await testSubgraphConfig(definition, databasePrefix, {
        supergraphUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
        ...subgraphOverrides,
      });
      subgraphs.push(await startSubgraph(definition, config));
    }
    const base: GatewayConfig = {
      ...readGatewayConfig({
        DEV_KEYS_DIR: ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'samverkan-harness-'))).dir,
      }),
      port: 0,
      subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
      callerTokens: testCallerTokens,
      signingKey: testKeys.gateway.privateKey,
      // The dashboard's development sign-in signs as the test identity provider the gateway trusts.
      developmentTokens: { privateKey: testKeys.caller.privateKey, issuer: testIssuer, audience: testAudience },
    };
    const gateways = [await startGateway({ ...base, port: gatewayPort, ...gatewayOverrides })];
    return {
      gateway: gateways[0],
      subgraphs: Object.fromEntries(subgraphs.map((s) => [s.name, s])),
      gatewayConfig: base,
      subgraphUrls: { ...base.subgraphUrls } as Record<string, string>,
      async startGateway(overrides) {
        const extra = await startGateway({ ...base, ...overrides });
        gateways.push(extra);
        return extra;
      },
      async stop() {
        await Promise.all(gateways.map((g) => g.stop()));
        await Promise.all(subgraphs.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(subgraphs.map((s) => s.stop()));
    throw error;
  }
}

/** A port nothing listens on now: the system's pick for a listener on port 0, closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigFile, readSupergraphConfig } from '../../../schema/compose';
import { readGatewayConfig as readConfig, subgraphNames } from '../config';

// Development keys go to a scratch folder, not the repository's .data.
const keysDir = mkdtempSync(join(tmpdir(), 'samverkan-gateway-config-'));
const readGatewayConfig = (env: Record<string, string>) => readConfig({ DEV_KEYS_DIR: keysDir, ...env });

describe('gateway configuration', () => {
  it('defaults to port 4000, the committed supergraph, the playground on and the development identity provider', () => {
    const config = readGatewayConfig({});
    expect(config.callerTokens).toMatchObject({ issuer: 'samverkan-dev', audience: 'samverkan' });
    expect(config.signingKey.kid).toBe('samverkan-dev-gateway');
    expect(config.port).toBe(4000);
    expect(config.supergraphFile).toMatch(/schema[/\\]supergraph\.graphql$/);
    expect(config.playground).toBe(true);
    expect(config.subgraphUrls).toEqual({});
  });

  it('knows every subgraph the composition config names', () => {
    expect([...subgraphNames]).toEqual(Object.keys(readSupergraphConfig(defaultConfigFile).subgraphs));
  });

  it('takes each subgraph URL from <SUBGRAPH>_URL', () => {
    const env = Object.fromEntries(subgraphNames.map((n, i) => [`${n.toUpperCase()}_URL`, `http://h${i}:1/graphql`]));
    expect(readGatewayConfig(env).subgraphUrls).toEqual(
      Object.fromEntries(subgraphNames.map((n, i) => [n, `http://h${i}:1/graphql`])),
    );
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => readGatewayConfig({ POLICE_URL: 'not a url' })).toThrow(/POLICE_URL/);
    expect(() => readGatewayConfig({ GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT/);
    expect(() => readGatewayConfig({ PLAYGROUND: 'yes' })).toThrow(/PLAYGROUND/);
  });
});

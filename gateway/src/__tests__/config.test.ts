import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevelopmentKeys, generateSigningKeyPair } from '@samverkan/common';
import { listSubgraphs } from '../../../schema/subgraph-list';
import { defaultSupergraphFile, readGatewayConfig as readConfig } from '../config';
import { routedSubgraphs } from '../supergraph';

// Development keys go to a scratch folder, not the repository's .data.
const keysDir = ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'samverkan-gateway-config-'))).dir;
const readGatewayConfig = (env: Record<string, string>) => readConfig({ DEV_KEYS_DIR: keysDir, ...env });

/** What production mode requires of the identity settings: key files that are not development keys. */
function productionIdentity(): Record<string, string> {
  const provider = generateSigningKeyPair('config-test-idp');
  const gateway = generateSigningKeyPair('config-test-gateway');
  writeFileSync(join(keysDir, 'idp.jwks.json'), JSON.stringify({ keys: [provider.publicKey] }));
  writeFileSync(join(keysDir, 'gateway.private.json'), JSON.stringify(gateway.privateKey));
  return {
    AUTH_JWKS_FILE: join(keysDir, 'idp.jwks.json'),
    AUTH_ISSUER: 'https://login.example.test',
    AUTH_AUDIENCE: 'samverkan',
    GATEWAY_SIGNING_KEY_FILE: join(keysDir, 'gateway.private.json'),
  };
}

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

  const subgraphNames = routedSubgraphs(readFileSync(defaultSupergraphFile, 'utf8')).map((s) => s.name);

  it('knows every subgraph the composition config names, from the supergraph it serves', () => {
    expect([...subgraphNames].sort()).toEqual(
      listSubgraphs()
        .map((s) => s.name)
        .sort(),
    );
  });

  it('refuses a supergraph file it cannot read, naming the variable', () => {
    expect(() => readGatewayConfig({ SUPERGRAPH_FILE: join(keysDir, 'missing.graphql') })).toThrow(/SUPERGRAPH_FILE/);
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

  it('bounds every subgraph fetch by default, with a timeout of its own for any subgraph', () => {
    const config = readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '3000', POLICE_TIMEOUT_MS: '8000' });
    expect(config.subgraphFetch).toMatchObject({
      timeoutMs: 3_000,
      timeoutMsBySubgraph: { police: 8_000 },
      maxConnections: 64,
      maxRetries: 2,
      breaker: { failureThreshold: 5, resetMs: 10_000 },
    });
    expect(readGatewayConfig({}).subgraphFetch.timeoutMs).toBe(5_000);
    expect(() => readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '0' })).toThrow(/SUBGRAPH_TIMEOUT_MS/);
  });

  it('shows /status to anyone in development and to administrators only in production', () => {
    expect(readGatewayConfig({}).statusPublic).toBe(true);
    const production = { NODE_ENV: 'production', ...productionIdentity() };
    expect(readGatewayConfig(production).statusPublic).toBe(false);
    expect(readGatewayConfig({ ...production, STATUS_PUBLIC: 'on' }).statusPublic).toBe(true);
  });

  it('refuses a cost budget smaller than one allowed operation', () => {
    expect(readGatewayConfig({}).rateLimit.cost).toBe(0);
    expect(readGatewayConfig({ RATE_LIMIT_COST: '100000' }).rateLimit.cost).toBe(100_000);
    expect(() => readGatewayConfig({ RATE_LIMIT_COST: '1000' })).toThrow(
      /RATE_LIMIT_COST must be 0 \(off\) or at least MAX_COST/,
    );
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(() => readGatewayConfig({ HTTP_HEADERS_TIMEOUT_MS: '30000', HTTP_REQUEST_TIMEOUT_MS: '20000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});

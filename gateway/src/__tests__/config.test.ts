import { defaultConfigFile, readSupergraphConfig } from '../../../schema/compose';
import { readGatewayConfig, subgraphNames } from '../config';

describe('gateway configuration', () => {
  it('defaults to port 4000, the committed supergraph and the playground on', () => {
    const config = readGatewayConfig({});
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

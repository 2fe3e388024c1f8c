import { parse, type OperationDefinitionNode } from 'graphql';
import { register as globalRegistry } from 'prom-client';
import { ConfigError } from '../config';
import { BoundedLabel, readMetricsPort, ServiceMetrics } from '../metrics';
import { rootFieldsLabel } from '../subgraph';

const operationOf = (document: string) => parse(document).definitions[0] as OperationDefinitionNode;

describe('METRICS_PORT', () => {
  it('is off when unset or blank, a port otherwise (0 for an ephemeral one), and refuses anything else', () => {
    expect(readMetricsPort({})).toBeUndefined();
    expect(readMetricsPort({ METRICS_PORT: ' ' })).toBeUndefined();
    expect(readMetricsPort({ METRICS_PORT: '9464' })).toBe(9464);
    expect(readMetricsPort({ METRICS_PORT: '0' })).toBe(0);
    expect(() => readMetricsPort({ METRICS_PORT: 'prometheus' })).toThrow(ConfigError);
    expect(() => readMetricsPort({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});

describe('a bounded label', () => {
  it('passes the first values it sees and folds every later new one into one', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((value) => label.of(value))).toEqual([
      'a',
      'b',
      '(other)',
      'a',
      '(other)',
      'b',
    ]);
  });
});

describe("a subgraph's operation label", () => {
  it('names the root fields a request asks, entity fetches as `entities`, whatever the operation is called', () => {
    const labels = new BoundedLabel(10);
    expect(rootFieldsLabel(operationOf('query Fetch_1 { counties { code } }'), labels)).toBe('counties');
    expect(
      rootFieldsLabel(operationOf('query X($r: [_Any!]!) { _entities(representations: $r) { __typename } }'), labels),
    ).toBe('entities');
    expect(
      rootFieldsLabel(operationOf('{ municipality(code: "0180") { code } counties { code } __typename }'), labels),
    ).toBe('counties,municipality');
    expect(rootFieldsLabel(operationOf('mutation M { createAgreement { id } }'), labels)).toBe(
      'mutation createAgreement',
    );
    expect(rootFieldsLabel(undefined, labels)).toBe('(invalid)');
  });
});

describe("a service's metrics", () => {
  it('are its own: two services in one process count apart, and nothing lands in the global registry', async () => {
    const gateway = new ServiceMetrics();
    const subgraph = new ServiceMetrics();
    gateway.countRefusal('RATE_LIMITED');
    gateway.countRefusal('RATE_LIMITED');
    subgraph.countRefusal('UNAUTHENTICATED');
    const gatewayText = (await gateway.exposition()).text;
    const subgraphText = (await subgraph.exposition()).text;
    expect(gatewayText).toContain('graphql_requests_refused_total{code="RATE_LIMITED"} 2');
    expect(gatewayText).not.toContain('UNAUTHENTICATED');
    expect(subgraphText).toContain('graphql_requests_refused_total{code="UNAUTHENTICATED"} 1');
    expect(subgraphText).not.toContain('RATE_LIMITED');
    // Both show the process's event-loop lag, collected once for the process.
    expect(gatewayText).toContain('nodejs_eventloop_lag_seconds');
    expect(subgraphText).toContain('nodejs_eventloop_lag_seconds');
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
  });
});

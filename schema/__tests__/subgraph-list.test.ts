import { subgraphDefinitions } from '../../subgraphs/registry';
import { listSubgraphs } from '../subgraph-list';

/**
 * `schema/supergraph.yaml` is the one list of subgraphs. Code derives from
 * it; the files below cannot, so they are held to it here.
 */
describe('the list of subgraphs', () => {
  const subgraphs = listSubgraphs();
  const local = subgraphs.filter((s) => s.inRepository);

  it('names each subgraph once, validly, on a port of its own', () => {
    for (const { name } of subgraphs) expect(name).toMatch(/^[a-z][a-z0-9]+$/);
    const ports = local.map((s) => s.defaultPort);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives the start script, harness and bench every subgraph whose code is here, in its order', () => {
    expect(subgraphDefinitions.map((d) => d.name)).toEqual(local.map((s) => s.name));
  });

  it('agrees with each subgraph package on its default port and SDL file', () => {
    for (const [i, definition] of subgraphDefinitions.entries()) {
      expect({ name: definition.name, port: definition.defaultPort, sdl: definition.schemaFile }).toEqual({
        name: local[i].name,
        port: local[i].defaultPort,
        sdl: local[i].schemaFile,
      });
    }
  });

  // The Dockerfile and docker-compose.yml are held to the list in test/docker-compose.test.ts.
});

/**
 * The one list of subgraphs: `schema/supergraph.yaml`. Everything that needs
 * to know which subgraphs exist (the start script, the test harness, the
 * bench, the smoke test, the gateway's per-subgraph settings) reads it from
 * here instead of naming them again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';
// Not '@samverkan/common': that would load the database and server stack into `compose`, which reads files only.
import { repositoryPath, repositoryRoot } from '../common/src/repository';

export { repositoryRoot };
export const defaultConfigFile = repositoryPath('schema', 'supergraph.yaml');

/** `schema/supergraph.yaml` as written: rover's supergraph config format. */
export interface SupergraphConfig {
  federation_version?: string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

export interface SubgraphEntry {
  /** As in the supergraph: lower-case letters and digits, e.g. `arbetsformedlingen`. */
  name: string;
  /** Where the gateway routes to unless `<NAME>_URL` says otherwise. */
  routingUrl: string;
  /** The port of `routingUrl`, which the subgraph listens on by default when it runs from this repository. */
  defaultPort: number;
  /** Absolute path of the SDL file composition reads. */
  schemaFile: string;
  /**
   * The subgraph's code lives in `subgraphs/<name>/`: `npm start`, the tests
   * and the images run it. A subgraph an authority runs elsewhere has only
   * its SDL here.
   */
  inRepository: boolean;
}

/**
 * What a subgraph may be called: it names the subgraph's folder, its package
 * (`@samverkan/subgraph-<name>`), its database (`samverkan_<name>`) and its
 * environment variables (`<NAME>_PORT`), so only what is valid in all four.
 */
export const subgraphNamePattern = /^[a-z][a-z0-9]{1,39}$/;

/** How a subgraph name turns into the prefix of its environment variables: `police` → `POLICE`. */
export function environmentPrefix(name: string): string {
  return name.toUpperCase();
}

export function readSupergraphConfig(configFile = defaultConfigFile): SupergraphConfig {
  const config = YAML.parse(readFileSync(configFile, 'utf8')) as SupergraphConfig;
  if (!config?.subgraphs || Object.keys(config.subgraphs).length === 0) {
    throw new Error(`${configFile} lists no subgraphs`);
  }
  return config;
}

/**
 * The subgraphs `configFile` lists, in its order. A subgraph is "in the
 * repository" when `subgraphs/<name>/src/server.ts` exists next to the
 * config's repository.
 */
export function listSubgraphs(configFile = defaultConfigFile): SubgraphEntry[] {
  const config = readSupergraphConfig(configFile);
  const root = resolve(dirname(configFile), '..');
  return Object.entries(config.subgraphs).map(([name, subgraph]) => {
    const url = new URL(subgraph.routing_url);
    return {
      name,
      routingUrl: subgraph.routing_url,
      defaultPort: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      schemaFile: resolve(dirname(configFile), subgraph.schema.file),
      inRepository: existsSync(join(root, 'subgraphs', name, 'src', 'server.ts')),
    };
  });
}

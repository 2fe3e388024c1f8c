/**
 * Composes the supergraph from the subgraphs' SDL with @apollo/composition.
 *
 *   npm run compose         writes schema/supergraph.graphql
 *   npm run compose:check   exits 1 if composition fails or the committed file is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { defaultConfigFile, listSubgraphs, repositoryRoot } from './subgraph-list';

export { defaultConfigFile } from './subgraph-list';
export const defaultSupergraphFile = join(repositoryRoot, 'schema', 'supergraph.graphql');

export type CompositionResult = { ok: true; supergraphSdl: string; hints: string[] } | { ok: false; errors: string[] };

/** Composes the subgraphs a config file names; paths in it are relative to the file. */
export function composeFromConfig(configFile: string): CompositionResult {
  const services = listSubgraphs(configFile).map(({ name, routingUrl, schemaFile }) => {
    try {
      return { name, url: routingUrl, typeDefs: parse(readFileSync(schemaFile, 'utf8')) };
    } catch (error) {
      throw new Error(`subgraph ${name}: cannot read ${schemaFile}: ${(error as Error).message}`);
    }
  });
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl.trimEnd() + '\n',
    hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`),
  };
}

export type CheckResult = { ok: true } | { ok: false; reason: string };

/** Whether `supergraphFile` is exactly what composing `configFile` gives now. */
export function checkSupergraph(configFile: string, supergraphFile: string): CheckResult {
  const result = composeFromConfig(configFile);
  if (!result.ok) return { ok: false, reason: `composition failed:\n${result.errors.join('\n')}` };
  if (!existsSync(supergraphFile)) return { ok: false, reason: `${supergraphFile} does not exist` };
  if (readFileSync(supergraphFile, 'utf8') !== result.supergraphSdl) {
    return { ok: false, reason: `${supergraphFile} is stale: a subgraph's SDL changed since it was composed` };
  }
  return { ok: true };
}

function main() {
  const check = process.argv.includes('--check');
  if (check) {
    const result = checkSupergraph(defaultConfigFile, defaultSupergraphFile);
    if (!result.ok) {
      console.error(
        `compose:check failed: ${result.reason}\nRun \`npm run compose\` and commit schema/supergraph.graphql.`,
      );
      process.exit(1);
    }
    console.log('compose:check: schema/supergraph.graphql is up to date');
    return;
  }
  const result = composeFromConfig(defaultConfigFile);
  if (!result.ok) {
    console.error(`composition failed:\n${result.errors.join('\n')}`);
    process.exit(1);
  }
  for (const hint of result.hints) console.warn(`hint ${hint}`);
  writeFileSync(defaultSupergraphFile, result.supergraphSdl);
  console.log(`wrote ${defaultSupergraphFile}`);
}

if (require.main === module) main();

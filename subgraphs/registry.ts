import type { AnySubgraphDefinition } from '@samverkan/common';
import { listSubgraphs, type SubgraphEntry } from '../schema/subgraph-list';

/**
 * The definition `subgraphs/<name>/src/server.ts` exports: the one export
 * whose `name` is the subgraph's. Required by path, not imported by name, so
 * that a subgraph joins by its entry in `schema/supergraph.yaml` alone.
 */
export function loadSubgraphDefinition(entry: Pick<SubgraphEntry, 'name'>): AnySubgraphDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(`./${entry.name}/src/server`) as Record<string, unknown>;
  const found = Object.values(exports).filter(
    (value): value is AnySubgraphDefinition =>
      typeof value === 'object' && value !== null && (value as { name?: unknown }).name === entry.name,
  );
  if (found.length !== 1) {
    throw new Error(
      `subgraphs/${entry.name}/src/server.ts must export exactly one SubgraphDefinition named "${entry.name}", found ${found.length}`,
    );
  }
  return found[0];
}

/**
 * The subgraphs whose code lives in this repository, in the order of
 * `schema/supergraph.yaml`. The start script, the migration generator and
 * the end-to-end harness start them from here; the gateway never imports
 * subgraph code.
 */
export const subgraphDefinitions: readonly AnySubgraphDefinition[] = listSubgraphs()
  .filter((entry) => entry.inRepository)
  .map(loadSubgraphDefinition);

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What marks the repository's root: the one list of subgraphs. */
const rootMarker = join('schema', 'supergraph.yaml');

/**
 * The nearest folder at or above `from` that holds `schema/supergraph.yaml`.
 * Looked for rather than counted in `..`s because the same module runs from
 * `common/src/` (tsx, Jest) and from `dist/common/src/` (the build), and the
 * files it reads at run time stay where the source keeps them.
 */
export function findRepositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, rootMarker))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${rootMarker} in ${from} or any folder above it`);
  }
}

/** The checkout, or the image's `/app`, this code runs from. */
export const repositoryRoot = findRepositoryRoot(__dirname);

/**
 * A file or folder by its path in the repository, e.g.
 * `repositoryPath('subgraphs', 'police', 'schema.graphql')`: the same file
 * whether the code runs from source or compiled.
 */
export function repositoryPath(...segments: string[]): string {
  return join(repositoryRoot, ...segments);
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolverTypesFile } from '../../codegen';
import { listSubgraphs, repositoryRoot } from '../../schema/subgraph-list';
import { staleResolverTypes } from '../codegen';

/** A copy of what the resolver types are generated from, and of the committed ones, to break freely. */
function copyOfRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'samverkan-codegen-'));
  for (const file of ['schema/supergraph.yaml', '.prettierrc.json'])
    cpSync(join(repositoryRoot, file), join(root, file));
  for (const { name } of listSubgraphs()) {
    cpSync(join(repositoryRoot, 'subgraphs', name), join(root, 'subgraphs', name), { recursive: true });
  }
  return root;
}

describe('resolver types', () => {
  it('finds the committed ones up to date', async () => {
    expect(await staleResolverTypes()).toEqual([]);
  });

  describe('in a copy of the repository', () => {
    let root: string;
    beforeEach(() => {
      root = copyOfRepository();
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('fails the check when a subgraph’s SDL changed without generating them again', async () => {
      const sdl = join(root, 'subgraphs', 'police', 'schema.graphql');
      writeFileSync(
        sdl,
        readFileSync(sdl, 'utf8').replace('  shortName: String\n', '  shortName: String\n  motto: String\n'),
      );
      expect(await staleResolverTypes(root)).toEqual([resolverTypesFile('police')]);
    });

    it('fails the check when a subgraph’s mappers changed, or its file is missing', async () => {
      const settings = join(root, 'subgraphs', 'agreements', 'codegen.ts');
      writeFileSync(settings, readFileSync(settings, 'utf8').replace(/ {4}Viewer: .*\n/, ''));
      rmSync(join(root, resolverTypesFile('municipalities')));
      expect(await staleResolverTypes(root)).toEqual([
        resolverTypesFile('agreements'),
        resolverTypesFile('municipalities'),
      ]);
    });
  });
});

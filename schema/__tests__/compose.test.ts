import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSupergraph, composeFromConfig, defaultConfigFile, defaultSupergraphFile } from '../compose';
import { listSubgraphs } from '../subgraph-list';

const subgraphs = listSubgraphs();

/** A copy of schema/ and the subgraphs' SDL to break without touching the repository. */
function copyOfRepository(): { root: string; config: string; supergraph: string; sdl(name: string): string } {
  const root = mkdtempSync(join(tmpdir(), 'samverkan-compose-'));
  const repo = join(__dirname, '..', '..');
  cpSync(join(repo, 'schema', 'supergraph.yaml'), join(root, 'schema', 'supergraph.yaml'), { recursive: true });
  cpSync(defaultSupergraphFile, join(root, 'schema', 'supergraph.graphql'));
  for (const { name } of subgraphs) {
    cpSync(join(repo, 'subgraphs', name, 'schema.graphql'), join(root, 'subgraphs', name, 'schema.graphql'));
  }
  return {
    root,
    config: join(root, 'schema', 'supergraph.yaml'),
    supergraph: join(root, 'schema', 'supergraph.graphql'),
    sdl: (name) => join(root, 'subgraphs', name, 'schema.graphql'),
  };
}

describe('supergraph composition', () => {
  it('composes every subgraph the config lists without errors', () => {
    const result = composeFromConfig(defaultConfigFile);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    for (const { name } of subgraphs) {
      expect(result.supergraphSdl).toContain(`${name.toUpperCase()} @join__graph(name: "${name}"`);
    }
  });

  it('finds the committed supergraph up to date', () => {
    expect(checkSupergraph(defaultConfigFile, defaultSupergraphFile)).toEqual({ ok: true });
  });

  describe('in a copy of the repository', () => {
    let copy: ReturnType<typeof copyOfRepository>;
    beforeEach(() => {
      copy = copyOfRepository();
    });
    afterEach(() => rmSync(copy.root, { recursive: true, force: true }));

    it('fails the check when a subgraph’s SDL changed without recomposing', () => {
      expect(checkSupergraph(copy.config, copy.supergraph)).toEqual({ ok: true });
      const file = copy.sdl('police');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('  shortName: String\n', '  shortName: String\n  motto: String\n'),
      );
      const result = checkSupergraph(copy.config, copy.supergraph);
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/is stale/) });
    });

    it('fails the check when composition fails', () => {
      const file = copy.sdl('arbetsformedlingen');
      // Statistic.value is a Float in every other subgraph: the shared type no longer agrees.
      writeFileSync(file, readFileSync(file, 'utf8').replace('  value: Float\n', '  value: String\n'));
      const result = checkSupergraph(copy.config, copy.supergraph);
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/composition failed[\s\S]*Statistic\.value/) });
    });
  });
});

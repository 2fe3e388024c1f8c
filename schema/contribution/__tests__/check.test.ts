import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { listSubgraphs, repositoryRoot } from '../../subgraph-list';
import { historyFileOf } from '../../supergraph-history';
import { checkSubgraph } from '../check';
import { publishSubgraph } from '../publish';

/** A copy of schema/ and the subgraphs' SDL: what publishing writes, it writes here. */
function copyOfSchema() {
  const root = mkdtempSync(join(tmpdir(), 'samverkan-check-'));
  cpSync(join(repositoryRoot, 'schema'), join(root, 'schema'), { recursive: true });
  for (const { name } of listSubgraphs()) {
    cpSync(join(repositoryRoot, 'subgraphs', name, 'schema.graphql'), join(root, 'subgraphs', name, 'schema.graphql'));
  }
  const supergraphFile = join(root, 'schema', 'supergraph.graphql');
  const configFile = join(root, 'schema', 'supergraph.yaml');
  return {
    root,
    configFile,
    supergraphFile,
    sdl: (name: string) => readFileSync(join(root, 'subgraphs', name, 'schema.graphql'), 'utf8'),
    /** What publishing would change: the served supergraph, the config and the history. */
    snapshot: () => ({
      supergraph: readFileSync(supergraphFile, 'utf8'),
      config: readFileSync(configFile, 'utf8'),
      history: existsSync(historyFileOf(supergraphFile)),
    }),
  };
}

/** A small subgraph an authority might send, under a name no real one has: extends Municipality by its key. */
const newcomerSdl = (imports: string, field: string) => /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [${imports}])
  type Municipality @key(fields: "code") {
    code: ID!
    ${field}
  }
`;

describe('subgraph:check and subgraph:publish', () => {
  let copy: ReturnType<typeof copyOfSchema>;
  beforeEach(() => {
    copy = copyOfSchema();
  });
  afterEach(() => rmSync(copy.root, { recursive: true, force: true }));

  const publish = (name: string, sdl: string, extra: { allowDangerous?: boolean; routingUrl?: string } = {}) =>
    publishSubgraph({
      name,
      candidate: { sdl, from: 'test', kind: 'url' },
      configFile: copy.configFile,
      supergraphFile: copy.supergraphFile,
      routingUrl: extra.routingUrl ?? 'http://newcomer.example.test/graphql',
      allowDangerous: extra.allowDangerous,
    });

  it('passes the committed subgraphs unchanged', async () => {
    expect(listSubgraphs().map((s) => s.name)).not.toContain('newcomer');
    for (const { name } of listSubgraphs()) {
      const report = await checkSubgraph({
        name,
        sdl: copy.sdl(name),
        configFile: copy.configFile,
        supergraphFile: copy.supergraphFile,
      });
      expect({ name, errors: report.errors, changes: report.changes }).toEqual({ name, errors: [], changes: [] });
    }
  });

  it('reports a composition error by its field, and publishes nothing', async () => {
    const before = copy.snapshot();
    // Statistic.value is a Float in every other subgraph.
    const sdl = copy.sdl('arbetsformedlingen').replace('  value: Float\n', '  value: String\n');
    const result = await publish('arbetsformedlingen', sdl);
    expect(result.published).toBe(false);
    expect(result.report.ok).toBe(false);
    expect(result.report.composition.errors.join('\n')).toMatch(/Statistic\.value/);
    expect(copy.snapshot()).toEqual(before);
  });

  it('reports a breaking removal with the dashboard operations it breaks, and publishes nothing', async () => {
    const before = copy.snapshot();
    const sdl = copy
      .sdl('police')
      .replace(/\n {2}"The police region the municipality belongs to[^\n]*\n {2}policeRegion: PoliceRegion\n/, '\n');
    expect(sdl).not.toBe(copy.sdl('police'));
    const result = await publish('police', sdl);
    expect(result.published).toBe(false);
    const removal = result.report.changes.find((c) => c.path === 'Municipality.policeRegion');
    expect(removal).toMatchObject({ criticality: 'BREAKING', type: 'FIELD_REMOVED' });
    expect(removal!.usedBy).toContain('MunicipalityProfile');
    expect(result.report.brokenOperations.map((op) => op.name)).toContain('MunicipalityProfile');
    expect(result.report.errors.join('\n')).toMatch(/MunicipalityProfile would no longer validate/);
    expect(copy.snapshot()).toEqual(before);
  });

  it('lets a dangerous change pass the check but publishes it only when allowed', async () => {
    const before = copy.snapshot();
    // A new enum value: dashboards that switch over the values meet one they do not know.
    const sdl = copy
      .sdl('police')
      .replace(/enum VulnerabilityCategory \{\n/, 'enum VulnerabilityCategory {\n  "On watch."\n  WATCHED\n');
    expect(sdl).not.toBe(copy.sdl('police'));
    const refused = await publish('police', sdl);
    expect(refused).toMatchObject({ published: false, reason: expect.stringMatching(/dangerous/) });
    expect(refused.report.ok).toBe(true);
    expect(refused.report.changes).toContainEqual(
      expect.objectContaining({ criticality: 'DANGEROUS', type: 'ENUM_VALUE_ADDED' }),
    );
    expect(copy.snapshot()).toEqual(before);

    const allowed = await publish('police', sdl, { allowDangerous: true });
    expect(allowed.published).toBe(true);
    expect(copy.snapshot().supergraph).toContain('WATCHED');
  });

  it('refuses a security directive the gateway cannot load, naming it', async () => {
    const sdl = newcomerSdl('"@key", "@listSize", "@authenticated"', 'newcomerResults: Float @authenticated');
    // The claim the check rests on: it composes, and @apollo/gateway then refuses the whole supergraph.
    const others = listSubgraphs(copy.configFile).map((s) => ({
      name: s.name,
      url: s.routingUrl,
      typeDefs: parse(readFileSync(s.schemaFile, 'utf8')),
    }));
    const composed = composeServices([...others, { name: 'newcomer', url: 'http://x/graphql', typeDefs: parse(sdl) }]);
    expect(composed.errors).toBeUndefined();
    await expect(new ApolloGateway({ supergraphSdl: composed.supergraphSdl! }).load()).rejects.toThrow(/authenticated/);

    const before = copy.snapshot();
    const result = await publish('newcomer', sdl);
    expect(result.published).toBe(false);
    expect(result.report.unsupportedFeatures).toEqual(['@authenticated']);
    expect(result.report.errors.join('\n')).toMatch(/@authenticated.*use|@access/);
    expect(copy.snapshot()).toEqual(before);
  });

  it('refuses lists without a size and @access fields without a policy', async () => {
    const sdl = newcomerSdl('"@key"', 'newcomerSchools: [String!]');
    const report = await checkSubgraph({
      name: 'newcomer',
      sdl,
      configFile: copy.configFile,
      supergraphFile: copy.supergraphFile,
    });
    expect(report.ok).toBe(false);
    expect(report.listFieldsWithoutSize).toEqual(['Municipality.newcomerSchools']);

    const agreements = await checkSubgraph({
      name: 'agreements',
      sdl: copy.sdl('agreements'),
      configFile: copy.configFile,
      supergraphFile: copy.supergraphFile,
      hasAccessPolicy: false,
    });
    expect(agreements.ok).toBe(false);
    expect(agreements.access.errors.join('\n')).toMatch(/LocalDevelopmentAgreement\.contactPeople \(PERSONAL\)/);
  });

  it('refuses a name that is not a valid subgraph name', async () => {
    const report = await checkSubgraph({
      name: 'Skol-Verket',
      sdl: newcomerSdl('"@key"', 'x: Int'),
      configFile: copy.configFile,
      supergraphFile: copy.supergraphFile,
    });
    expect(report.errors).toEqual([expect.stringMatching(/not a valid subgraph name/)]);
  });

  it('publishes a new subgraph: config, supergraph and history, and a check of it afterwards finds nothing to change', async () => {
    const sdl = newcomerSdl('"@key", "@listSize"', '"Share of pupils."\n    newcomerResults(year: Int!): Float');
    const result = await publish('newcomer', sdl);
    expect(result).toMatchObject({ published: true, entry: { subgraph: 'newcomer', change: 'added' } });
    const written = copy.snapshot();
    expect(written.supergraph).toContain(
      'NEWCOMER @join__graph(name: "newcomer", url: "http://newcomer.example.test/graphql")',
    );
    expect(written.config).toContain('newcomer:');
    const versions = JSON.parse(readFileSync(historyFileOf(copy.supergraphFile), 'utf8')).versions;
    expect(versions.at(-1)).toEqual(result.published ? result.entry : undefined);
    const again = await checkSubgraph({
      name: 'newcomer',
      sdl: readFileSync(join(copy.root, 'schema', 'subgraphs', 'newcomer.graphql'), 'utf8'),
      configFile: copy.configFile,
      supergraphFile: copy.supergraphFile,
    });
    expect(again).toMatchObject({ ok: true, newSubgraph: false, changes: [] });
  });
});

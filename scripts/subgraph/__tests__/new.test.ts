import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { listSubgraphs, repositoryRoot } from '../../../schema/subgraph-list';
import { kustomizeBuild } from '../../../test/support/kustomize';
import { scaffoldSubgraph } from '../new';

/** The files the scaffold edits, in a scratch folder laid out as the repository is. */
function scratch() {
  const root = mkdtempSync(join(tmpdir(), 'samverkan-scaffold-'));
  for (const file of ['schema/supergraph.yaml', 'Dockerfile', 'docker-compose.yml']) {
    cpSync(join(repositoryRoot, file), join(root, file));
  }
  cpSync(join(repositoryRoot, 'deploy', 'kubernetes'), join(root, 'deploy', 'kubernetes'), { recursive: true });
  for (const { name } of listSubgraphs()) {
    cpSync(join(repositoryRoot, 'subgraphs', name, 'schema.graphql'), join(root, 'subgraphs', name, 'schema.graphql'));
  }
  const snapshot = () =>
    [
      'schema/supergraph.yaml',
      'Dockerfile',
      'docker-compose.yml',
      'deploy/kubernetes/base/kustomization.yaml',
      'deploy/kubernetes/base/gateway.yaml',
    ].map((f) => readFileSync(join(root, f), 'utf8'));
  return { root, snapshot };
}

describe('subgraph:new', () => {
  let folder: ReturnType<typeof scratch>;
  beforeEach(() => {
    folder = scratch();
  });
  afterEach(() => rmSync(folder.root, { recursive: true, force: true }));

  it.each([
    ['police', /already in schema\/supergraph\.yaml/],
    ['Skol-Verket', /not a valid subgraph name/],
    ['@samverkan/x', /not a valid subgraph name/],
    ['s', /not a valid subgraph name/],
    ['gateway', /reserved/],
  ])('refuses %s with a reason and writes nothing', async (name, reason) => {
    const before = folder.snapshot();
    await expect(scaffoldSubgraph({ name, root: folder.root })).rejects.toThrow(reason);
    expect(folder.snapshot()).toEqual(before);
    expect(existsSync(join(folder.root, 'subgraphs', name))).toBe(name === 'police');
    // gateway.yaml is the gateway's own.
    expect(existsSync(join(folder.root, 'deploy', 'kubernetes', 'base', `${name}.yaml`))).toBe(
      name === 'police' || name === 'gateway',
    );
  });

  it('writes the subgraph on the next free port and lists it in the config, image and compose file', async () => {
    const result = await scaffoldSubgraph({
      name: 'newcomer',
      root: folder.root,
      now: () => new Date(1_800_000_000_000),
    });
    expect(result.port).toBe(Math.max(...listSubgraphs().map((s) => s.defaultPort)) + 1);
    expect(result.files).toEqual(
      expect.arrayContaining([
        'subgraphs/newcomer/schema.graphql',
        'subgraphs/newcomer/src/server.ts',
        'subgraphs/newcomer/src/migrations/1800000000000-initial-schema.ts',
        'subgraphs/newcomer/src/resolvers/NewcomerIndicator.ts',
        'subgraphs/newcomer/src/__tests__/newcomer.integration.test.ts',
        'subgraphs/newcomer/src/generated/resolvers-types.ts',
      ]),
    );
    const [config, dockerfile, compose] = folder.snapshot();
    expect(YAML.parse(config).subgraphs.newcomer).toEqual({
      routing_url: `http://localhost:${result.port}/graphql`,
      schema: { file: '../subgraphs/newcomer/schema.graphql' },
    });
    expect(dockerfile).toContain('COPY subgraphs/newcomer/package.json subgraphs/newcomer/\n');
    const services = YAML.parse(compose, { merge: true }).services;
    expect(services.newcomer.build.args.SERVICE).toBe('subgraphs/newcomer');
    expect(services.gateway.environment.NEWCOMER_URL).toBe(`http://newcomer:${result.port}/graphql`);
    expect(services.gateway.depends_on.newcomer).toEqual({ condition: 'service_started' });
    // A role and database of its own, made by PostgreSQL's first start from the password file it shares with no other.
    expect(services.newcomer.environment.NEWCOMER_DATABASE_URL).toBe(
      'postgres://samverkan_newcomer@postgres:5432/samverkan_newcomer',
    );
    expect(services.newcomer.environment.NEWCOMER_DATABASE_PASSWORD_FILE).toBe(
      '/run/secrets/newcomer_database_password',
    );
    expect(services.newcomer.secrets).toEqual(['gateway_public_key', 'newcomer_database_password']);
    expect(services.postgres.secrets).toContain('newcomer_database_password');
    expect(YAML.parse(compose).secrets.newcomer_database_password).toEqual({
      file: '${SAMVERKAN_KEYS_DIR:?set SAMVERKAN_KEYS_DIR}/database/newcomer.password',
    });
    expect(services.proxy.depends_on).toEqual(['gateway']);

    // On Kubernetes: its own Deployment, Service and budget on its port, behind the gateway, which routes to it.
    const objects = kustomizeBuild(join(folder.root, 'deploy', 'kubernetes', 'base'));
    const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
    const container = named('Deployment', 'newcomer').spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((v: any) => [v.name, v.value ?? v.valueFrom]));
    expect(env.SERVICE).toBe('subgraphs/newcomer');
    expect(env.NEWCOMER_PORT).toBe(String(result.port));
    expect(env.NEWCOMER_DATABASE_URL).toEqual({ secretKeyRef: { name: 'newcomer-database', key: 'url' } });
    expect(container.ports).toContainEqual({ name: 'http', containerPort: result.port });
    expect(named('Service', 'newcomer').spec.ports[0].port).toBe(result.port);
    expect(named('PodDisruptionBudget', 'newcomer').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'newcomer',
    });
    expect(named('Deployment', 'newcomer').spec.template.metadata.labels['app.kubernetes.io/component']).toBe(
      'subgraph',
    );
    const gatewayEnv = named('Deployment', 'gateway').spec.template.spec.containers[0].env;
    expect(gatewayEnv).toContainEqual({ name: 'NEWCOMER_URL', value: `http://newcomer:${result.port}/graphql` });
    // The model's own name and port are nowhere in the copy.
    const copy = readFileSync(join(folder.root, 'deploy', 'kubernetes', 'base', 'newcomer.yaml'), 'utf8');
    const [model] = listSubgraphs();
    expect(copy).not.toContain(model.name);
    expect(copy).not.toContain(String(model.defaultPort));
    await expect(scaffoldSubgraph({ name: 'newcomer', root: folder.root })).rejects.toThrow(/already/);
  });
});

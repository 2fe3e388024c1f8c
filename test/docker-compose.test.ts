import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSubgraphConfig } from '@samverkan/common';
import YAML from 'yaml';
import { readGatewayConfig } from '../gateway/src/config';
import { subgraphDefinitions } from '../subgraphs/registry';

/**
 * No Docker engine runs here, so the deployment files are checked for
 * structure, and their environment is fed to the real config readers: a
 * variable the services would not read fails this test.
 */
describe('docker-compose.yml', () => {
  const root = join(__dirname, '..');
  const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services: Record<string, any> = compose.services;
  const environmentOf = (service: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries(services[service].environment ?? {}).map(([k, v]) => [
        k,
        String(v)
          .replace(/\$\{POSTGRES_PASSWORD:\?[^}]*\}/g, 'secret')
          .replace(/\$\{(\w+):-([^}]*)\}/g, '$2'),
      ]),
    );

  it('runs PostgreSQL, the five subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['gateway', 'postgres', ...subgraphDefinitions.map((d) => d.name)].sort(),
    );
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('keeps the database password out of the file', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    expect(text).toContain('${POSTGRES_PASSWORD:?');
    expect(text).not.toMatch(/POSTGRES_PASSWORD:\s+['"]?\w/);
  });

  it.each(subgraphDefinitions.map((d) => [d.name, d] as const))(
    'builds and configures the %s subgraph on a database of its own',
    (name, definition) => {
      const service = services[name];
      expect(existsSync(join(root, service.build.args.SERVICE, 'src', 'index.ts'))).toBe(true);
      expect(service.build.args.SERVICE).toBe(`subgraphs/${name}`);
      expect(service.depends_on.postgres.condition).toBe('service_healthy');
      const config = readSubgraphConfig(definition, environmentOf(name));
      expect(config.port).toBe(definition.defaultPort);
      expect(config.database).toEqual({
        kind: 'server',
        url: `postgres://samverkan:secret@postgres:5432/samverkan_${name}`,
      });
      expect(environmentOf(name).PORT_FOR_HEALTH).toBe(String(definition.defaultPort));
    },
  );

  it('routes the gateway to every subgraph service on the port it listens on', () => {
    const config = readGatewayConfig(environmentOf('gateway'));
    expect(config.port).toBe(4000);
    expect(services.gateway.ports).toContain('4000:4000');
    for (const definition of subgraphDefinitions) {
      expect(config.subgraphUrls[definition.name]).toBe(`http://${definition.name}:${definition.defaultPort}/graphql`);
      expect(services.gateway.depends_on[definition.name].condition).toBe('service_healthy');
    }
  });

  it('has a Dockerfile that installs every workspace and runs the chosen service', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const workspaces = ['common', 'gateway', ...subgraphDefinitions.map((d) => `subgraphs/${d.name}`)];
    for (const workspace of workspaces) {
      expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
    expect(dockerfile).toMatch(/ARG SERVICE=/);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('$SERVICE/src/index.ts');
    expect(existsSync(join(root, 'gateway', 'src', 'index.ts'))).toBe(true);
  });
});

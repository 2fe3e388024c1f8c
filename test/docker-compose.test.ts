import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSubgraphConfig } from '@samverkan/common';
import YAML from 'yaml';
import { readGatewayConfig } from '../gateway/src/config';
import { subgraphDefinitions } from '../subgraphs/registry';
import { testKeys } from './support/identity';

/**
 * No Docker engine runs here, so the deployment files are checked for
 * structure, and their environment is fed to the real config readers: a
 * variable the services would not read, or a setting production mode would
 * refuse, fails this test.
 */
describe('docker-compose.yml', () => {
  const root = join(__dirname, '..');
  const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services: Record<string, any> = compose.services;

  /** What the operator supplies: the variables the file requires, and the files its secrets name. */
  const secretsDir = mkdtempSync(join(tmpdir(), 'samverkan-compose-'));
  writeFileSync(join(secretsDir, 'gateway_signing_key'), JSON.stringify(testKeys.gateway.privateKey));
  writeFileSync(join(secretsDir, 'gateway_public_key'), JSON.stringify(testKeys.gateway.publicKey));
  for (const definition of subgraphDefinitions)
    writeFileSync(join(secretsDir, `${definition.name}_database_password`), `${definition.name}-secret\n`);
  const operator: Record<string, string> = {
    AUTH_JWKS_URL: 'https://login.example.test/jwks',
    AUTH_ISSUER: 'https://login.example.test',
    AUTH_AUDIENCE: 'samverkan',
  };

  /** A service's environment as its container sees it, the Dockerfile's NODE_ENV included. */
  const environmentOf = (service: string): Record<string, string> => ({
    NODE_ENV: 'production',
    ...Object.fromEntries(
      Object.entries(services[service].environment ?? {}).map(([k, v]) => [
        k,
        String(v)
          .replace(/\$\{(\w+):\?[^}]*\}/g, (_, name: string) => operator[name] ?? '')
          .replace(/\$\{(\w+):-([^}]*)\}/g, '$2')
          .replace(/^\/run\/secrets\//, `${secretsDir}/`),
      ]),
    ),
  });

  it('restarts every service that exits', () => {
    for (const [name, service] of Object.entries(services))
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
  });

  it('runs PostgreSQL, Redis, the five subgraphs, and the gateway behind a proxy', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['gateway', 'postgres', 'proxy', 'redis', ...subgraphDefinitions.map((d) => d.name)].sort(),
    );
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.redis.image).toMatch(/^redis:/);
    expect(services.redis.healthcheck.test.join(' ')).toContain('ping');
  });

  it('keeps every password and key out of the file: each secret is a file in the directory the operator names', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/PASSWORD:\s+['"]?\w/);
    expect(text).not.toMatch(/postgres:\/\/[^@\s]*:[^@\s]*@/);
    expect(services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    for (const [name, secret] of Object.entries<{ file: string }>(compose.secrets))
      expect({ name, file: secret.file }).toEqual({ name, file: expect.stringMatching(/^\$\{SAMVERKAN_KEYS_DIR:\?/) });
  });

  it('runs two gateway replicas, reached through the proxy alone, which shares them out', () => {
    expect(services.gateway.deploy.replicas).toBe(2);
    // A fixed host port would let only one replica start, and would bypass the proxy.
    expect(services.gateway.ports).toBeUndefined();
    expect(services.proxy.ports).toEqual(['4000:4000']);
    const [config] = services.proxy.volumes.map((v: string) => v.split(':'));
    expect(config[1]).toBe('/etc/nginx/nginx.conf');
    const nginx = readFileSync(join(root, config[0]), 'utf8');
    expect(nginx).toMatch(/server gateway:4000 resolve;/);
    expect(nginx).toMatch(/listen 4000;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    // One proxy hop: the gateway counts rate limits by the caller the proxy names, not by the proxy.
    expect(readGatewayConfig(environmentOf('gateway')).trustProxy).toBe(1);
  });

  it('points the gateway and every subgraph at the shared Redis, which is not published, and serves /metrics on 9464', () => {
    expect(services.redis.ports).toBeUndefined();
    for (const name of ['gateway', ...subgraphDefinitions.map((d) => d.name)]) {
      expect({ name, redis: environmentOf(name).REDIS_URL }).toEqual({ name, redis: 'redis://redis:6379/0' });
      expect({ name, metrics: environmentOf(name).METRICS_PORT }).toEqual({ name, metrics: '9464' });
    }
  });

  it("gives each subgraph's database password to that subgraph and to PostgreSQL's first start alone", () => {
    for (const definition of subgraphDefinitions) {
      const secret = `${definition.name}_database_password`;
      const holders = Object.entries(services)
        .filter(([, service]) => (service.secrets ?? []).includes(secret))
        .map(([name]) => name);
      expect(holders.sort()).toEqual([definition.name, 'postgres'].sort());
    }
    const [initdb] = services.postgres.volumes
      .map((v: string) => v.split(':'))
      .filter(([, target]: string[]) => target.startsWith('/docker-entrypoint-initdb.d/'));
    const script = readFileSync(join(root, initdb[0]), 'utf8');
    expect(script).toContain('/run/secrets/*_database_password');
    expect(script).toContain('role="samverkan_$subgraph"');
    const sql = services.postgres.volumes.find((v: string) => v.includes('create-subgraph-database.sql'));
    expect(existsSync(join(root, sql.split(':')[0]))).toBe(true);
    expect(script).toContain(sql.split(':')[1]);
  });

  it('keeps keys and passwords out of git and out of the image build context', () => {
    const secrets = [
      'deploy-keys/gateway-signing.private.jwk.json',
      'deploy-keys/database/police.password',
      'elsewhere/gateway-signing.private.jwk.json',
      'elsewhere/database/postgres.password',
      'tls/server.key',
      'tls/server.pem',
      '.env',
      '.data/dev-keys/gateway-signing.private.jwk.json',
    ];
    // Git itself decides what .gitignore ignores, in a repository of its own: a checkout may be a copy without .git.
    const repository = mkdtempSync(join(tmpdir(), 'samverkan-gitignore-'));
    expect(spawnSync('git', ['init', '-q', repository]).status).toBe(0);
    copyFileSync(join(root, '.gitignore'), join(repository, '.gitignore'));
    const git = spawnSync('git', ['check-ignore', '--no-index', ...secrets], { cwd: repository, encoding: 'utf8' });
    rmSync(repository, { recursive: true, force: true });
    expect(git.stdout.trim().split('\n').sort()).toEqual([...secrets].sort());
    // Docker's rules: Go's filepath.Match with ** for any number of directories; a match excludes all below it.
    const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(patterns.some((p) => p.startsWith('!'))).toBe(false);
    const toRegExp = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '<globstar>')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/<globstar>/g, '(?:.*/)?')}(?:/.*)?$`,
      );
    const excluded = (path: string) => patterns.some((pattern) => toRegExp(pattern).test(path));
    for (const secret of secrets) expect({ secret, excluded: excluded(secret) }).toEqual({ secret, excluded: true });
    // What the image needs is still sent.
    for (const needed of ['package.json', 'schema/supergraph.graphql', 'subgraphs/police/schema.graphql'])
      expect({ needed, excluded: excluded(needed) }).toEqual({ needed, excluded: false });
  });

  it('gives the private signing key to the gateway alone', () => {
    for (const [name, service] of Object.entries(services)) {
      const secrets: string[] = service.secrets ?? [];
      expect({ name, signs: secrets.includes('gateway_signing_key') }).toEqual({ name, signs: name === 'gateway' });
      if (subgraphDefinitions.some((d) => d.name === name)) expect(secrets).toContain('gateway_public_key');
    }
  });

  it.each(subgraphDefinitions.map((d) => [d.name, d] as const))(
    'builds and configures the %s subgraph in production mode on a database of its own',
    (name, definition) => {
      const service = services[name];
      expect(existsSync(join(root, service.build.args.SERVICE, 'src', 'index.ts'))).toBe(true);
      expect(service.build.args.SERVICE).toBe(`subgraphs/${name}`);
      expect(service.depends_on.postgres.condition).toBe('service_healthy');
      const config = readSubgraphConfig(definition, environmentOf(name));
      expect(config.port).toBe(definition.defaultPort);
      expect(config.gatewayPublicKey).toEqual(testKeys.gateway.publicKey);
      expect(config.database).toEqual({
        kind: 'server',
        url: `postgres://samverkan_${name}:${name}-secret@postgres:5432/samverkan_${name}`,
      });
      expect(environmentOf(name).PORT_FOR_HEALTH).toBe(String(definition.defaultPort));
    },
  );

  it('routes the gateway to every subgraph service and trusts the configured identity provider', () => {
    const config = readGatewayConfig(environmentOf('gateway'));
    expect(config.port).toBe(4000);
    expect(config.playground).toBe(false);
    expect(config.signingKey).toEqual(testKeys.gateway.privateKey);
    expect(config.callerTokens).toEqual({
      jwks: new URL('https://login.example.test/jwks'),
      issuer: 'https://login.example.test',
      audience: 'samverkan',
    });
    for (const definition of subgraphDefinitions) {
      expect(config.subgraphUrls[definition.name]).toBe(`http://${definition.name}:${definition.defaultPort}/graphql`);
      // A partner that is down must not keep the gateway from starting.
      expect(services.gateway.depends_on[definition.name].condition).toBe('service_started');
    }
  });

  it('has a Dockerfile that installs every workspace and runs the chosen service compiled, in production mode', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    // Every workspace package.json lists, or npm ci in the image fails on a missing one.
    const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces as string[]).flatMap(
      (pattern) =>
        pattern.endsWith('/*') ? subgraphDefinitions.map((d) => `${pattern.slice(0, -2)}/${d.name}`) : [pattern],
    );
    expect(workspaces).toContain('dashboard');
    for (const workspace of workspaces) {
      expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
    expect(dockerfile).toMatch(/ARG SERVICE=/);
    expect(dockerfile).toContain('NODE_ENV=production');
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain('dist/$SERVICE/src/index.js');
  });

  it("builds on, and tests on, the Node release line package.json's engines declare", () => {
    const version = (text: string) => text.split('.').map(Number);
    const atLeast = (have: number[], floor: number[]) =>
      (have.map((n, i) => n - (floor[i] ?? 0)).find((d) => d !== 0) ?? 0) >= 0;
    const floor = version(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node.replace(/^>=/, ''));
    // Node 20 is past its end of life.
    expect(floor[0]).toBeGreaterThanOrEqual(22);
    const images = [...readFileSync(join(root, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\d+)-/gm)];
    expect(images.map((m) => Number(m[1]))).toEqual([floor[0]]);
    // What CI puts on PATH when the machine's Node is older.
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8').match(/^node_release=(\d+\.\d+\.\d+)$/m);
    expect(ci).not.toBeNull();
    expect(version(ci![1])[0]).toBe(floor[0]);
    expect(atLeast(version(ci![1]), floor)).toBe(true);
  });
});

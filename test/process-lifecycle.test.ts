import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallerVerifier, readCallerTokenSettings } from '@samverkan/common';
import { testKeys } from './support/identity';
import { repositoryRoot, startService, waitForLog } from './support/process';

const root = repositoryRoot;

describe('service processes', () => {
  let dataDir: string;
  /** Production mode requires real key files; these hold the test run's keys. */
  let keyEnv: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'samverkan-lifecycle-'));
    const file = (name: string, value: unknown) => {
      writeFileSync(join(dataDir, name), JSON.stringify(value));
      return join(dataDir, name);
    };
    keyEnv = {
      GATEWAY_SIGNING_KEY_FILE: file('gateway.private.jwk.json', testKeys.gateway.privateKey),
      GATEWAY_PUBLIC_KEY_FILE: file('gateway.public.jwk.json', testKeys.gateway.publicKey),
      AUTH_JWKS_FILE: file('idp.jwks.json', { keys: [testKeys.caller.publicKey] }),
      AUTH_ISSUER: 'https://login.example.test',
      AUTH_AUDIENCE: 'samverkan-test',
    };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops a subgraph on SIGTERM after closing its database, and keeps its data for the next start', async () => {
    const env = { ...keyEnv, PGLITE_DATA_DIR: join(dataDir, 'pglite'), AGREEMENTS_PORT: '0' };
    const first = await startService('subgraphs/agreements/src/index.ts', env);
    expect(first.output()).toContain('seeding database');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"message":"stopped"');

    const second = await startService('subgraphs/agreements/src/index.ts', env);
    expect(second.output()).not.toContain('seeding database');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('stops the gateway on SIGTERM', async () => {
    const gateway = await startService('gateway/src/index.ts', { ...keyEnv, GATEWAY_PORT: '0' });
    // At once, as a quick rollout would: the gateway owns its signals from its first moment, not only once started.
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(gateway.output()).toContain('"message":"stopped"');
  });

  it('reloads the supergraph file on SIGHUP, and keeps serving the old one when the new file does not load', async () => {
    const file = join(dataDir, 'supergraph.graphql');
    const original = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
    writeFileSync(file, original);
    const gateway = await startService('gateway/src/index.ts', {
      ...keyEnv,
      GATEWAY_PORT: '0',
      SUPERGRAPH_FILE: file,
      STATUS_PUBLIC: 'on',
      INTROSPECTION: 'on',
      TRUSTED_DOCUMENTS: 'off',
      HEALTH_POLL_INTERVAL_MS: '0',
    });
    await waitForLog(gateway, 'playground');
    const base = gateway.url.replace(/\/graphql$/, '');
    const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
    const servedHash = async () =>
      ((await (await fetch(`${base}/status`)).json()) as { supergraph: { hash: string } }).supergraph.hash;
    const agreementsDescription = async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __type(name: "Query") { fields { name description } } }' }),
      });
      const body = (await response.json()) as { data: { __type: { fields: { name: string; description: string }[] } } };
      return body.data.__type.fields.find((f) => f.name === 'agreements')!.description;
    };
    const until = async (condition: () => Promise<boolean>) => {
      const deadline = Date.now() + 10_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`condition not met; output:\n${gateway.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      expect(await servedHash()).toBe(hashOf(original));
      expect(await agreementsDescription()).toMatch(/^Every agreement/);

      const changed = original.replace('Every agreement, ordered', 'Each agreement, ordered');
      expect(changed).not.toBe(original);
      writeFileSync(file, changed);
      gateway.child.kill('SIGHUP');
      await until(async () => (await servedHash()) === hashOf(changed));
      expect(await agreementsDescription()).toMatch(/^Each agreement/);
      expect(gateway.output()).toContain('SIGHUP: supergraph reloaded');

      writeFileSync(file, 'this is not a supergraph');
      gateway.child.kill('SIGHUP');
      await until(async () => gateway.output().includes('the previous supergraph is still served'));
      expect(await servedHash()).toBe(hashOf(changed));
      expect(await agreementsDescription()).toMatch(/^Each agreement/);
      expect(gateway.child.exitCode).toBeNull();
    } finally {
      gateway.child.kill('SIGTERM');
    }
    expect(await gateway.exited).toBe(0);
  });

  it('prints development tokens the gateway accepts and only them, usage on --help, and refuses to in production mode', async () => {
    const keysDir = join(dataDir, 'dev-keys');
    const run = (env: Record<string, string>, args: string[]) =>
      new Promise<{ code: number | null; stdout: string; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/token.ts'), ...args], {
          cwd: root,
          env: { PATH: process.env.PATH ?? '', DEV_KEYS_DIR: keysDir, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          output += chunk.toString();
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stdout, output }));
      });
    const printed = await run({}, ['--org', 'polisen', '--role', 'partner']);
    expect(printed.code).toBe(0);
    // Only the token, so that $(npm run -s token …) is the token.
    expect(printed.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const verify = createCallerVerifier(readCallerTokenSettings({ DEV_KEYS_DIR: keysDir }));
    expect(await verify(`Bearer ${printed.stdout.trim()}`)).toMatchObject({
      organisation: 'polisen',
      roles: ['partner'],
    });
    expect((await run({}, ['--org', 'polisen', '--role', 'god'])).output).toContain('unknown role god');
    // Usage and mistakes in words, never a stack trace.
    const stackFrame = /\n\s+at /;
    const help = await run({}, ['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: npm run -s token') });
    expect(help.output).not.toMatch(stackFrame);
    const misspelt = await run({}, ['--rol', 'partner']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.output).toContain("Unknown option '--rol'");
    expect(misspelt.output).not.toMatch(stackFrame);
    expect(misspelt.stdout).toBe('');
    const production = await run({ NODE_ENV: 'production' }, ['--org', 'polisen', '--role', 'partner']);
    expect(production.code).toBe(2);
    expect(production.output).toContain('refused in production mode');
  });

  it('refuses to start with an invalid setting, naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'gateway/src/index.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', GATEWAY_PORT: 'four thousand' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('GATEWAY_PORT must be a port number');
  });
});

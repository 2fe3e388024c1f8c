import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a service's index.ts as its own process and waits for its "listening" log line. */
async function startService(entry: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry)], {
    cwd: root,
    // Production mode: Apollo Server would otherwise leave signals alone only under NODE_ENV=test.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('"message":"listening"')) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited };
}

describe('service processes', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'samverkan-lifecycle-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops a subgraph on SIGTERM after closing its database, and keeps its data for the next start', async () => {
    const env = { PGLITE_DATA_DIR: dataDir, AGREEMENTS_PORT: '0' };
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
    const gateway = await startService('gateway/src/index.ts', { GATEWAY_PORT: '0' });
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(gateway.output()).toContain('"message":"stopped"');
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

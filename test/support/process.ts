import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repositoryRoot = join(__dirname, '..', '..');

export interface StartedService {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** The URL the service logged in its "listening" line. */
  url: string;
}

/**
 * Starts a service's entry point (e.g. `gateway/src/index.ts`) as its own
 * process, as it is deployed, and waits for its "listening" log line.
 */
export async function startService(
  entry: string,
  env: Record<string, string>,
  /** The repository to run it from: another checkout, such as a scratch copy, is run from its own folder. */
  root = repositoryRoot,
): Promise<StartedService> {
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
  while (!listeningUrl(output)) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited, url: listeningUrl(output)! };
}

/** The URL in the service's "listening" log line, once it has written one. */
function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"message":"listening"')) continue;
    const { message, url } = JSON.parse(line) as { message?: string; url?: string };
    if (message === 'listening' && url) return url;
  }
  return undefined;
}

/**
 * Waits until a started service has logged `message`, e.g. the gateway's "playground" line, after which its entry
 * point installs the signal handlers: "listening" comes before them, and a signal sent in between kills the process.
 */
export async function waitForLog(service: StartedService, message: string): Promise<void> {
  while (!service.output().includes(`"message":"${message}"`)) {
    if (service.child.exitCode !== null) throw new Error(`exited before logging "${message}":\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The system under test as deployed: the gateway and every subgraph each in a
 * process of its own (not `npm start`'s single process), started with plain
 * `node` from the production build, or from source with tsx on request.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { defaultDevelopmentKeyDir } from '@samverkan/common';
import { defaultSupergraphFile } from '../../gateway/src/config';
import { environmentPrefix, listSubgraphs, repositoryRoot } from '../../schema/subgraph-list';
import { BenchError, type BenchSettings, type Runtime } from './settings';

export interface Service {
  name: string;
  runtime: Runtime;
  port: number;
  /** The node process itself, never a wrapper: its CPU time is what the bench reports. */
  pid: number;
  url: string;
}

/**
 * Fails unless the production build is there to run; `npm run build` writes
 * `dist/` mirroring the repository, `gateway/src/index.ts` as
 * `dist/gateway/src/index.js`.
 */
export function build(runtime: Runtime): void {
  if (runtime === 'source') return;
  const scripts = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts?: object })
    .scripts;
  if (!scripts || !('build' in scripts)) {
    throw new BenchError('bench: this checkout has no `npm run build` yet; run from source with BENCH_RUNTIME=source');
  }
  const built = spawnSync('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new BenchError(`bench: npm run build failed (exit ${built.status ?? built.signal})`);
}

/** Where `npm run build` writes a TypeScript entry point of the repository. */
function compiledPath(entry: string): string {
  return join(repositoryRoot, 'dist', entry.replace(/\.ts$/, '.js'));
}

/** `node`'s arguments that run an entry point in the chosen runtime. */
function nodeArguments(runtime: Runtime, entry: string, profileDir?: string): string[] {
  // Node refuses --cpu-prof in NODE_OPTIONS, so it is given here, to the services alone.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (runtime === 'source') return [...profile, '--import', 'tsx', join(repositoryRoot, entry)];
  if (!existsSync(compiledPath(entry))) {
    throw new BenchError(`bench: ${compiledPath(entry)} is missing; did npm run build write dist/?`);
  }
  return [...profile, compiledPath(entry)];
}

async function waitForHealth(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new BenchError(`${name} exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).ok && child.exitCode === null) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new BenchError(`${name} was not healthy within 120 s`);
}

/** A stand-in for a hung subgraph: accepts connections, reads, never answers. */
async function startHungSubgraph(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/**
 * Fails unless every port is free: a service that cannot listen exits, but
 * whatever holds its port (another bench, say) would answer its health check
 * and be measured in its place.
 */
async function requireFreePorts(ports: number[]): Promise<void> {
  for (const port of ports) {
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', () =>
        reject(new BenchError(`bench: port ${port} is taken (another bench?); choose others with BENCH_PORT_BASE`)),
      );
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  }
}

function stopChild(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

export interface BenchSystem {
  gateway: Service;
  /** Every subgraph whose code is here, in the order of `schema/supergraph.yaml`, a hung one included. */
  subgraphNames: string[];
  /** The subgraphs running; a hung one is not among them. */
  subgraphs: Service[];
  /** The single-process reference, when every subgraph database is on a PostgreSQL server. */
  reference?: Service;
  hungPort?: number;
  /** Stops our gateway and starts it again on the same port with `env` added, e.g. its response cache on. */
  restartGateway(env: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startSystem(settings: BenchSettings): Promise<BenchSystem> {
  const { portBase, hang, runtime } = settings;
  const subgraphs = listSubgraphs().filter((subgraph) => subgraph.inRepository);
  const subgraphPort = (i: number) => portBase + 1 + i;
  const referencePort = portBase + subgraphs.length + 1;
  await requireFreePorts([portBase, ...subgraphs.map((_, i) => subgraphPort(i)), referencePort]);
  const dataDir = mkdtempSync(join(tmpdir(), 'samverkan-bench-'));
  const hung = hang ? await startHungSubgraph() : undefined;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Found beside the code by default, and beside dist/ code is not the source tree.
    DEV_KEYS_DIR: process.env.DEV_KEYS_DIR ?? defaultDevelopmentKeyDir,
    SUPERGRAPH_FILE: process.env.SUPERGRAPH_FILE ?? defaultSupergraphFile,
    // One load generator is one caller: lift its rate limit, or the bench measures the limiter.
    RATE_LIMIT_REQUESTS: '1000000',
    RATE_LIMIT_REQUESTS_PER_ADDRESS: '1000000',
    // Every comparison is of work done, not of work remembered; BENCH_CACHE measures the cache apart.
    RESPONSE_CACHE: 'off',
    GATEWAY_PORT: String(portBase),
    ...Object.fromEntries(subgraphs.map((s, i) => [`${environmentPrefix(s.name)}_PORT`, String(subgraphPort(i))])),
    ...Object.fromEntries(
      subgraphs.map((s, i) => [
        `${environmentPrefix(s.name)}_URL`,
        `http://127.0.0.1:${s.name === hang ? hung!.port : subgraphPort(i)}/graphql`,
      ]),
    ),
  };
  const children: ChildProcess[] = [];
  const start = async (
    name: string,
    entry: string,
    port: number,
    options: { env?: Record<string, string>; runtime?: Runtime } = {},
  ) => {
    const profileDir = settings.cpuProfileDir && join(resolvePath(settings.cpuProfileDir), name);
    const child = spawn(process.execPath, nodeArguments(options.runtime ?? runtime, entry, profileDir), {
      env: { ...env, ...options.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    await waitForHealth(`http://127.0.0.1:${port}/health`, child, name);
    const service: Service = {
      name,
      runtime: options.runtime ?? runtime,
      port,
      pid: child.pid!,
      url: `http://127.0.0.1:${port}/graphql`,
    };
    return { service, child };
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    hung?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Subgraphs first (each seeds its database on first start), then the gateway.
    const running: Service[] = [];
    for (const [i, subgraph] of subgraphs.entries()) {
      if (subgraph.name === hang) continue;
      running.push((await start(subgraph.name, `subgraphs/${subgraph.name}/src/index.ts`, subgraphPort(i))).service);
    }
    let gateway = await start('gateway', 'gateway/src/index.ts', portBase);
    let reference: Service | undefined;
    if (settings.databaseServer && !hang) {
      const entry = 'scripts/bench/reference-server.ts';
      // A build that leaves scripts/ out still gets its yardstick; tsx costs only at load, not per request.
      const own = runtime === 'compiled' && !existsSync(compiledPath(entry)) ? 'source' : runtime;
      const started = await start('reference', entry, referencePort, {
        env: { REFERENCE_PORT: String(referencePort) },
        runtime: own,
      });
      reference = started.service;
    }
    const system: BenchSystem = {
      gateway: gateway.service,
      subgraphNames: subgraphs.map((s) => s.name),
      subgraphs: running,
      reference,
      hungPort: hung?.port,
      restartGateway: async (extraEnv) => {
        await stopChild(gateway.child);
        gateway = await start('gateway', 'gateway/src/index.ts', portBase, { env: extraEnv });
        system.gateway = gateway.service;
      },
      stop,
    };
    return system;
  } catch (error) {
    await stop();
    throw error;
  }
}

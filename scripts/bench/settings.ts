import { readFileSync } from 'node:fs';
import {
  ConfigError,
  readDatabaseConfig,
  readEnum,
  readInteger,
  readList,
  readOptionalString,
  readOptionalUrl,
  readPort,
  readSwitch,
  repositoryPath,
} from '@samverkan/common';
import { listSubgraphs } from '../../schema/subgraph-list';

/** A failure whose message says all there is to say: printed without a stack. */
export class BenchError extends Error {}

export type CallerMode = 'anonymous' | 'unique';
export type Runtime = 'compiled' | 'source';

/** What `npm run bench` was asked to do, read once from BENCH_* and validated; see the header of ../bench.ts. */
export interface BenchSettings {
  runtime: Runtime;
  durationSeconds: number;
  connections: number[];
  callerModes: CallerMode[];
  /** Registered operations to drive, by name; all of them when BENCH_OPERATIONS is unset. */
  operations: string[];
  portBase: number;
  /** Each measured run is repeated this many times, interleaved with the other targets. */
  rounds: number;
  compareUrl?: string;
  /** The compared gateway's process, when its port does not tell (another user's process, a container). */
  comparePid?: number;
  /** After the comparisons, ours again with its response cache on. */
  cache: boolean;
  hang?: string;
  clientTimeoutSeconds: number;
  /** Every subgraph's database is on a PostgreSQL server: the reference can read them, and PostgreSQL's CPU counts. */
  databaseServer: boolean;
  /** That server runs on this machine, so its processes' CPU can be read from /proc. */
  databaseLocal: boolean;
  /** A folder each service writes a V8 CPU profile into when it stops (`--cpu-prof`), one subfolder per service. */
  cpuProfileDir?: string;
}

function readCallerModes(env: Record<string, string | undefined>): CallerMode[] {
  const modes = readList(env, 'BENCH_CALLERS');
  if (modes.length === 0) return ['anonymous'];
  for (const mode of modes) {
    if (mode !== 'anonymous' && mode !== 'unique') {
      throw new ConfigError('BENCH_CALLERS', `must list anonymous and/or unique, got "${mode}"`);
    }
  }
  return [...new Set(modes)] as CallerMode[];
}

function readConnections(env: Record<string, string | undefined>): number[] {
  const counts = readList(env, 'BENCH_CONNECTIONS');
  if (counts.length === 0) return [10];
  return counts.map((count) => {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > 10_000) {
      throw new ConfigError('BENCH_CONNECTIONS', `must list whole numbers from 1 to 10000, got "${count}"`);
    }
    return Number(count);
  });
}

export function readBenchSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  // BENCH_PEER_URL was the first name; scripts and notes that use it keep working.
  const compareUrl = readOptionalUrl(env, 'BENCH_COMPARE_URL') ?? readOptionalUrl(env, 'BENCH_PEER_URL');
  const comparePid = readOptionalString(env, 'BENCH_COMPARE_PID');
  if (comparePid !== undefined && !/^\d+$/.test(comparePid)) {
    throw new ConfigError('BENCH_COMPARE_PID', `must be a process id, got "${comparePid}"`);
  }
  const hang = readOptionalString(env, 'BENCH_HANG');
  const subgraphs = listSubgraphs().filter((s) => s.inRepository);
  if (hang !== undefined && !subgraphs.some((s) => s.name === hang)) {
    throw new ConfigError(
      'BENCH_HANG',
      `must name a subgraph (${subgraphs.map((s) => s.name).join(', ')}), got "${hang}"`,
    );
  }
  const databases = subgraphs.map((s) => readDatabaseConfig(env, s.name));
  const databaseServer = databases.every((d) => d.kind === 'server');
  const databaseLocal =
    databaseServer &&
    databases.every(
      (d) => d.kind === 'server' && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(d.url).hostname),
    );
  return {
    runtime: readEnum(env, 'BENCH_RUNTIME', ['compiled', 'source'], 'compiled'),
    durationSeconds: readInteger(env, 'BENCH_DURATION', 10, { min: 1, max: 3_600 }),
    connections: readConnections(env),
    callerModes: readCallerModes(env),
    portBase: readPort(env, 'BENCH_PORT_BASE', 15000),
    operations: readList(env, 'BENCH_OPERATIONS'),
    // Side by side, one round is at the mercy of whatever else the machine did meanwhile.
    rounds: readInteger(env, 'BENCH_ROUNDS', compareUrl || databaseServer ? 2 : 1, { min: 1, max: 100 }),
    compareUrl,
    comparePid: comparePid === undefined ? undefined : Number(comparePid),
    cache: readSwitch(env, 'BENCH_CACHE', false),
    hang,
    clientTimeoutSeconds: readInteger(env, 'BENCH_CLIENT_TIMEOUT', 0, { min: 0, max: 3_600 }),
    databaseServer,
    databaseLocal,
    cpuProfileDir: readOptionalString(env, 'BENCH_CPU_PROFILE'),
  };
}

/** package.json's `engines.node`: the Node the services are deployed on. */
function enginesNode(): string | undefined {
  return (JSON.parse(readFileSync(repositoryPath('package.json'), 'utf8')) as { engines?: { node?: string } }).engines
    ?.node;
}

/**
 * Why this Node is not the one the services are meant to run on (older than
 * `range`, a `>=` range as package.json's `engines` gives), or undefined when
 * it is, or when the range says nothing the bench can read. The bench runs the
 * services on its own Node, and an older one makes them markedly slower
 * (Node 20 against 22: a third more CPU in the agreements subgraph).
 */
export function olderThanEngines(version = process.versions.node, range = enginesNode()): string | undefined {
  const floor = range?.match(/^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/);
  const have = version.match(/^(\d+)\.(\d+)\.(\d+)/);
  if (!floor || !have) return undefined;
  for (let i = 1; i <= 3; i += 1) {
    const want = Number(floor[i] ?? 0);
    const got = Number(have[i]);
    if (got !== want) {
      return got < want
        ? `Node ${version} is older than the services run on (${range}, package.json engines): they run slower here than deployed`
        : undefined;
    }
  }
  return undefined;
}

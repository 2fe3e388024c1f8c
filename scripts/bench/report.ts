/** The tables `npm run bench` prints. */
import { cpus, totalmem } from 'node:os';
import type { Counters } from './counters';
import type { LoadResult } from './load';
import type { BenchSystem } from './services';
import type { BenchSettings } from './settings';

export type Target = 'ours' | 'compared' | 'reference';

/** Every run of one target on one (operation, callers, connections), summed over the rounds. */
export interface Measurement {
  operation: string;
  callers: string;
  connections: number;
  target: Target;
  runs: LoadResult[];
  /** Per subgraph, or per database for the reference; undefined where nothing counted them. */
  fetches?: Map<string, number>;
  sqlStatements?: Map<string, number>;
  /** CPU ms per process group; undefined for a group whose processes could not be read. */
  cpu: Map<string, number | undefined>;
}

export function newMeasurement(operation: string, callers: string, connections: number, target: Target): Measurement {
  return { operation, callers, connections, target, runs: [], cpu: new Map() };
}

function add(total: Map<string, number> | undefined, more: Map<string, number> | undefined) {
  if (!more) return total;
  const sum = new Map(total);
  for (const [name, value] of more) sum.set(name, (sum.get(name) ?? 0) + value);
  return sum;
}

/** Adds one run: its load, the counters it moved and the CPU it took. */
export function record(
  measurement: Measurement,
  result: LoadResult,
  counted: Counters,
  cpu: Map<string, number | undefined>,
): void {
  measurement.runs.push(result);
  // Ours says what it fetched; for another gateway the subgraphs say what they were asked.
  const fetches = { ours: counted.fetches, compared: counted.subgraphRequests, reference: undefined };
  measurement.fetches = add(measurement.fetches, fetches[measurement.target]);
  measurement.sqlStatements = add(
    measurement.sqlStatements,
    measurement.target === 'reference' ? counted.referenceSqlStatements : counted.sqlStatements,
  );
  for (const [name, ms] of cpu) {
    const before = measurement.cpu.has(name) ? measurement.cpu.get(name) : 0;
    measurement.cpu.set(name, before === undefined || ms === undefined ? undefined : before + ms);
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => sum(values) / values.length;
export const requestsOf = (m: Measurement) => sum(m.runs.map((r) => r.requests));
const sentOf = (m: Measurement) => sum(m.runs.map((r) => r.sent));
export const rateOf = (m: Measurement) => mean(m.runs.map((r) => r.rps));

function printTable(title: string, header: string[], rows: string[][], labelColumns: number): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < labelColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const labels = (m: Measurement) => [m.operation, m.callers, String(m.connections), m.target];
const labelHeader = ['operation', 'callers', 'conns', 'target'];
const labelColumns = labelHeader.length;
const rateCell = (m: Measurement) =>
  rateOf(m).toFixed(1) + (m.runs.length > 1 ? ` (${m.runs.map((r) => r.rps.toFixed(0)).join('/')})` : '');

function perRequest(value: number | undefined, requests: number, digits: number): string {
  return value === undefined || requests === 0 ? '–' : (value / requests).toFixed(digits);
}

/** The ratio column: ours over the row's target, side by side in the same (operation, callers, connections). */
function ratio(m: Measurement, all: Measurement[]): string {
  if (m.target === 'ours') return '';
  const ours = all.find(
    (o) =>
      o.target === 'ours' && o.operation === m.operation && o.callers === m.callers && o.connections === m.connections,
  );
  if (!ours || rateOf(m) === 0) return '–';
  const r = rateOf(ours) / rateOf(m);
  return r < 1 ? `${r.toFixed(2)} (1/${(1 / r).toFixed(1)})` : r.toFixed(2);
}

function printThroughput(title: string, measurements: Measurement[]): void {
  printTable(
    title,
    [...labelHeader, 'req/s (each round)', 'p50 ms', 'p99 ms', 'requests', 'errors', 'timeouts', 'ours/target req/s'],
    measurements.map((m) => [
      ...labels(m),
      rateCell(m),
      mean(m.runs.map((r) => r.p50)).toFixed(0),
      mean(m.runs.map((r) => r.p99)).toFixed(0),
      String(requestsOf(m)),
      String(sum(m.runs.map((r) => r.errors))),
      String(sum(m.runs.map((r) => r.timeouts))),
      ratio(m, measurements),
    ]),
    labelColumns,
  );
}

/** A table of one counter per request: the total and each subgraph's (or database's) share. */
function printPerRequest(
  title: string,
  measurements: Measurement[],
  counter: (m: Measurement) => Map<string, number> | undefined,
  names: string[],
): void {
  printTable(
    title,
    [...labelHeader, 'total', ...names],
    measurements.map((m) => {
      const counted = counter(m);
      const requests = sentOf(m);
      return [
        ...labels(m),
        perRequest(counted && sum([...counted.values()]), requests, 1),
        ...names.map((name) => perRequest(counted?.get(name), requests, 1)),
      ];
    }),
    labelColumns,
  );
}

/** CPU ms per request of each process group, and the total of all but the load generator: what serving took. */
function printCpu(title: string, measurements: Measurement[], groups: string[], loadGenerator: string): void {
  printTable(
    title,
    [...labelHeader, ...groups, 'served total'],
    measurements.map((m) => {
      const requests = sentOf(m);
      const served = groups.filter((g) => g !== loadGenerator).map((g) => m.cpu.get(g));
      return [
        ...labels(m),
        ...groups.map((g) => perRequest(m.cpu.get(g), requests, 2)),
        perRequest(served.every((ms) => ms !== undefined) ? sum(served as number[]) : undefined, requests, 2),
      ];
    }),
    labelColumns,
  );
}

/** The cache-on runs of ours: rate, latency and how many answers came from the cache. */
function printCached(title: string, measurements: Measurement[]): void {
  printTable(
    title,
    ['operation', 'callers', 'conns', 'req/s (each round)', 'p50 ms', 'p99 ms', 'requests', 'errors', 'cache hits'],
    measurements.map((m) => {
      const requests = requestsOf(m);
      const hits = sum(m.runs.map((r) => r.cacheHits));
      return [
        m.operation,
        m.callers,
        String(m.connections),
        rateCell(m),
        mean(m.runs.map((r) => r.p50)).toFixed(0),
        mean(m.runs.map((r) => r.p99)).toFixed(0),
        String(requests),
        String(sum(m.runs.map((r) => r.errors))),
        `${requests === 0 ? '0' : ((100 * hits) / requests).toFixed(1)} %`,
      ];
    }),
    3,
  );
}

/** What ran where, then every table, then `lines` (gauges, notes). */
export function printReport(report: {
  settings: BenchSettings;
  system: BenchSystem;
  comparePid?: number;
  measurements: Measurement[];
  /** Ours with the response cache on. */
  cached: Measurement[];
  cpuGroups: string[];
  loadGenerator: string;
  lines: string[];
}): void {
  const { settings, system, measurements } = report;
  console.log(
    `\nbench: ${settings.durationSeconds} s a run, ${settings.rounds} round(s)` +
      (settings.compareUrl || system.reference ? ', interleaved' : '') +
      `; ${settings.runtime === 'compiled' ? 'production build (node dist/…)' : 'from source (tsx)'}, each service ` +
      `its own process; ${settings.databaseServer ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)'}; ` +
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB` +
      (settings.hang ? `; ${settings.hang} hung (accepts, never answers)` : '') +
      (settings.clientTimeoutSeconds > 0 ? `; clients give up after ${settings.clientTimeoutSeconds} s` : ''),
  );
  console.log(
    `targets: ours (${system.gateway.url}, response cache off)` +
      (settings.compareUrl
        ? `; compared: ${settings.compareUrl} (pid ${report.comparePid ?? 'unknown: set BENCH_COMPARE_PID'})`
        : '') +
      (system.reference
        ? `; reference: one process, 5 SQL statements a request (${system.reference.runtime === 'source' ? 'from source' : 'built'}), ` +
          'AgreementOverview with anonymous callers; the aim is ours within 5× of it'
        : settings.databaseServer
          ? ''
          : '; no reference: it needs DATABASE_URL on a PostgreSQL server'),
  );
  printThroughput('Throughput', measurements);
  printPerRequest(
    'Subgraph fetches per request (ours: its /status; compared: the requests the subgraphs answered)',
    measurements,
    (m) => m.fetches,
    system.subgraphNames,
  );
  printPerRequest(
    "SQL statements per request (the subgraphs' statement counters; reference: its own, per database)",
    measurements,
    (m) => m.sqlStatements,
    system.subgraphNames,
  );
  printCpu(
    'CPU ms per request (user + system from /proc; gateway: the process answering, i.e. ours, the compared ' +
      'gateway with its workers, or the reference; postgres: all its processes on this machine)',
    measurements,
    report.cpuGroups,
    report.loadGenerator,
  );
  if (report.cached.length > 0) {
    printCached(
      'Response cache ON (RESPONSE_CACHE=on), ours alone: not comparable with the figures above',
      report.cached,
    );
  }
  for (const line of report.lines) console.log(line);
}

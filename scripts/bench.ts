/**
 * `npm run bench`: drives each registered dashboard operation through the
 * gateway with autocannon and prints, per operation, callers and connection
 * count: requests/s, p50/p99 latency, subgraph fetches and SQL statements per
 * request (per subgraph and in total), and CPU ms per request of every process.
 *
 * As deployed: `npm run build` first, then each service in a process of its
 * own, started with plain `node dist/<entry>.js` (BENCH_RUNTIME=source runs
 * the TypeScript with tsx instead), and the load generator in this one; on a
 * fresh embedded database per subgraph unless DATABASE_URL points to a server
 * (then its `samverkan_*` databases). Ports start at BENCH_PORT_BASE (default
 * 15000: the gateway, then the subgraphs in schema/supergraph.yaml's order,
 * then the reference) and must be free. The load: BENCH_CONNECTIONS (a list,
 * `10,50`; default 10) and BENCH_CALLERS (`anonymous`, the default; `unique`,
 * every request a different caller's valid token, so that no work can be
 * shared between requests; or both, comma-separated). After a 2 s warm-up,
 * each measured run makes as many requests as fit in BENCH_DURATION seconds
 * (default 10) at the pace of the run before, and waits for every answer, so
 * no request is cut off half done and the counts per request are whole.
 *
 * Side by side: BENCH_COMPARE_URL (formerly BENCH_PEER_URL) names another
 * gateway routed to the same subgraph ports and signing with the same
 * DEV_KEYS_DIR (see ../shared/peer/README.md). On a PostgreSQL server,
 * bench/reference-server.ts answers AgreementOverview in one process with
 * five SQL statements a request; the bench stops unless its answer equals
 * the gateway's, and drives it with anonymous callers. Each measured run is
 * repeated BENCH_ROUNDS times (default 2 when anything runs side by side),
 * ours and the others in turn, since on a shared machine only figures
 * measured together compare; the table gives ours/theirs req/s. Every
 * comparison runs with our gateway's response cache off (RESPONSE_CACHE=off);
 * BENCH_CACHE=on then restarts ours with it on and measures ours alone,
 * with the share of answers whose `cache-status` header says hit.
 * BENCH_OPERATIONS (comma-separated names, e.g. AgreementOverview) drives
 * only those registered operations.
 *
 * Where the figures come from: fetches from our gateway's /status (with an
 * admin token), for another gateway from the GraphQL requests each subgraph
 * counts on /health; SQL statements from each subgraph's counter on /health
 * (the reference's own, per database); CPU from /proc/<pid>/stat (utime +
 * stime) of our gateway, the compared gateway (the process listening on its
 * port and its workers, or BENCH_COMPARE_PID), the reference, each subgraph,
 * PostgreSQL (all its processes on this machine, so anything else it serves
 * too) and the load generator, which shows whether it was the bottleneck.
 *
 * Profiles: BENCH_CPU_PROFILE=<folder> starts every service with `--cpu-prof`, so each writes a V8 CPU profile
 * into <folder>/<service>/ when the bench stops it (open it in Chrome DevTools or speedscope).
 *
 * A fault drill: BENCH_HANG=<subgraph> puts a server that accepts and never
 * answers in that subgraph's place, and BENCH_CLIENT_TIMEOUT (s) makes the
 * clients give up as impatient dashboards do. Runs then last BENCH_DURATION
 * by the clock, and the bench prints, beside the latencies of the partial
 * answers, the gateway process's memory and open files and its sockets to
 * the hung subgraph, sampled throughout.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from '@samverkan/common';
import { isPublicRead, loadRegisteredOperations, type RegisteredOperation } from '../schema/operations';
import { countersSpent, readCounters, readCountersOnceQuiet } from './bench/counters';
import { CallerTokens, drive } from './bench/load';
import {
  cpuSnapshot,
  cpuSpent,
  listeningPid,
  postgresPids,
  watchResources,
  withDescendants,
  type ProcessGroup,
} from './bench/processes';
import { newMeasurement, printReport, record, type Measurement, type Target } from './bench/report';
import { build, startSystem } from './bench/services';
import { BenchError, olderThanEngines, readBenchSettings, type CallerMode } from './bench/settings';

const warmUpSeconds = 2;
const loadGenerator = 'load generator';

/** What one (operation, callers, connections) sends. */
interface Traffic {
  op: string;
  body: string;
  callers: CallerMode;
  connections: number;
}

interface Endpoint {
  target: Target;
  url: string;
  /** The processes answering: the gateway, or the reference. */
  pids(): number[];
}

async function answer(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return {
    status: response.status,
    json: (await response.json()) as { data?: unknown; errors?: { extensions?: { subgraph?: string } }[] },
  };
}

async function main() {
  const settings = readBenchSettings();
  const oldNode = olderThanEngines();
  if (oldNode) console.warn(`bench: ${oldNode}`);
  const { durationSeconds, rounds, hang } = settings;
  const selectedOperations = () =>
    loadRegisteredOperations()
      // The public reads: a write would change what it measures, and a coordinator's read needs its own caller.
      .filter(isPublicRead)
      .filter((op) => !settings.operations.length || settings.operations.includes(op.name));
  const tokens = await CallerTokens.create();
  const adminToken = await tokens.sign('bench-status-reader', 'bench', ['admin']);
  build(settings.runtime);
  const system = await startSystem(settings);

  const comparePid =
    settings.comparePid ??
    (settings.compareUrl && ['127.0.0.1', 'localhost'].includes(new URL(settings.compareUrl).hostname)
      ? listeningPid(Number(new URL(settings.compareUrl).port || 80))
      : undefined);
  const ours: Endpoint = { target: 'ours', url: system.gateway.url, pids: () => [system.gateway.pid] };
  const compared: Endpoint | undefined = settings.compareUrl
    ? { target: 'compared', url: settings.compareUrl, pids: () => (comparePid ? withDescendants(comparePid) : []) }
    : undefined;
  const reference: Endpoint | undefined = system.reference
    ? { target: 'reference', url: system.reference.url, pids: () => [system.reference!.pid] }
    : undefined;
  // PostgreSQL only when it is a server here: embedded, it runs inside the subgraphs and counts as theirs.
  const processGroups = (endpoint: Endpoint): ProcessGroup[] => [
    { name: loadGenerator, pids: () => [process.pid] },
    { name: 'gateway', pids: endpoint.pids },
    ...system.subgraphs.map((s) => ({ name: s.name, pids: () => [s.pid] })),
    ...(settings.databaseLocal ? [{ name: 'postgres', pids: postgresPids }] : []),
  ];

  // The last rate of each target on each (operation, callers, connections): a measured run makes as many
  // requests as fit in BENCH_DURATION at that rate, and signs as many fresh caller tokens beforehand.
  const pace = new Map<string, number>();
  const paceKey = (endpoint: Endpoint, load: Traffic) =>
    [endpoint.target, load.op, load.callers, load.connections].join(' ');
  /** One run, and the counters once its last requests are answered, so that the next run starts from quiet. */
  const run = async (endpoint: Endpoint, load: Traffic, length: { seconds: number } | { amount: number }) => {
    const key = paceKey(endpoint, load);
    if (load.callers === 'unique') {
      await tokens.topUp('amount' in length ? length.amount : Math.ceil((pace.get(key) ?? 600) * length.seconds * 1.5));
    }
    const result = await drive({
      url: endpoint.url,
      body: load.body,
      connections: load.connections,
      length,
      timeoutSeconds: settings.clientTimeoutSeconds,
      token: load.callers === 'unique' ? () => tokens.next() : undefined,
    });
    pace.set(key, result.rps);
    const counted = await readCountersOnceQuiet(() => readCounters(system, adminToken));
    return { result, counted };
  };
  const measure = async (measurement: Measurement, endpoint: Endpoint, load: Traffic) => {
    const groups = processGroups(endpoint);
    const key = paceKey(endpoint, load);
    // By the clock in a drill, where a hung partner makes any pace meaningless and clients giving up is the point.
    const length = hang
      ? { seconds: durationSeconds }
      : { amount: Math.max(load.connections, Math.round((pace.get(key) ?? 0) * durationSeconds)) };
    const before = await readCounters(system, adminToken);
    const cpu = cpuSnapshot(groups);
    const { result, counted } = await run(endpoint, load, length);
    record(measurement, result, countersSpent(before, counted), cpuSpent(cpu, cpuSnapshot(groups)));
  };

  /** Fails unless the endpoint answers the operation as the drill expects; returns its answer. */
  const check = async (endpoint: Endpoint, op: RegisteredOperation, body: string) => {
    const { status, json } = await answer(endpoint.url, body);
    const expected = hang
      ? json.data != null && (json.errors ?? []).every((e) => e.extensions?.subgraph === hang)
      : !json.errors;
    if (status !== 200 || !expected) {
      throw new BenchError(
        `${endpoint.target}: ${op.name} does not answer as expected: ${JSON.stringify(json).slice(0, 500)}`,
      );
    }
    return json;
  };

  const measurements: Measurement[] = [];
  const cached: Measurement[] = [];
  const gauges: string[] = [];
  const notes: string[] = [];
  try {
    for (const op of selectedOperations()) {
      const body = JSON.stringify({ query: op.document, variables: op.variables });
      const ourAnswer = await check(ours, op, body);
      if (compared && !isDeepStrictEqual((await check(compared, op, body)).data, ourAnswer.data)) {
        notes.push(`${op.name}: the compared gateway's data differs from ours`);
      }
      const withReference = reference && op.name === 'AgreementOverview';
      if (withReference) {
        const { json } = await answer(reference.url, body);
        if (!isDeepStrictEqual(json, ourAnswer)) {
          throw new BenchError(
            `reference: its AgreementOverview differs from the gateway's, so a ratio to it would mean nothing; ` +
              `fix scripts/bench/reference-server.ts. Gateway: ${JSON.stringify(ourAnswer).slice(0, 300)}… ` +
              `reference: ${JSON.stringify(json).slice(0, 300)}…`,
          );
        }
      }
      for (const callers of settings.callerModes) {
        for (const connections of settings.connections) {
          // The reference verifies no caller, so it is compared on anonymous traffic only.
          const endpoints = [
            ours,
            ...(compared ? [compared] : []),
            ...(withReference && callers === 'anonymous' ? [reference] : []),
          ];
          const rows = endpoints.map((e) => newMeasurement(op.name, callers, connections, e.target));
          measurements.push(...rows);
          const load: Traffic = { op: op.name, body, callers, connections };
          // Warm the query-plan caches and the JIT before measuring, and learn each target's pace.
          for (const endpoint of endpoints) await run(endpoint, load, { seconds: warmUpSeconds });
          const watch = watchResources(system.gateway.pid, system.hungPort);
          // Interleaved, round after round: the machine is shared, only side by side compares.
          for (let round = 0; round < rounds; round += 1) {
            for (const [i, endpoint] of endpoints.entries()) await measure(rows[i], endpoint, load);
          }
          const { before, peak, after } = await watch.finish();
          gauges.push(
            `${op.name}, ${callers}, ${connections} connections: our gateway rss ${before.rss.toFixed(0)} → peak ` +
              `${peak.rss.toFixed(0)} → ${after.rss.toFixed(0)} MB 1 s after, open files ${before.files} → peak ` +
              `${peak.files} → ${after.files}` +
              (hang ? `, sockets to ${hang} ${before.sockets} → peak ${peak.sockets} → ${after.sockets}` : ''),
          );
        }
      }
    }
    if (settings.cache) {
      await system.restartGateway({ RESPONSE_CACHE: 'on' });
      for (const op of selectedOperations()) {
        const body = JSON.stringify({ query: op.document, variables: op.variables });
        await check(ours, op, body);
        for (const callers of settings.callerModes) {
          for (const connections of settings.connections) {
            const row = newMeasurement(op.name, callers, connections, 'ours');
            cached.push(row);
            const load: Traffic = { op: op.name, body, callers, connections };
            await run(ours, load, { seconds: warmUpSeconds });
            for (let round = 0; round < rounds; round += 1) await measure(row, ours, load);
          }
        }
      }
    }
  } finally {
    await system.stop();
  }

  const hitsWithCacheOff = measurements.reduce((n, m) => n + m.runs.reduce((k, r) => k + r.cacheHits, 0), 0);
  if (hitsWithCacheOff > 0) notes.push(`${hitsWithCacheOff} answers said cache-status hit with the cache off`);
  if (tokens.reused > 0) notes.push(`${tokens.reused} requests reused a caller token: not every caller was unique`);
  printReport({
    settings,
    system,
    comparePid,
    measurements,
    cached,
    cpuGroups: processGroups(ours).map((group) => group.name),
    loadGenerator,
    lines: [...gauges, ...notes.map((note) => `note: ${note}`)],
  });
  // Figures over failed requests measure the failure, not the system; in a drill, clients giving up is the point.
  if ([...measurements, ...cached].some((m) => m.runs.some((r) => r.errors - (hang ? r.timeouts : 0) !== 0))) {
    console.error('bench: some requests failed; the figures above are not valid');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BenchError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

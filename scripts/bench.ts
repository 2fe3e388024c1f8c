/**
 * `npm run bench`: drives each registered dashboard operation through the
 * gateway with autocannon and prints requests/s and p50/p99 latency.
 *
 * Each service runs in a process of its own, as deployed (docker-compose),
 * not in `npm start`'s single process, and the load generator in this one:
 * on a fresh embedded database per subgraph unless DATABASE_URL points to a
 * server (then its `samverkan_*` databases). Ports start at BENCH_PORT_BASE
 * (default 15000); BENCH_DURATION (s, default 10) and BENCH_CONNECTIONS
 * (default 10) tune the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readPort } from '@samverkan/common';
import { loadRegisteredOperations } from '../schema/operations';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const portBase = readPort(process.env, 'BENCH_PORT_BASE', 15000);
const root = join(__dirname, '..');

const services = [
  { name: 'gateway', entry: 'gateway/src/index.ts', portVariable: 'GATEWAY_PORT' },
  { name: 'municipalities', entry: 'subgraphs/municipalities/src/index.ts', portVariable: 'MUNICIPALITIES_PORT' },
  { name: 'police', entry: 'subgraphs/police/src/index.ts', portVariable: 'POLICE_PORT' },
  {
    name: 'arbetsformedlingen',
    entry: 'subgraphs/arbetsformedlingen/src/index.ts',
    portVariable: 'ARBETSFORMEDLINGEN_PORT',
  },
  {
    name: 'forsakringskassan',
    entry: 'subgraphs/forsakringskassan/src/index.ts',
    portVariable: 'FORSAKRINGSKASSAN_PORT',
  },
  { name: 'agreements', entry: 'subgraphs/agreements/src/index.ts', portVariable: 'AGREEMENTS_PORT' },
];

async function waitForHealth(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not healthy within 120 s`);
}

async function startSystem() {
  const dataDir = mkdtempSync(join(tmpdir(), 'samverkan-bench-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // One load generator is one caller: lift its rate limit, or the bench measures the limiter.
    RATE_LIMIT_REQUESTS: '1000000',
    RATE_LIMIT_REQUESTS_PER_ADDRESS: '1000000',
    ...Object.fromEntries(services.map((s, i) => [s.portVariable, String(portBase + i)])),
    ...Object.fromEntries(
      services.slice(1).map((s, i) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${portBase + i + 1}/graphql`]),
    ),
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve(null);
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Subgraphs first (each seeds its database on first start), then the gateway.
    for (const [i, service] of [...services.entries()].slice(1).concat([[0, services[0]]])) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, service.entry)], {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      await waitForHealth(`http://127.0.0.1:${portBase + i}/health`, child, service.name);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${portBase}/graphql`, stop };
}

async function main() {
  const system = await startSystem();
  const rows: string[][] = [];
  try {
    for (const op of loadRegisteredOperations()) {
      const request = {
        url: system.url,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: op.document, variables: op.variables }),
        connections,
      };
      const check = await fetch(system.url, request);
      const answer = (await check.json()) as { errors?: unknown };
      if (check.status !== 200 || answer.errors) {
        throw new Error(`${op.name} does not answer cleanly: ${JSON.stringify(answer).slice(0, 500)}`);
      }
      // Warm the query-plan cache and the JIT before measuring.
      await autocannon({ ...request, duration: 2 });
      const result = await autocannon({ ...request, duration });
      rows.push([
        op.name,
        result.requests.average.toFixed(1),
        String(result.latency.p50),
        String(result.latency.p99),
        String(result.requests.total),
        String(result.errors + result.non2xx),
      ]);
    }
  } finally {
    await system.stop();
  }
  const header = ['operation', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nbench: ${connections} connections, ${duration} s per operation, six processes, ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)'}, ` +
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  // Figures over failed requests measure the failure, not the system.
  if (rows.some((row) => row[5] !== '0')) {
    console.error('bench: some requests failed; the figures above are not valid');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

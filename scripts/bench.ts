/**
 * `npm run bench`: drives each registered dashboard operation through the
 * gateway with autocannon and prints requests/s and p50/p99 latency.
 *
 * The system runs in a child process (the same start script as `npm start`,
 * on a fresh embedded database unless DATABASE_URL is set, on ports from
 * BENCH_PORT_BASE, default 15000) so the load generator does not share an
 * event loop with the servers. BENCH_DURATION (s, default 10) and
 * BENCH_CONNECTIONS (default 10) tune the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readPort } from '@samverkan/common';
import { loadRegisteredOperations } from '../schema/operations';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const portBase = readPort(process.env, 'BENCH_PORT_BASE', 15000);

async function startSystem() {
  const dataDir = mkdtempSync(join(tmpdir(), 'samverkan-bench-'));
  const names = ['GATEWAY', 'MUNICIPALITIES', 'POLICE', 'ARBETSFORMEDLINGEN', 'FORSAKRINGSKASSAN', 'AGREEMENTS'];
  const ports = Object.fromEntries(names.map((n, i) => [`${n}_PORT`, String(portBase + i)]));
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'start.ts')], {
    env: { ...process.env, ...ports, PGLITE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Playground:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the system exited with ${code} before it was up:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${portBase}/graphql`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const system = await startSystem();
  const rows: string[][] = [];
  try {
    for (const op of loadRegisteredOperations()) {
      const body = JSON.stringify({ query: op.document, variables: op.variables });
      const check = await fetch(system.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await check.json()) as { errors?: unknown };
      if (check.status !== 200 || answer.errors) {
        throw new Error(`${op.name} does not answer cleanly: ${JSON.stringify(answer).slice(0, 500)}`);
      }
      // Warm the query-plan cache and the JIT before measuring.
      await autocannon({
        url: system.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration: 2,
      });
      const result = await autocannon({
        url: system.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration,
      });
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
    `\nbench: ${connections} connections, ${duration} s per operation, ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)'}, ` +
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

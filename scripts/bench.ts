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
 *
 * Side by side with the peer gateway: BENCH_PEER_URL names a running peer
 * routed to the same subgraph ports (15001… by default; see
 * ../shared/peer/README.md) and signing with the same DEV_KEYS_DIR; each
 * operation is then measured on ours and the peer in turn, BENCH_ROUNDS
 * times (default 2), and the table gives each gateway's mean. BENCH_CALLERS
 * is `anonymous` (default), `unique` (every request a different caller's
 * valid token, so no work can be shared between requests) or both,
 * comma-separated.
 *
 * A fault drill: BENCH_HANG=<subgraph> puts a server that accepts and never
 * answers in that subgraph's place, and BENCH_CLIENT_TIMEOUT (s) makes the
 * clients give up as impatient dashboards do. The run then prints, beside the
 * latencies of the partial answers, the gateway process's memory and open
 * files and its sockets to the hung subgraph, sampled throughout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { importJWK, SignJWT, type JWK } from 'jose';
import {
  defaultDevelopmentKeyDir,
  developmentAudience,
  developmentIssuer,
  ensureDevelopmentKeys,
  readPort,
} from '@samverkan/common';
import { loadRegisteredOperations } from '../schema/operations';
import { environmentPrefix, listSubgraphs } from '../schema/subgraph-list';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const portBase = readPort(process.env, 'BENCH_PORT_BASE', 15000);
const hang = process.env.BENCH_HANG;
const clientTimeout = Number(process.env.BENCH_CLIENT_TIMEOUT ?? 0);
const peerUrl = process.env.BENCH_PEER_URL;
const rounds = Number(process.env.BENCH_ROUNDS ?? (peerUrl ? 2 : 1));
const callerModes = (process.env.BENCH_CALLERS ?? 'anonymous').split(',') as ('anonymous' | 'unique')[];
const root = join(__dirname, '..');

// The gateway first, then every subgraph the composition config lists whose code is here.
const services = [
  { name: 'gateway', entry: 'gateway/src/index.ts', portVariable: 'GATEWAY_PORT' },
  ...listSubgraphs()
    .filter((subgraph) => subgraph.inRepository)
    .map(({ name }) => ({
      name,
      entry: `subgraphs/${name}/src/index.ts`,
      portVariable: `${environmentPrefix(name)}_PORT`,
    })),
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

/** A process's resident memory (MB) and open files, and the established sockets to a port, as the kernel counts them. */
function sample(pid: number, port?: number) {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const files = readdirSync(`/proc/${pid}/fd`).length;
  let sockets = 0;
  if (port !== undefined) {
    const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const [, , remote, state] = line.trim().split(/\s+/);
        if (state === '01' && remote?.endsWith(hex)) sockets += 1;
      }
    }
  }
  return { rss, files, sockets };
}

/**
 * Caller tokens from the development identity provider, one caller each, for
 * the `unique` mode: made before the run, so signing them costs the load
 * generator nothing while it measures.
 */
async function callerTokens(count: number): Promise<string[]> {
  const files = ensureDevelopmentKeys(process.env.DEV_KEYS_DIR ?? defaultDevelopmentKeyDir);
  const privateKey = JSON.parse(readFileSync(files.callerPrivateKey, 'utf8')) as JWK;
  const key = await importJWK(privateKey, 'EdDSA');
  const organisations = ['polisen', 'arbetsformedlingen', 'forsakringskassan', '0180', '1280', '1480'];
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({ org: organisations[i % organisations.length], roles: ['partner'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: privateKey.kid })
        .setIssuer(developmentIssuer)
        .setAudience(developmentAudience)
        .setSubject(`bench-caller-${i}`)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(key),
    ),
  );
}

async function startSystem() {
  const dataDir = mkdtempSync(join(tmpdir(), 'samverkan-bench-'));
  const hung = hang ? await startHungSubgraph() : undefined;
  if (hang && !services.some((s) => s.name === hang && s.name !== 'gateway')) {
    throw new Error(`BENCH_HANG names no subgraph: ${hang}`);
  }
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // One load generator is one caller: lift its rate limit, or the bench measures the limiter.
    RATE_LIMIT_REQUESTS: '1000000',
    RATE_LIMIT_REQUESTS_PER_ADDRESS: '1000000',
    ...Object.fromEntries(services.map((s, i) => [s.portVariable, String(portBase + i)])),
    ...Object.fromEntries(
      services
        .slice(1)
        .map((s, i) => [
          `${environmentPrefix(s.name)}_URL`,
          `http://127.0.0.1:${s.name === hang ? hung!.port : portBase + i + 1}/graphql`,
        ]),
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
    hung?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Subgraphs first (each seeds its database on first start), then the gateway.
    for (const [i, service] of [...services.entries()].slice(1).concat([[0, services[0]]])) {
      if (service.name === hang) continue;
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
  return { url: `http://127.0.0.1:${portBase}/graphql`, gatewayPid: children.at(-1)!.pid!, hungPort: hung?.port, stop };
}

interface Measurement {
  operation: string;
  callers: string;
  gateway: string;
  rps: number[];
  p50: number[];
  p99: number[];
  requests: number;
  errors: number;
  timeouts: number;
}

async function main() {
  const system = await startSystem();
  const tokens = callerModes.includes('unique') ? await callerTokens(Math.max(5_000, duration * 600 * rounds)) : [];
  let nextToken = 0;
  const gateways = [{ name: 'ours', url: system.url }, ...(peerUrl ? [{ name: 'peer', url: peerUrl }] : [])];
  const measurements: Measurement[] = [];
  const gauges: string[] = [];
  try {
    for (const op of loadRegisteredOperations()) {
      const body = JSON.stringify({ query: op.document, variables: op.variables });
      for (const gateway of gateways) {
        const check = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const answer = (await check.json()) as { data?: unknown; errors?: { extensions?: { subgraph?: string } }[] };
        const expected = hang
          ? answer.data != null && (answer.errors ?? []).every((e) => e.extensions?.subgraph === hang)
          : !answer.errors;
        if (check.status !== 200 || !expected) {
          throw new Error(
            `${gateway.name}: ${op.name} does not answer as expected: ${JSON.stringify(answer).slice(0, 500)}`,
          );
        }
      }
      for (const callers of callerModes) {
        const run = (url: string, seconds: number) =>
          autocannon({
            url,
            connections,
            duration: seconds,
            ...(clientTimeout > 0 ? { timeout: clientTimeout } : {}),
            requests: [
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
                setupRequest: (request) =>
                  callers === 'unique'
                    ? {
                        ...request,
                        headers: { ...request.headers, authorization: `Bearer ${tokens[nextToken++ % tokens.length]}` },
                      }
                    : request,
              },
            ],
          });
        const rows = gateways.map((gateway) => {
          const row: Measurement = {
            operation: op.name,
            callers,
            gateway: gateway.name,
            rps: [],
            p50: [],
            p99: [],
            requests: 0,
            errors: 0,
            timeouts: 0,
          };
          measurements.push(row);
          return row;
        });
        // Warm the query-plan caches and the JIT before measuring.
        for (const gateway of gateways) await run(gateway.url, 2);
        const before = sample(system.gatewayPid, system.hungPort);
        const peak = { ...before };
        const sampler = setInterval(() => {
          const now = sample(system.gatewayPid, system.hungPort);
          peak.rss = Math.max(peak.rss, now.rss);
          peak.files = Math.max(peak.files, now.files);
          peak.sockets = Math.max(peak.sockets, now.sockets);
        }, 100);
        // Interleaved, ours then the peer, round after round: the machine is shared, only side by side compares.
        for (let round = 0; round < rounds; round += 1) {
          for (const [i, gateway] of gateways.entries()) {
            const result = await run(gateway.url, duration);
            rows[i].rps.push(result.requests.average);
            rows[i].p50.push(result.latency.p50);
            rows[i].p99.push(result.latency.p99);
            rows[i].requests += result.requests.total;
            rows[i].errors += result.errors + result.non2xx;
            rows[i].timeouts += result.timeouts;
          }
        }
        clearInterval(sampler);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const after = sample(system.gatewayPid, system.hungPort);
        gauges.push(
          `${op.name}, ${callers}: our gateway rss ${before.rss.toFixed(0)} → peak ${peak.rss.toFixed(0)} → ` +
            `${after.rss.toFixed(0)} MB 1 s after, open files ${before.files} → peak ${peak.files} → ${after.files}` +
            (hang ? `, sockets to ${hang} ${before.sockets} → peak ${peak.sockets} → ${after.sockets}` : ''),
        );
      }
    }
  } finally {
    await system.stop();
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const header = [
    'operation',
    'callers',
    'gateway',
    'req/s',
    'p50 ms',
    'p99 ms',
    'requests',
    'errors',
    'client timeouts',
  ];
  const rows = measurements.map((m) => [
    m.operation,
    m.callers,
    m.gateway,
    mean(m.rps).toFixed(1) + (m.rps.length > 1 ? ` (${m.rps.map((r) => r.toFixed(0)).join('/')})` : ''),
    mean(m.p50).toFixed(0),
    mean(m.p99).toFixed(0),
    String(m.requests),
    String(m.errors),
    String(m.timeouts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nbench: ${connections} connections, ${duration} s per run, ${rounds} round(s), six processes, ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)'}, ` +
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB` +
      (peerUrl ? `; peer at ${peerUrl}, interleaved` : '') +
      (hang ? `; ${hang} hung (accepts, never answers)` : '') +
      (clientTimeout > 0 ? `; clients give up after ${clientTimeout} s` : ''),
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const gauge of gauges) console.log(gauge);
  // Figures over failed requests measure the failure, not the system; in a drill, clients giving up is the point.
  if (measurements.some((m) => m.errors - (hang ? m.timeouts : 0) !== 0)) {
    console.error('bench: some requests failed; the figures above are not valid');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

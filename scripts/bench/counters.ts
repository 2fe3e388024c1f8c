/**
 * The work a request caused, as the services count it: fetches from our
 * gateway's `/status`, and GraphQL requests and SQL statements from each
 * subgraph's `/health` (and the reference's). Read before and after each run.
 */
import type { BenchSystem } from './services';
import { BenchError } from './settings';

/** Per subgraph (per database, for the reference); a service that does not count something leaves it out. */
export interface Counters {
  /** Fetches our gateway made to each subgraph. */
  fetches?: Map<string, number>;
  /** GraphQL requests each subgraph answered, whichever gateway sent them. */
  subgraphRequests: Map<string, number>;
  sqlStatements: Map<string, number>;
  referenceSqlStatements?: Map<string, number>;
}

async function json<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  if (!response.ok) {
    throw new BenchError(`bench: ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return (await response.json()) as T;
}

const healthUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/health');

/** `adminToken`: `/status` is for administrators unless STATUS_PUBLIC is on, and off in production mode. */
export async function readCounters(system: BenchSystem, adminToken: string): Promise<Counters> {
  const [status, subgraphs, reference] = await Promise.all([
    json<{ subgraphs: { name: string; fetches: number }[] }>(system.gateway.url.replace(/\/graphql$/, '/status'), {
      authorization: `Bearer ${adminToken}`,
    }),
    Promise.all(
      system.subgraphs.map(async (s) => ({
        name: s.name,
        ...(await json<{ sqlStatements?: number; graphqlRequests?: number }>(healthUrl(s.url))),
      })),
    ),
    system.reference
      ? json<{ sqlStatements: Record<string, number> }>(healthUrl(system.reference.url))
      : Promise.resolve(undefined),
  ]);
  const present = (values: [string, number | undefined][]) =>
    new Map(values.filter((entry): entry is [string, number] => entry[1] !== undefined));
  return {
    fetches: new Map(status.subgraphs.map((s) => [s.name, s.fetches])),
    subgraphRequests: present(subgraphs.map((s) => [s.name, s.graphqlRequests])),
    sqlStatements: present(subgraphs.map((s) => [s.name, s.sqlStatements])),
    referenceSqlStatements: reference && new Map(Object.entries(reference.sqlStatements)),
  };
}

function difference(before?: Map<string, number>, after?: Map<string, number>): Map<string, number> | undefined {
  if (!before || !after) return undefined;
  return new Map([...after].map(([name, value]) => [name, value - (before.get(name) ?? 0)]));
}

const sameCounts = (a: Counters, b: Counters) =>
  [a.fetches, a.subgraphRequests, a.sqlStatements, a.referenceSqlStatements].every((counts, i) => {
    const other = [b.fetches, b.subgraphRequests, b.sqlStatements, b.referenceSqlStatements][i];
    return [...(counts ?? [])].every(([name, value]) => other?.get(name) === value);
  });

/**
 * The counters once they stop moving: the requests a run left in flight are
 * answered after it ends, and their work belongs to it, so per-request
 * figures divide by the requests sent, not only those completed. Gives up
 * after `limitMs`, as in a drill where a request hangs.
 */
export async function readCountersOnceQuiet(read: () => Promise<Counters>, limitMs = 10_000): Promise<Counters> {
  const deadline = Date.now() + limitMs;
  let last = await read();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await read();
    if (sameCounts(last, now)) return now;
    last = now;
  }
  return last;
}

export function countersSpent(before: Counters, after: Counters): Counters {
  return {
    fetches: difference(before.fetches, after.fetches),
    subgraphRequests: difference(before.subgraphRequests, after.subgraphRequests)!,
    sqlStatements: difference(before.sqlStatements, after.sqlStatements)!,
    referenceSqlStatements: difference(before.referenceSqlStatements, after.referenceSqlStatements),
  };
}

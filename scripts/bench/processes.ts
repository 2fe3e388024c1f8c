/**
 * What the kernel counts of the processes under test: CPU time, memory, open
 * files and sockets, read from /proc, so that the figures are the processes'
 * own and not what they say of themselves.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second, the unit of utime and stime in /proc/<pid>/stat; 100 on every Linux we run on. */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** User plus system CPU time of a process so far, in ms. Fields 14 and 15 of stat, counted from 1. */
function cpuMs(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond : undefined;
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** A process and every process below it, such as the workers a gateway forks. */
export function withDescendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const other of allPids()) {
    const parent = Number(statFields(other)?.[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(other);
  }
  const found = [pid];
  for (let i = 0; i < found.length; i += 1) found.push(...(children.get(found[i]) ?? []));
  return found;
}

/** Every PostgreSQL server process on this machine: the postmaster, its backends and its workers. */
export function postgresPids(): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  });
}

/** The process listening on a local TCP port, as `ss` tells; undefined when it is not ours to see. */
export function listeningPid(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid === undefined ? undefined : Number(pid);
  } catch {
    return undefined;
  }
}

/** A named set of processes whose CPU time is measured together; `pids` is asked anew at every snapshot. */
export interface ProcessGroup {
  name: string;
  pids(): number[];
}

export type CpuSnapshot = Map<string, Map<number, number>>;

export function cpuSnapshot(groups: readonly ProcessGroup[]): CpuSnapshot {
  return new Map(
    groups.map((group) => {
      const spent = new Map<number, number>();
      for (const pid of group.pids()) {
        const ms = cpuMs(pid);
        if (ms !== undefined) spent.set(pid, ms);
      }
      return [group.name, spent];
    }),
  );
}

/**
 * CPU ms each group spent between two snapshots, undefined for a group with
 * no process to read. A process that started in between counts from zero; one
 * that ended in between is lost, which for PostgreSQL means a backend whose
 * connection closed mid-run.
 */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Map<string, number | undefined> {
  return new Map(
    [...after].map(([name, pids]) => {
      if (pids.size === 0) return [name, undefined];
      let spent = 0;
      for (const [pid, ms] of pids) spent += ms - (before.get(name)?.get(pid) ?? 0);
      return [name, spent];
    }),
  );
}

/** A process's resident memory (MB) and open files, and the established sockets to a port, as the kernel counts them. */
function memoryAndFiles(pid: number, port?: number) {
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
 * Samples a process's memory, open files and sockets to a port every 100 ms
 * until `finish`, which waits a second for it to settle and samples it once more.
 */
export function watchResources(pid: number, port?: number) {
  const before = memoryAndFiles(pid, port);
  const peak = { ...before };
  const sampler = setInterval(() => {
    const now = memoryAndFiles(pid, port);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.files = Math.max(peak.files, now.files);
    peak.sockets = Math.max(peak.sockets, now.sockets);
  }, 100);
  return {
    finish: async () => {
      clearInterval(sampler);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return { before, peak, after: memoryAndFiles(pid, port) };
    },
  };
}

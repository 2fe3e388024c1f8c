import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** A TCP server the tests stand in front of a subgraph, counting the sockets open to it. */
export interface CountingServer {
  url: string;
  port: number;
  /** Sockets open right now. */
  readonly open: number;
  /** The most sockets that were ever open at once. */
  readonly peak: number;
  /** Connections accepted in all. */
  readonly accepted: number;
  /** Sockets open right now that have carried a request. */
  readonly openWithRequest: number;
  close(): Promise<void>;
}

/**
 * Sockets in ESTABLISHED state whose far end is `port` on this machine, as
 * the kernel lists them: the client side of every connection to a test
 * server, counted independently of either program's own bookkeeping.
 */
export function establishedSocketsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, , remote, state] = line.trim().split(/\s+/);
      if (state === '01' && remote?.endsWith(`:${hexPort}`)) count += 1;
    }
  }
  return count;
}

async function listen(server: net.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

/** Starts a TCP server on a free port that counts its sockets; `onConnection` decides what it does with each. */
async function startCountingServer(
  onConnection: (socket: net.Socket) => void,
  path = '/graphql',
): Promise<CountingServer> {
  const sockets = new Set<net.Socket>();
  const carried = new WeakSet<net.Socket>();
  let peak = 0;
  let accepted = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    accepted += 1;
    peak = Math.max(peak, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => carried.add(socket));
    onConnection(socket);
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    get open() {
      return sockets.size;
    },
    get peak() {
      return peak;
    },
    get accepted() {
      return accepted;
    },
    get openWithRequest() {
      return [...sockets].filter((socket) => carried.has(socket)).length;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * A subgraph that accepts connections, reads whatever is sent and never
 * answers: the worst kind of partner outage, a hung process.
 */
export function startHungServer(): Promise<CountingServer> {
  return startCountingServer((socket) => {
    // Read (and drop) the request, so a client's close is seen at once.
    socket.resume();
    socket.on('end', () => socket.destroy());
  });
}

/**
 * What a fault proxy does to traffic, decided afresh for every chunk, so a
 * change takes effect on kept-alive connections too.
 */
export type ProxyMode =
  | { kind: 'pass' }
  /** Holds each chunk of the subgraph's answer this long before passing it on. */
  | { kind: 'delay'; ms: number }
  /** Resets every connection as soon as a request arrives, as a crashing process would. */
  | { kind: 'reset' }
  /** Resets the next `count` requests' connections, then passes. */
  | { kind: 'reset-next'; count: number };

export interface FaultProxy extends CountingServer {
  mode: ProxyMode;
  /** Requests (first chunks of a request) that reached the proxy. */
  readonly requests: number;
}

/** A TCP proxy in front of a real subgraph that delays, resets or passes its traffic. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let mode: ProxyMode = { kind: 'pass' };
  let requests = 0;
  const server = await startCountingServer((client) => {
    const backend = net.connect(Number(upstream.port), upstream.hostname);
    backend.on('error', () => client.destroy());
    client.on('close', () => backend.destroy());
    backend.on('close', () => client.destroy());
    client.on('data', (chunk) => {
      requests += 1;
      if (mode.kind === 'reset' || (mode.kind === 'reset-next' && mode.count > 0)) {
        if (mode.kind === 'reset-next') mode = { kind: 'reset-next', count: mode.count - 1 };
        client.resetAndDestroy();
        return;
      }
      backend.write(chunk);
    });
    backend.on('data', (chunk) => {
      if (mode.kind === 'delay') {
        backend.pause();
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
          backend.resume();
        }, mode.ms);
      } else if (!client.destroyed) client.write(chunk);
    });
  }, upstream.pathname);
  return Object.defineProperties(server, {
    mode: {
      get: () => mode,
      set: (next: ProxyMode) => (mode = next),
    },
    requests: { get: () => requests },
  }) as FaultProxy;
}

/**
 * The URL of a port nothing listens on: a subgraph that is down. A port
 * freed after listening on port 0 can be handed to the next server any test
 * process starts, turning "down" into "answers something else"; ports below
 * 1024 are never handed out that way, so one found refusing stays refusing.
 */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}/graphql`;
}

/** A port on 127.0.0.1 that refuses connections and will go on refusing them (see closedPortUrl). */
export async function closedPort(): Promise<number> {
  for (const port of [9, 7, 13, 17, 19, 37]) {
    if (await refuses(port)) return port;
  }
  throw new Error(
    'every candidate low port on 127.0.0.1 accepts connections: no closed port to stand in for a down subgraph',
  );
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * A switchable TCP link on 127.0.0.1 in front of the fake Spotify, so a test
 * can pull the network out from under a running core and plug it back in on
 * the same port: `down()` refuses connections (ECONNREFUSED, like a dropped
 * Wi-Fi), `reset()` accepts and drops them (ECONNRESET), `up()` forwards again.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type LinkMode = 'up' | 'reset';

export interface Link {
  /** `http://127.0.0.1:PORT`: use instead of the fake's origin. */
  readonly origin: string;
  readonly port: number;
  down(): Promise<void>;
  up(mode?: LinkMode): Promise<void>;
  close(): Promise<void>;
}

export async function startLink(targetPort: number): Promise<Link> {
  const sockets = new Set<Socket>();
  let mode: LinkMode = 'up';
  let server: Server | null = null;
  let port = 0;

  const listen = async (): Promise<void> => {
    const next = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => undefined);
      if (mode === 'reset') {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen({ host: '127.0.0.1', port }, () => resolve());
    });
    const address = next.address();
    if (address === null || typeof address === 'string') throw new Error('link: no TCP address');
    port = address.port;
    server = next;
  };

  const stop = async (): Promise<void> => {
    const current = server;
    server = null;
    if (current === null) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    // Kept-alive connections too: a pulled cable ends them all.
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  await listen();
  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    down: stop,
    async up(next = 'up') {
      mode = next;
      if (server === null) await listen();
      else for (const socket of sockets) socket.destroy();
    },
    close: stop,
  };
}

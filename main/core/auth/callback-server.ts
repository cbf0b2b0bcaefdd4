/**
 * The loopback server that receives Spotify's redirect. It listens only while
 * a login is pending, only on the redirect URI's loopback host and port, and
 * answers only `GET <path>`; everything else is a 404. It knows nothing about
 * OAuth: the login flow decides what each callback means.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Logger } from '../log.ts';
import { TraytuneProblem } from '../problems.ts';
import { pages, renderPage, type CallbackPage } from './callback-pages.ts';

export interface CallbackServerOptions {
  host: '127.0.0.1' | '::1';
  /** 0 picks a free port. */
  port: number;
  path: string;
  /** Decides the page for one callback's query parameters. Must not throw. */
  onCallback: (params: URLSearchParams) => Promise<CallbackPage>;
  logger: Logger;
}

/** Bounds for slow or hostile clients on the loopback port. */
const LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 1_000,
  maxHeaderSize: 16 * 1024,
  maxUrlLength: 8 * 1024,
  timeoutCheckMs: 1_000,
  closeGraceMs: 2_000,
};

const SECURITY_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // The page has no script and loads nothing; the inline style is its only resource.
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export class CallbackServer {
  readonly #options: CallbackServerOptions;
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  #port: number | null = null;

  constructor(options: CallbackServerOptions) {
    this.#options = options;
  }

  /** The bound port, once listening. */
  get port(): number | null {
    return this.#port;
  }

  /** The bound address, once listening (always the loopback literal it was given). */
  get address(): string | null {
    const info = this.#server?.address();
    return typeof info === 'object' && info !== null ? info.address : null;
  }

  get listening(): boolean {
    return this.#server !== null;
  }

  /** Starts listening; a taken port becomes a 'port-busy' problem naming the port and the fix. */
  async listen(): Promise<number> {
    if (this.#server !== null && this.#port !== null) return this.#port;
    const server = createServer(
      {
        maxHeaderSize: LIMITS.maxHeaderSize,
        requestTimeout: LIMITS.requestTimeoutMs,
        headersTimeout: LIMITS.headersTimeoutMs,
        // Node checks those timeouts every 30 s by default, letting a dribbling client hold a socket that long.
        connectionsCheckingInterval: LIMITS.timeoutCheckMs,
      },
      (req, res) => void this.#handle(req, res),
    );
    server.keepAliveTimeout = LIMITS.keepAliveTimeoutMs;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // A client too slow to send its request gets 408, huge headers 431, anything else malformed 400.
      const status =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : error.code === 'HPE_HEADER_OVERFLOW'
            ? '431 Request Header Fields Too Large'
            : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.#options.host, port: this.#options.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw this.#listenProblem(error);
    });
    server.on('error', (error) => this.#options.logger.error('callback server error', error));
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    this.#options.logger.debug(`callback server listening on ${this.#options.host}:${this.#port}`);
    return this.#port;
  }

  /** Stops listening and drops every open connection so nothing lingers on the port. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    this.#port = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets go at once. A request in flight (a code exchange the user just
    // cancelled) may still answer its page, since every response says Connection: close;
    // whatever is still open after a short grace (a slow client) is cut.
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      for (const socket of this.#sockets) socket.destroy();
    }, LIMITS.closeGraceMs);
    grace.unref();
    await closed;
    clearTimeout(grace);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let page: CallbackPage;
    try {
      page = await this.#route(req);
    } catch (error) {
      this.#options.logger.error('callback handling failed', error);
      page = pages.exchangeFailed('an unexpected error happened inside Traytune.');
    }
    if (res.headersSent || res.destroyed) return;
    const body = renderPage(page);
    res.writeHead(page.status, { ...SECURITY_HEADERS, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async #route(req: IncomingMessage): Promise<CallbackPage> {
    const rawUrl = req.url ?? '';
    if (req.method !== 'GET' || rawUrl.length > LIMITS.maxUrlLength || !rawUrl.startsWith('/')) return pages.notFound();
    let url: URL;
    try {
      url = new URL(rawUrl, 'http://callback.invalid');
    } catch {
      return pages.notFound();
    }
    if (url.pathname !== this.#options.path) return pages.notFound();
    return this.#options.onCallback(url.searchParams);
  }

  #listenProblem(error: unknown): TraytuneProblem {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const where = `${this.#options.host === '::1' ? '[::1]' : this.#options.host}:${this.#options.port}`;
    if (code === 'EADDRINUSE') {
      return new TraytuneProblem(
        'port-busy',
        `Port ${this.#options.port} is in use by another program, so Traytune cannot receive the login at ${where}. ` +
          'Close that program, or choose another port in the redirect URI here and in the Spotify dashboard.',
        { cause: error },
      );
    }
    if (code === 'EACCES') {
      return new TraytuneProblem(
        'port-busy',
        `Traytune is not allowed to listen on ${where}. Choose a port above 1024 in the redirect URI here and in the Spotify dashboard.`,
        { cause: error },
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      return new TraytuneProblem(
        'port-busy',
        `This computer has no ${where} address (IPv6 may be off). Use http://127.0.0.1 in the redirect URI here and in the Spotify dashboard.`,
        { cause: error },
      );
    }
    return new TraytuneProblem('login-failed', `Could not listen on ${where} for the login.`, { cause: error });
  }
}

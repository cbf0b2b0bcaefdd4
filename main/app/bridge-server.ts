/**
 * The browser preview's server: the built renderer plus the bridge endpoints
 * that implement the IPC contract over HTTP (see bridge-protocol.ts). It
 * binds 127.0.0.1 only and accepts an API call only when it comes from its
 * own page: right Host (no DNS rebinding), same origin, and the per-run
 * token that only its own page can read. Tokens of the Spotify login never
 * leave Node: only ViewState crosses, as in the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

import { silentLogger, type Logger } from '../core/log.ts';
import type { ViewState } from '../contract/ipc.ts';
import { BodyTooLargeError, closeServer, mediaType, readBody, sendJson, sendText } from '../demo/http.ts';
import { previewIndexHtml, readStaticFile } from './bridge-page.ts';
import { API_PREFIX, BRIDGE_SCRIPT, EVENTS_PATH, STATE_EVENT, TOKEN_HEADER } from './bridge-protocol.ts';
import { InvalidArgumentsError, invokeChannel, isInvokeChannel, serviceHandlers, type ServiceApi } from './handlers.ts';

export interface BridgeServerOptions {
  service: ServiceApi;
  /** The built renderer (index.html, app.js, …). */
  rendererDir: string;
  /** The bundled bridge, served as /bridge.js. */
  bridgeScript: string;
  /** The popover's Content-Security-Policy (rendererCsp with connectSelf). */
  csp: string;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
  /** Keep-alive comment interval on the event stream. */
  heartbeatMs?: number;
  /**
   * Called with the number of open pages (event streams) when it changes:
   * a page showing the popover is the preview's "popover visible".
   */
  onPagesChanged?: (count: number) => void;
}

export interface BridgeServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** The per-run token the page sends back in TOKEN_HEADER. */
  readonly token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Headers every response gets: nothing here may be framed, sniffed, cached or leak a referrer. */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const logger = options.logger ?? silentLogger;
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const handlers = serviceHandlers(options.service);
  const streams = new Set<ServerResponse>();
  let host = '';

  function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, csp?: string): void {
    res.writeHead(status, {
      ...COMMON_HEADERS,
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      ...(csp === undefined ? {} : { 'content-security-policy': csp }),
    });
    res.end(body);
  }

  /** Why an /api request is refused, or null when it comes from the preview's own page. */
  function refusal(req: IncomingMessage): string | null {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return 'cross-origin request';
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return 'cross-site request';
    const sent = req.headers[TOKEN_HEADER];
    if (typeof sent !== 'string') return 'missing bridge token';
    const sentBytes = Buffer.from(sent);
    return sentBytes.length === tokenBytes.length && timingSafeEqual(sentBytes, tokenBytes)
      ? null
      : 'wrong bridge token';
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const refused = refusal(req);
    if (refused !== null) {
      logger.warn('preview bridge refused a request', { path, reason: refused });
      return sendJson(res, 403, { error: 'Forbidden.' }, COMMON_HEADERS);
    }
    if (path === EVENTS_PATH && req.method === 'GET') return openStream(req, res);
    const channel = path.slice(API_PREFIX.length);
    if (!isInvokeChannel(channel)) return sendJson(res, 404, { error: 'No such channel.' }, COMMON_HEADERS);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST.' }, { ...COMMON_HEADERS, allow: 'POST' });
    // JSON only: a cross-site form cannot send it without a CORS preflight, which this server never answers.
    if (mediaType(req) !== 'application/json') return sendJson(res, 415, { error: 'Send JSON.' }, COMMON_HEADERS);
    let args: unknown;
    try {
      args = JSON.parse(await readBody(req));
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      return sendJson(res, 400, { error: 'The body is not JSON.' }, COMMON_HEADERS);
    }
    if (!Array.isArray(args)) return sendJson(res, 400, { error: 'Send the arguments as an array.' }, COMMON_HEADERS);
    try {
      const result = await invokeChannel(handlers, channel, args);
      sendJson(res, 200, { result }, COMMON_HEADERS);
    } catch (error) {
      if (error instanceof InvalidArgumentsError) return sendJson(res, 400, { error: error.message }, COMMON_HEADERS);
      logger.error(`preview bridge: ${channel} failed`, error);
      sendJson(res, 500, { error: `${channel} failed.` }, COMMON_HEADERS);
    }
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' });
    const push = (state: ViewState): void => {
      res.write(`event: ${STATE_EVENT}\ndata: ${JSON.stringify(state)}\n\n`);
    };
    push(options.service.view);
    const unsubscribe = options.service.subscribe(push);
    // Comments keep idle connections (and proxies in between) from timing the stream out.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
    streams.add(res);
    options.onPagesChanged?.(streams.size);
    req.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
      options.onPagesChanged?.(streams.size);
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only the address this server printed: a DNS-rebound name must not reach the API or the token.
    if (req.headers.host !== host) return sendText(res, 421, 'Open the preview at the address it printed.');
    const path = new URL(req.url ?? '/', `http://${host}`).pathname;
    if (path.startsWith(API_PREFIX)) return api(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    if (path === '/' || path === '/index.html') {
      const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
      const page = previewIndexHtml(html, { csp: options.csp, token });
      return send(res, 200, 'text/html; charset=utf-8', page, options.csp);
    }
    if (path === `/${BRIDGE_SCRIPT}`) return send(res, 200, 'text/javascript; charset=utf-8', options.bridgeScript);
    const file = await readStaticFile(options.rendererDir, path);
    if (file === null) return sendText(res, 404, 'Not found.', COMMON_HEADERS);
    send(res, 200, file.contentType, file.body);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'Too large.' }, COMMON_HEADERS);
      logger.error('preview server: request failed', error);
      sendText(res, 500, 'The preview failed to answer; see its terminal.', COMMON_HEADERS);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    await closeServer(server);
    throw new Error('The preview server has no TCP port.');
  }
  host = `${HOST}:${address.port}`;

  return {
    url: `http://${host}/`,
    port: address.port,
    token,
    async close() {
      for (const stream of streams) stream.end();
      await closeServer(server);
    },
  };
}

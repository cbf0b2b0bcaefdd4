/**
 * The HTTP server: binds 127.0.0.1 only, records every request, applies
 * injected faults, then routes to the accounts service or the Web API.
 * Closing destroys every socket, keep-alive ones too, so no test hangs.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';

import { handleApi } from './api.ts';
import { handleAuthorize, handleDecision } from './authorize.ts';
import type { FakeContext } from './context.ts';
import { applyFault } from './faults.ts';
import type { AuthorizationKind } from './http.ts';
import { isFormEncoded, parseAuthorization, readBody, sendApiError, sendText, toRecord } from './http.ts';
import { DECISION_PATH } from './pages.ts';
import { handleToken } from './token-endpoint.ts';

/** One request as the fake saw it. */
export interface RecordedRequest {
  method: string;
  /** URL path without the query, e.g. `/v1/me/player` or `/api/token`. */
  path: string;
  query: Record<string, string>;
  /** Which scheme the `Authorization` header used, if any. */
  authorization: AuthorizationKind | undefined;
  /** The bearer token sent, so a test can tell an old token from a refreshed one. */
  token?: string;
  /** The form fields of a form-encoded body (token requests, consent decisions). */
  form?: Record<string, string>;
  /** Fake-clock time the request arrived. */
  at: number;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
export const IMAGE_PATH = '/image/';

/** A flat square in a colour derived from the key: recognisable, tiny, offline. */
function sendImage(res: ServerResponse, key: string): void {
  const hue = createHash('sha256').update(key).digest()[0] ?? 0;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="640" viewBox="0 0 1 1"><rect width="1" height="1" fill="hsl(${Math.round((hue / 255) * 360)} 60% 45%)"/></svg>`;
  res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': Buffer.byteLength(svg) });
  res.end(svg);
}

async function route(
  ctx: FakeContext,
  req: IncomingMessage,
  res: ServerResponse,
  requests: RecordedRequest[],
  signal: AbortSignal,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const path = url.pathname;
  const body = await readBody(req);
  const form = isFormEncoded(req) ? new URLSearchParams(body) : undefined;
  const auth = parseAuthorization(req.headers.authorization);

  const record: RecordedRequest = {
    method,
    path,
    query: toRecord(url.searchParams),
    authorization: auth.kind,
    at: ctx.now(),
  };
  if (auth.kind === 'bearer' && auth.credentials !== undefined) record.token = auth.credentials;
  if (form !== undefined) record.form = toRecord(form);
  requests.push(record);

  const fault = ctx.faults.take(method, path);
  if (fault !== undefined && (await applyFault(fault, res, signal))) return;

  if (path === '/authorize' && method === 'GET') handleAuthorize(ctx, url.searchParams, res);
  else if (path === DECISION_PATH && method === 'POST') handleDecision(ctx, form, res);
  else if (path === '/api/token') handleToken(ctx, method, auth, form, res);
  else if (path === '/v1' || path.startsWith('/v1/')) {
    handleApi(ctx, method, path.slice('/v1'.length), url.searchParams, auth, body, res);
  } else if (path.startsWith(IMAGE_PATH) && method === 'GET') sendImage(res, path.slice(IMAGE_PATH.length));
  else sendText(res, 404, 'Not found');
}

/** Starts the server on 127.0.0.1:`port` (0 = any free port). */
export function listen(ctx: FakeContext, requests: RecordedRequest[], port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  const server = createServer((req, res) => {
    route(ctx, req, res, requests, closing.signal).catch((error: unknown) => {
      // A bug in the fake, or a client that hung up: say so loudly, never hang the client.
      console.error('fake Spotify: request failed', error);
      if (!res.headersSent && !res.destroyed) sendApiError(res, 500, 'Fake Spotify internal error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      closing.abort();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('fake Spotify: no TCP address'));
        return;
      }
      resolve({ port: address.port, close });
    });
  });
}

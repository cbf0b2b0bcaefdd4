/**
 * A real HTTP server on 127.0.0.1 (random port) that answers from a script
 * and records every request with its arrival time, so client tests exercise
 * real sockets, real headers and real timeouts instead of a mocked fetch.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (plain text unless headers say otherwise); anything else as JSON. */
  body?: unknown;
  /** Real milliseconds to wait before answering (to provoke client timeouts). */
  delayMs?: number;
  /** Cut the connection instead of answering. */
  destroy?: boolean;
}

/** Computes the answer from the request, for replies that depend on it. */
export type ScriptedHandler = (request: RecordedRequest) => ScriptedReply;

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/me?x=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `now()` when the request arrived (a virtual clock's time, when one is given). */
  at: number;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  requests: RecordedRequest[];
  /** Queues answers, used in order; when the queue is empty `fallback` answers. */
  reply(...replies: (ScriptedReply | ScriptedHandler)[]): void;
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /** Timestamp source for `RecordedRequest.at`; default Date.now. */
  now?: () => number;
  /** Answer when the script has run out; default a 599 so the test notices. */
  fallback?: ScriptedReply;
}

const UNSCRIPTED: ScriptedReply = { status: 599, body: 'no scripted reply left' };

function send(response: ServerResponse, reply: ScriptedReply): void {
  if (reply.destroy === true) {
    response.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Starts a scripted server; close it in afterEach. */
export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const now = options.now ?? Date.now;
  const fallback = options.fallback ?? UNSCRIPTED;
  const script: (ScriptedReply | ScriptedHandler)[] = [];
  const requests: RecordedRequest[] = [];
  const delays = new Set<NodeJS.Timeout>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const at = now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      requests.push(recorded);
      const next = script.shift() ?? fallback;
      const reply = typeof next === 'function' ? next(recorded) : next;
      if (reply.delayMs === undefined) {
        send(response, reply);
        return;
      }
      const timer = setTimeout(() => {
        delays.delete(timer);
        if (!response.destroyed) send(response, reply);
      }, reply.delayMs);
      delays.add(timer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      script.push(...replies);
    },
    close: async () => {
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      // Keep-alive and deliberately slow connections would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 127.0.0.1 port that was free a moment ago and now refuses connections. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

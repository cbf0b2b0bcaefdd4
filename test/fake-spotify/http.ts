/**
 * Small response and request helpers shared by the accounts and API routes,
 * so every error body has exactly the shape Spotify uses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest body the fake reads; anything bigger is a bug in the caller. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isFormEncoded(req: IncomingMessage): boolean {
  return (
    (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

/** Last value wins, like most servers; tests read these from the request log. */
export function toRecord(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // Self-contained pages: nothing may load from elsewhere, scripts never run.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    'cache-control': 'no-store',
  });
  res.end(html);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function redirect(res: ServerResponse, location: URL): void {
  res.writeHead(302, { location: location.href, 'content-length': 0 });
  res.end();
}

/** Web API error: `{"error":{"status","message","reason"?}}`. */
export function sendApiError(
  res: ServerResponse,
  status: number,
  message: string,
  reason?: string,
  headers: Record<string, string> = {},
): void {
  const error = reason === undefined ? { status, message } : { status, message, reason };
  sendJson(res, status, { error }, headers);
}

/** Accounts-service error: `{"error","error_description"}`. */
export function sendOAuthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, { 'cache-control': 'no-store' });
}

export type AuthorizationKind = 'bearer' | 'basic';

export interface ParsedAuthorization {
  kind: AuthorizationKind | undefined;
  /** The bearer token, or the decoded `id:secret` pair for Basic. */
  credentials: string | undefined;
}

export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  const match = /^(\w+)\s+(\S+)\s*$/.exec(header ?? '');
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2];
  if (value === undefined) return { kind: undefined, credentials: undefined };
  if (scheme === 'bearer') return { kind: 'bearer', credentials: value };
  if (scheme === 'basic') return { kind: 'basic', credentials: Buffer.from(value, 'base64').toString('utf8') };
  return { kind: undefined, credentials: undefined };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

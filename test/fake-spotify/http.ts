/**
 * Small response and request helpers shared by the accounts and API routes,
 * so every error body has exactly the shape Spotify uses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { escapeHtml } from '../../main/core/auth/callback-pages.ts';
import {
  mediaType,
  readBody as readBodyUpTo,
  redirect,
  sendHtml as sendDemoHtml,
  sendJson,
  sendText,
} from '../../main/demo/http.ts';

// One implementation of the plain HTTP plumbing for the product's servers and this fake.
export { escapeHtml, redirect, sendJson, sendText };

/** Largest body the fake reads; anything bigger is a bug in the caller. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The demo's body reader, with the fake's larger bound. */
export function readBody(req: IncomingMessage): Promise<string> {
  return readBodyUpTo(req, MAX_BODY_BYTES);
}

export function isFormEncoded(req: IncomingMessage): boolean {
  return mediaType(req) === 'application/x-www-form-urlencoded';
}

/** Last value wins, like most servers; tests read these from the request log. */
export function toRecord(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params);
}

/** Self-contained pages: nothing may load from elsewhere, scripts never run. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendDemoHtml(res, status, html, PAGE_CSP);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
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

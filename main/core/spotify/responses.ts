/**
 * Reading Spotify's answers and failures into TraytuneProblem kinds. Error
 * bodies arrive as JSON, as plain text (development-mode 403s) or empty, so
 * nothing here may throw while parsing. Spotify's JSON `message` is never
 * matched (its wording changes); only status, `reason`, and the plain-text
 * 403 bodies, which have nothing else to go on.
 */
import { TraytuneProblem } from '../problems.ts';

/** Retry-After used when the header is missing or unreadable. */
export const DEFAULT_RETRY_AFTER_S = 1;

export type JsonResult = { ok: true; value: unknown } | { ok: false };

/** JSON.parse that reports failure instead of throwing; empty text is a failure. */
export function parseJson(text: string): JsonResult {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Seconds from a Retry-After header (delta-seconds form, which is what Spotify sends). */
export function parseRetryAfterS(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return DEFAULT_RETRY_AFTER_S;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : DEFAULT_RETRY_AFTER_S;
}

/** What an error body says, in the two shapes Spotify uses. */
export interface ErrorBody {
  /** `error.reason` from a JSON body. */
  reason: string | undefined;
  /** The body when it is plain text (or a bare JSON string); undefined for JSON objects. */
  plainText: string | undefined;
}

/** Reads an error body of any shape; never throws. */
export function readErrorBody(text: string): ErrorBody {
  const parsed = parseJson(text);
  if (!parsed.ok) return { reason: undefined, plainText: text.trim() === '' ? undefined : text };
  if (typeof parsed.value === 'string') return { reason: undefined, plainText: parsed.value };
  const error = isRecord(parsed.value) ? parsed.value['error'] : undefined;
  const reason = isRecord(error) && typeof error['reason'] === 'string' ? error['reason'] : undefined;
  return { reason, plainText: undefined };
}

// The development-mode 403s come as plain text with no reason code, so their
// wording is the only signal. Loose on purpose: a small rewording should still match.
const USER_NOT_REGISTERED = /developer dashboard|not registered/i;
const OWNER_PREMIUM = /owner/i;
const PREMIUM = /premium/i;

/**
 * The problem for a 4xx answer other than 401 and 429 (which the client
 * handles itself): 403 and 404 by reason or plain text, anything else 'unexpected'.
 */
export function problemForClientError(status: number, text: string, where: string): TraytuneProblem {
  const { reason, plainText } = readErrorBody(text);
  const extra = reason === undefined ? { status } : { status, reason };
  if (status === 403) {
    if (reason === 'PREMIUM_REQUIRED') {
      return new TraytuneProblem('premium-required', `${where}: Spotify Premium is required`, extra);
    }
    if (plainText !== undefined && USER_NOT_REGISTERED.test(plainText)) {
      return new TraytuneProblem(
        'user-not-registered',
        `${where}: the user is not on the app's allow-list in the Developer Dashboard`,
        extra,
      );
    }
    if (plainText !== undefined && OWNER_PREMIUM.test(plainText) && PREMIUM.test(plainText)) {
      return new TraytuneProblem('owner-needs-premium', `${where}: the app owner's account needs Premium`, extra);
    }
    return new TraytuneProblem('forbidden', `${where}: Spotify refused the request (403)`, extra);
  }
  if (status === 404 && reason === 'NO_ACTIVE_DEVICE') {
    return new TraytuneProblem('no-active-device', `${where}: no active Spotify device`, extra);
  }
  return new TraytuneProblem('unexpected', `${where}: unexpected HTTP ${status}`, extra);
}

/** A request that failed below HTTP. `sent` is false when it certainly never reached Spotify. */
export interface NetworkFailure {
  kind: 'offline' | 'timeout';
  sent: boolean;
  code: string;
}

const NOT_SENT_OFFLINE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
]);
const MAYBE_SENT_OFFLINE = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const NOT_SENT_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT']);
const MAYBE_SENT_TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Error codes on the error, its causes and, for AggregateErrors (happy eyeballs), their members. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!isRecord(error) || depth > 5) return [];
  const own = typeof error['code'] === 'string' ? [error['code']] : [];
  const members = Array.isArray(error['errors']) ? error['errors'].flatMap((e) => errorCodes(e, depth + 1)) : [];
  return [...own, ...errorCodes(error['cause'], depth + 1), ...members];
}

/** Classifies a thrown network error; null when it is not one (a bug, an abort). */
export function classifyNetworkError(error: unknown): NetworkFailure | null {
  for (const code of errorCodes(error)) {
    if (NOT_SENT_OFFLINE.has(code)) return { kind: 'offline', sent: false, code };
    if (NOT_SENT_TIMEOUT.has(code)) return { kind: 'timeout', sent: false, code };
    if (MAYBE_SENT_OFFLINE.has(code)) return { kind: 'offline', sent: true, code };
    if (MAYBE_SENT_TIMEOUT.has(code)) return { kind: 'timeout', sent: true, code };
  }
  return null;
}

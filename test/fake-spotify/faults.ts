/**
 * Fault injection: rules that make the next matching request(s) fail the
 * ways Spotify is seen to fail, so retry, backoff and error paths can be
 * tested over real sockets.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { sendApiError, sendText } from './http.ts';

/** Which requests a rule applies to; an omitted field matches anything. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A string is a prefix of the URL path (e.g. `/v1/me/player`, `/api/token`); a RegExp is tested against it. */
  path?: string | RegExp;
  /** How many matching requests the rule hits before it removes itself. Default 1; `Infinity` for "until cleared". */
  times?: number;
}

/** What happens to a matched request. */
export type FaultEffect =
  /** Rate limited: `Retry-After` header, and `reason` in the JSON error when given. */
  | { status: 429; retryAfterS: number; reason?: 'QUOTA_EXCEEDED' }
  /** A 401 whatever the token: Spotify refusing a token it just issued (a login killed mid-session). */
  | { status: 401 }
  /** A server error with a JSON error body. */
  | { status: 500 | 502 | 503 }
  /** The plain-text 403s of development mode (not JSON). */
  | { plainText403: 'user-not-registered' | 'owner-needs-premium' }
  /** Wait, then answer normally. */
  | { delayMs: number }
  /** Destroy the socket without any response. */
  | { reset: true };

export type FaultRule = FaultMatch & FaultEffect;

/** A handle on one injected rule. */
export interface InjectedFault {
  /** Matching requests still to be hit (0 once used up or removed). */
  readonly remaining: number;
  remove(): void;
}

export const PLAIN_TEXT_403 = {
  'user-not-registered': 'User not registered in the Developer Dashboard',
  'owner-needs-premium': 'Active premium subscription required for the owner of the app',
} as const;

export const SERVER_ERROR_MESSAGES = {
  500: 'Server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable',
} as const;

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultList {
  private rules: ActiveRule[] = [];

  inject(rule: FaultRule): InjectedFault {
    const times = rule.times ?? 1;
    if (!(times >= 1)) throw new Error(`inject: times must be at least 1, got ${times}`);
    if ('delayMs' in rule && !(rule.delayMs >= 0)) throw new Error('inject: delayMs must be >= 0');
    const active: ActiveRule = { rule, remaining: times };
    this.rules.push(active);
    const remove = (): void => {
      active.remaining = 0;
      this.rules = this.rules.filter((r) => r !== active);
    };
    return {
      get remaining() {
        return active.remaining;
      },
      remove,
    };
  }

  clear(): void {
    for (const r of this.rules) r.remaining = 0;
    this.rules = [];
  }

  /** The first rule matching the request, counted as used; rules are tried in injection order. */
  take(method: string, path: string): FaultEffect | undefined {
    const active = this.rules.find((r) => matches(r.rule, method, path));
    if (active === undefined) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    return active.rule;
  }
}

function matches(rule: FaultMatch, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return path.startsWith(rule.path);
  rule.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests otherwise
  return rule.path.test(path);
}

/**
 * Carries out `effect` on a request. Resolves `true` when the response is
 * done (or the socket is gone), `false` when normal handling should go on
 * (after a delay). `signal` aborts a delay when the fake closes.
 */
export async function applyFault(effect: FaultEffect, res: ServerResponse, signal: AbortSignal): Promise<boolean> {
  if ('reset' in effect) {
    res.socket?.destroy();
    return true;
  }
  if ('delayMs' in effect) {
    try {
      await sleep(effect.delayMs, undefined, { signal });
    } catch {
      return true; // closing: the socket is being destroyed anyway
    }
    return false;
  }
  if ('plainText403' in effect) {
    sendText(res, 403, PLAIN_TEXT_403[effect.plainText403]);
    return true;
  }
  if (effect.status === 429) {
    sendApiError(res, 429, 'API rate limit exceeded', effect.reason, { 'retry-after': String(effect.retryAfterS) });
    return true;
  }
  if (effect.status === 401) {
    sendApiError(res, 401, 'Invalid access token');
    return true;
  }
  sendApiError(res, effect.status, SERVER_ERROR_MESSAGES[effect.status]);
  return true;
}

/**
 * The demo's accounts service: the authorize page, the consent decision and
 * the token endpoint, following Spotify's rules for a public client — PKCE
 * S256 required, codes single-use and valid ten minutes, refresh tokens
 * rotated on use, a loopback http redirect URI only (never `localhost`).
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { checkPkce, PKCE_CHALLENGE_PATTERN } from './pkce.ts';
import { redirect, sendHtml, sendJson } from './http.ts';
import { consentPage, DECISION_FIELD, DEMO_PAGE_CSP, errorPage, PENDING_FIELD } from './pages.ts';

/** The demo app's Client ID: Spotify-shaped so the core's configuration accepts it. */
export const DEMO_CLIENT_ID = 'de30de30de30de30de30de30de30de30';

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const ACCESS_TOKEN_LIFETIME_S = 3600;
/** Consent pages left open are forgotten oldest first beyond this many. */
const MAX_PENDING = 32;

interface Pending {
  redirectUri: string;
  state: string | null;
  scope: string;
  challenge: string;
}

interface Code extends Pending {
  issuedAt: number;
}

function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** `http://127.0.0.1…` or `http://[::1]…`: where a desktop app receives its login (RFC 8252). */
function isLoopbackRedirect(value: string | null): value is string {
  if (value === null) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]') && url.hash === '';
  } catch {
    return false;
  }
}

function sendOAuthError(res: ServerResponse, error: string, description: string): void {
  sendJson(res, 400, { error, error_description: description });
}

export class DemoAccounts {
  readonly #now: () => number;
  readonly #userName: string;
  readonly #pending = new Map<string, Pending>();
  readonly #codes = new Map<string, Code>();
  readonly #access = new Map<string, number>();
  /** Refresh token → the scope it was granted with. */
  readonly #refresh = new Map<string, string>();

  constructor(now: () => number, userName: string) {
    this.#now = now;
    this.#userName = userName;
  }

  /** True while `token` is an access token this service issued and has not expired. */
  isValidAccessToken(token: string): boolean {
    const expiresAt = this.#access.get(token);
    return expiresAt !== undefined && this.#now() < expiresAt;
  }

  /** `GET /authorize`. */
  authorize(query: URLSearchParams, res: ServerResponse): void {
    if (query.get('client_id') !== DEMO_CLIENT_ID) {
      sendHtml(res, 400, errorPage('This login is not for the Traytune demo (unknown client).'), DEMO_PAGE_CSP);
      return;
    }
    const redirectUri = query.get('redirect_uri');
    if (!isLoopbackRedirect(redirectUri)) {
      sendHtml(res, 400, errorPage('The demo only returns to Traytune on 127.0.0.1 or [::1].'), DEMO_PAGE_CSP);
      return;
    }
    const state = query.get('state');
    const fail = (error: string, description: string): void =>
      this.#redirect(res, redirectUri, { error, error_description: description, state });
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    const challenge = query.get('code_challenge');
    if (
      query.get('code_challenge_method') !== 'S256' ||
      challenge === null ||
      !PKCE_CHALLENGE_PATTERN.test(challenge)
    ) {
      return fail('invalid_request', 'PKCE with code_challenge_method S256 is required');
    }
    const id = secret(16);
    this.#pending.set(id, { redirectUri, state, scope: query.get('scope') ?? '', challenge });
    for (const oldest of this.#pending.keys()) {
      if (this.#pending.size <= MAX_PENDING) break;
      this.#pending.delete(oldest);
    }
    sendHtml(res, 200, consentPage(id, this.#userName), DEMO_PAGE_CSP);
  }

  /** `POST /authorize/decision`: Agree or Cancel; each consent page answers once. */
  decide(form: URLSearchParams, res: ServerResponse): void {
    const id = form.get(PENDING_FIELD) ?? '';
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    const decision = form.get(DECISION_FIELD);
    if (pending === undefined || (decision !== 'agree' && decision !== 'cancel')) {
      const message = 'This consent page has expired or was already answered. Start the login again from Traytune.';
      sendHtml(res, 400, errorPage(message), DEMO_PAGE_CSP);
      return;
    }
    if (decision === 'cancel') {
      this.#redirect(res, pending.redirectUri, { error: 'access_denied', state: pending.state });
      return;
    }
    const code = secret(32);
    this.#codes.set(code, { ...pending, issuedAt: this.#now() });
    this.#redirect(res, pending.redirectUri, { code, state: pending.state });
  }

  /** `POST /api/token`: the authorization-code and refresh-token grants. */
  token(form: URLSearchParams, res: ServerResponse): void {
    if (form.get('client_id') !== DEMO_CLIENT_ID) return sendOAuthError(res, 'invalid_client', 'Invalid client');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.#exchange(form, res);
    if (grantType === 'refresh_token') return this.#refreshGrant(form, res);
    sendOAuthError(res, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  #exchange(form: URLSearchParams, res: ServerResponse): void {
    const value = form.get('code') ?? '';
    const code = this.#codes.get(value);
    // Single use: consumed before anything else is checked, so a failed exchange cannot be retried.
    this.#codes.delete(value);
    if (code === undefined || this.#now() >= code.issuedAt + CODE_LIFETIME_MS) {
      return sendOAuthError(res, 'invalid_grant', 'Invalid authorization code');
    }
    if (form.get('redirect_uri') !== code.redirectUri) {
      return sendOAuthError(res, 'invalid_grant', 'Invalid redirect URI');
    }
    const pkce = checkPkce(form.get('code_verifier'), code.challenge);
    if (pkce === 'mismatch') return sendOAuthError(res, 'invalid_grant', 'code_verifier was incorrect');
    if (pkce !== null) return sendOAuthError(res, 'invalid_request', `code_verifier ${pkce}`);
    this.#sendTokens(res, code.scope);
  }

  #refreshGrant(form: URLSearchParams, res: ServerResponse): void {
    const token = form.get('refresh_token') ?? '';
    const scope = this.#refresh.get(token);
    // Rotated: the token just used stops working, as Spotify does for PKCE clients.
    this.#refresh.delete(token);
    if (scope === undefined) return sendOAuthError(res, 'invalid_grant', 'Invalid refresh token');
    this.#sendTokens(res, scope);
  }

  #sendTokens(res: ServerResponse, scope: string): void {
    const now = this.#now();
    for (const [token, expiresAt] of this.#access) if (now >= expiresAt) this.#access.delete(token);
    const accessToken = secret(48);
    const refreshToken = secret(48);
    this.#access.set(accessToken, now + ACCESS_TOKEN_LIFETIME_S * 1000);
    this.#refresh.set(refreshToken, scope);
    sendJson(
      res,
      200,
      {
        access_token: accessToken,
        token_type: 'Bearer',
        scope,
        expires_in: ACCESS_TOKEN_LIFETIME_S,
        refresh_token: refreshToken,
      },
      { pragma: 'no-cache' },
    );
  }

  #redirect(res: ServerResponse, redirectUri: string, params: Record<string, string | null>): void {
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value !== null) target.searchParams.set(key, value);
    redirect(res, target);
  }
}

/**
 * `GET /authorize` and the consent decision. Client and redirect-URI
 * problems are shown on the page (Spotify never redirects to an unverified
 * URI); every other problem goes back to the app as `?error=…`.
 */
import type { ServerResponse } from 'node:http';

import type { FakeContext } from './context.ts';
import { redirect, sendHtml } from './http.ts';
import { consentPage, DECISION_FIELD, errorPage, PENDING_FIELD } from './pages.ts';

/** Scopes Spotify knows; anything else is `invalid_scope`. */
const KNOWN_SCOPES = new Set([
  'ugc-image-upload',
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-read-currently-playing',
  'app-remote-control',
  'streaming',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-follow-modify',
  'user-follow-read',
  'user-read-playback-position',
  'user-top-read',
  'user-read-recently-played',
  'user-library-modify',
  'user-library-read',
  'user-read-email',
  'user-read-private',
  'user-personalized',
]);

/** base64url of a SHA-256 digest, without padding, is always 43 characters. */
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function redirectWith(res: ServerResponse, redirectUri: string, params: Record<string, string | undefined>): void {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) target.searchParams.set(key, value);
  }
  redirect(res, target);
}

function parseScopes(raw: string | null): { scopes: string[]; unknown: string[] } {
  const scopes = [...new Set((raw ?? '').split(' ').filter((s) => s !== ''))];
  return { scopes, unknown: scopes.filter((s) => !KNOWN_SCOPES.has(s)) };
}

/** An `error_description` when the PKCE parameters are unacceptable for this client. */
function pkceProblem(method: string | null, challenge: string | null, hasSecret: boolean): string | undefined {
  if (method === null && challenge === null) return hasSecret ? undefined : 'code_challenge required';
  if (method !== 'S256') return 'code_challenge_method must be S256';
  if (challenge === null) return 'code_challenge required';
  if (!CHALLENGE_PATTERN.test(challenge)) return 'code_challenge must be base64url(SHA-256(verifier)) without padding';
  return undefined;
}

export function handleAuthorize(ctx: FakeContext, query: URLSearchParams, res: ServerResponse): void {
  const client = ctx.clients.get(query.get('client_id') ?? undefined);
  if (client === undefined) {
    sendHtml(res, 400, errorPage('INVALID_CLIENT: Invalid client'));
    return;
  }
  const redirectUri = query.get('redirect_uri') ?? undefined;
  const problem = ctx.clients.checkRedirect(client, redirectUri);
  if (problem !== undefined || redirectUri === undefined) {
    sendHtml(res, 400, errorPage(problem ?? 'INVALID_CLIENT: Invalid redirect URI'));
    return;
  }

  // From here on the redirect URI is trusted, so errors go back to the app.
  const state = query.get('state') ?? undefined;
  const fail = (error: string, description: string): void =>
    redirectWith(res, redirectUri, { error, error_description: description, state });

  if (query.get('response_type') !== 'code') {
    fail('unsupported_response_type', 'response_type must be code');
    return;
  }
  const { scopes, unknown } = parseScopes(query.get('scope'));
  if (unknown.length > 0) {
    fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    return;
  }
  const method = query.get('code_challenge_method');
  const challenge = query.get('code_challenge');
  const pkce = pkceProblem(method, challenge, client.clientSecret !== undefined);
  if (pkce !== undefined) {
    fail('invalid_request', pkce);
    return;
  }

  const pendingId = ctx.tokens.addPending({
    clientId: client.clientId,
    redirectUri,
    state,
    scopes,
    codeChallenge: challenge ?? undefined,
  });
  const userName = ctx.user.display_name ?? ctx.user.id;
  sendHtml(res, 200, consentPage(client.name ?? client.clientId, userName, scopes, pendingId));
}

/** `POST /authorize/decision`: the consent page's Agree / Cancel forms. */
export function handleDecision(ctx: FakeContext, form: URLSearchParams | undefined, res: ServerResponse): void {
  const pending = ctx.tokens.takePending(form?.get(PENDING_FIELD) ?? '');
  const decision = form?.get(DECISION_FIELD);
  if (pending === undefined || (decision !== 'agree' && decision !== 'cancel')) {
    sendHtml(res, 400, errorPage('This authorization request has expired or was already answered.'));
    return;
  }
  if (decision === 'cancel') {
    redirectWith(res, pending.redirectUri, { error: 'access_denied', state: pending.state });
    return;
  }
  redirectWith(res, pending.redirectUri, { code: ctx.tokens.issueCode(pending), state: pending.state });
}

/**
 * `POST /api/token`: the authorization-code and refresh-token grants, with
 * Spotify's client-authentication rules (Basic for clients with a secret,
 * `client_id` + PKCE for public ones) and `{error, error_description}` errors.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { ClientRegistration } from './clients.ts';
import type { FakeContext } from './context.ts';
import type { ParsedAuthorization } from './http.ts';
import { sendJson, sendOAuthError } from './http.ts';
import type { Grant, MintedTokens } from './tokens.ts';

/** RFC 7636 §4.1. */
const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

type ClientCheck = { ok: true; client: ClientRegistration } | { ok: false; description: string };

/**
 * A client with a secret must prove it with Basic; a public client names
 * itself in the body (and proves possession with PKCE later).
 */
function authenticateClient(ctx: FakeContext, auth: ParsedAuthorization, form: URLSearchParams): ClientCheck {
  if (auth.kind === 'basic') {
    const credentials = auth.credentials ?? '';
    const colon = credentials.indexOf(':');
    const id = colon < 0 ? credentials : credentials.slice(0, colon);
    const client = ctx.clients.get(id);
    if (client === undefined) return { ok: false, description: 'Invalid client' };
    if (client.clientSecret === undefined || colon < 0 || credentials.slice(colon + 1) !== client.clientSecret) {
      return { ok: false, description: 'Invalid client secret' };
    }
    return { ok: true, client };
  }
  const client = ctx.clients.get(form.get('client_id') ?? undefined);
  if (client === undefined) return { ok: false, description: 'Invalid client' };
  if (client.clientSecret !== undefined) return { ok: false, description: 'Invalid client secret' };
  return { ok: true, client };
}

function sendTokens(res: ServerResponse, grant: Grant, minted: MintedTokens): void {
  const body: Record<string, unknown> = {
    access_token: minted.accessToken,
    token_type: 'Bearer',
    scope: grant.scopes.join(' '),
    expires_in: minted.expiresIn,
  };
  if (minted.refreshToken !== undefined) body['refresh_token'] = minted.refreshToken;
  sendJson(res, 200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

function exchangeCode(ctx: FakeContext, client: ClientRegistration, form: URLSearchParams, res: ServerResponse): void {
  const lookup = ctx.tokens.takeCode(form.get('code') ?? '');
  if (!lookup.ok || lookup.code.clientId !== client.clientId) {
    const expired = !lookup.ok && lookup.reason === 'expired';
    sendOAuthError(res, 400, 'invalid_grant', expired ? 'Authorization code expired' : 'Invalid authorization code');
    return;
  }
  const code = lookup.code;
  if (form.get('redirect_uri') !== code.redirectUri) {
    sendOAuthError(res, 400, 'invalid_grant', 'Invalid redirect URI');
    return;
  }
  if (code.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (verifier === null) {
      sendOAuthError(res, 400, 'invalid_request', 'code_verifier required');
      return;
    }
    if (!VERIFIER_PATTERN.test(verifier)) {
      sendOAuthError(res, 400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9._~-]');
      return;
    }
    if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
      sendOAuthError(res, 400, 'invalid_grant', 'code_verifier was incorrect');
      return;
    }
  }
  const grant: Grant = { clientId: code.clientId, scopes: code.scopes, authorizedAt: code.authorizedAt };
  sendTokens(res, grant, ctx.tokens.mint(grant, true));
}

function refresh(ctx: FakeContext, client: ClientRegistration, form: URLSearchParams, res: ServerResponse): void {
  const token = form.get('refresh_token');
  if (token === null || token === '') {
    sendOAuthError(res, 400, 'invalid_request', 'refresh_token must be supplied');
    return;
  }
  const lookup = ctx.tokens.checkRefresh(token, client.clientId);
  if (!lookup.ok) {
    const revoked = lookup.reason === 'revoked';
    sendOAuthError(res, 400, 'invalid_grant', revoked ? 'Refresh token revoked' : 'Invalid refresh token');
    return;
  }
  const rotate = ctx.tokens.rotation === 'rotate';
  const minted = ctx.tokens.mint(lookup.grant, rotate);
  if (rotate) ctx.tokens.revokeRefresh(token);
  sendTokens(res, lookup.grant, minted);
}

export function handleToken(
  ctx: FakeContext,
  method: string,
  auth: ParsedAuthorization,
  form: URLSearchParams | undefined,
  res: ServerResponse,
): void {
  if (method !== 'POST') {
    sendOAuthError(res, 405, 'invalid_request', 'Use POST');
    return;
  }
  if (form === undefined) {
    sendOAuthError(res, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    return;
  }
  const grantType = form.get('grant_type');
  if (grantType === 'refresh_token') ctx.tokens.refreshCount += 1;
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    const description =
      grantType === null ? 'grant_type parameter is missing' : 'grant_type must be authorization_code or refresh_token';
    sendOAuthError(res, 400, 'unsupported_grant_type', description);
    return;
  }
  const check = authenticateClient(ctx, auth, form);
  if (!check.ok) {
    sendOAuthError(res, 400, 'invalid_client', check.description);
    return;
  }
  if (grantType === 'authorization_code') exchangeCode(ctx, check.client, form, res);
  else refresh(ctx, check.client, form, res);
}

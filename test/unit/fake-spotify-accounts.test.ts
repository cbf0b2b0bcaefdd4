// The fake Spotify's accounts service over real HTTP: the consent page, the
// token endpoint and refresh. If it drifts from the platform facts, every
// integration test built on it would pass for the wrong reasons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeSpotify } from '../fake-spotify/index.ts';
import {
  DAY_MS,
  fakeSpotifyHelpers,
  pkcePair,
  PUBLIC_ID,
  REDIRECT,
  SECRET,
  SECRET_ID,
  START_MS,
  startTestFake,
} from '../support/fake-spotify-helpers.ts';

let clock = 0;
let fake: FakeSpotify;

beforeEach(async () => {
  clock = START_MS;
  fake = await startTestFake(() => clock);
});

afterEach(async () => {
  await fake.close();
});

const { api, authorizeUrl, loginPkce, tokenRequest } = fakeSpotifyHelpers(() => fake);

describe('authorize', () => {
  it('shows a self-contained consent page with Agree and Cancel carrying only a pending id', async () => {
    const { challenge } = pkcePair();
    const res = await fetch(
      authorizeUrl({ scope: 'user-read-currently-playing', code_challenge_method: 'S256', code_challenge: challenge }),
    );
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Traytune Test');
    expect(html).toContain('user-read-currently-playing');
    expect(html).toMatch(/<button type="submit"[^>]*>Agree<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*>Cancel<\/button>/);
    expect(html).toMatch(/<input type="hidden" name="pending" value="[\w-]{16,}">/);
    expect(html).not.toContain(challenge);
    expect(html).not.toMatch(/name="(redirect_uri|state|code_challenge)"/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('redirects with code and state on Agree, access_denied on Cancel', async () => {
    const { challenge } = pkcePair();
    const url = authorizeUrl({ code_challenge_method: 'S256', code_challenge: challenge });
    const agreed = await fake.consent(url, 'agree');
    expect(`${agreed.origin}${agreed.pathname}`).toBe(REDIRECT);
    expect(agreed.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(agreed.searchParams.get('state')).toBe('st-1');
    const cancelled = await fake.consent(url, 'cancel');
    expect(Object.fromEntries(cancelled.searchParams)).toEqual({ error: 'access_denied', state: 'st-1' });
  });

  it('answers a pending authorization only once', async () => {
    const html = await (await fetch(authorizeUrl({ client_id: SECRET_ID }))).text();
    const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const decide = (): Promise<Response> =>
      fetch(`${fake.accountsUrl}/authorize/decision`, {
        method: 'POST',
        body: new URLSearchParams({ pending, decision: 'agree' }),
        redirect: 'manual',
      });
    expect((await decide()).status).toBe(302);
    expect((await decide()).status).toBe(400);
  });

  it.each([
    ['unknown client', { client_id: 'nope' }, 'INVALID_CLIENT: Invalid client'],
    ['unregistered redirect', { redirect_uri: 'http://127.0.0.1:8765/other' }, 'INVALID_CLIENT: Invalid redirect URI'],
    ['other port', { redirect_uri: 'http://127.0.0.1:9999/callback' }, 'INVALID_CLIENT: Invalid redirect URI'],
    ['trailing slash', { redirect_uri: `${REDIRECT}/` }, 'INVALID_CLIENT: Invalid redirect URI'],
  ])('shows an error page without redirecting for an %s', async (_name, params, message) => {
    const res = await fetch(authorizeUrl({ client_id: SECRET_ID, ...params }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(message);
  });

  it('rejects localhost as insecure even when registered', async () => {
    const localhost = 'http://localhost:8765/callback';
    fake.registerClient({ clientId: 'old-app', clientSecret: 's', redirectUris: [localhost] });
    const url = authorizeUrl({ client_id: 'old-app', redirect_uri: localhost });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('INVALID_CLIENT: Insecure redirect URI');
    await expect(fake.consent(url, 'agree')).rejects.toThrow('Insecure redirect URI');
  });

  it('matches a port-less loopback registration on any port, same host and path only', async () => {
    const uris = ['http://127.0.0.1/callback', 'http://[::1]/callback'];
    fake.registerClient({ clientId: 'loop', clientSecret: 's', redirectUris: uris });
    const status = async (redirect: string): Promise<number> =>
      (await fetch(authorizeUrl({ client_id: 'loop', redirect_uri: redirect }), { redirect: 'manual' })).status;
    expect(await status('http://127.0.0.1:51234/callback')).toBe(200);
    expect(await status('http://127.0.0.1:80/callback')).toBe(200);
    expect(await status('http://[::1]:40000/callback')).toBe(200);
    expect(await status('http://127.0.0.1:51234/other')).toBe(400);
    expect(await status('http://[::1]:40000/other')).toBe(400);
    expect(await status('https://127.0.0.1:51234/callback')).toBe(400);
  });

  it.each([
    ['no PKCE from a public client', {}, 'invalid_request'],
    ['plain PKCE', { code_challenge_method: 'plain', code_challenge: 'x'.repeat(43) }, 'invalid_request'],
    [
      'an unknown scope',
      { scope: 'user-read-everything', code_challenge_method: 'S256', code_challenge: 'x'.repeat(43) },
      'invalid_scope',
    ],
    [
      'a wrong response_type',
      { response_type: 'token', code_challenge_method: 'S256', code_challenge: 'x'.repeat(43) },
      'unsupported_response_type',
    ],
  ])('sends %s back to the app as an error', async (_name, params, error) => {
    const back = await fake.consent(authorizeUrl(params), 'agree');
    expect(back.searchParams.get('error')).toBe(error);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.has('code')).toBe(false);
  });
});

describe('token endpoint', () => {
  async function codeFor(params: Record<string, string>): Promise<string> {
    return (await fake.consent(authorizeUrl(params), 'agree')).searchParams.get('code') ?? '';
  }

  it('exchanges a PKCE code once, then calls it invalid', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor({
      scope: 'user-read-currently-playing',
      code_challenge_method: 'S256',
      code_challenge: challenge,
    });
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: PUBLIC_ID,
      code_verifier: verifier,
    };
    const first = await tokenRequest(form);
    const body = (await first.json()) as Record<string, unknown>;
    expect(first.status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{40,}$/),
      token_type: 'Bearer',
      scope: 'user-read-currently-playing',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^[\w-]{40,}$/),
    });
    expect(fake.activeAccessTokens()).toEqual([body['access_token']]);
    const again = await tokenRequest(form);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
  });

  it('refuses a wrong code_verifier', async () => {
    const { challenge } = pkcePair();
    const code = await codeFor({ code_challenge_method: 'S256', code_challenge: challenge });
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: PUBLIC_ID,
      code_verifier: pkcePair().verifier,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'code_verifier was incorrect' });
  });

  it('needs the right Basic secret from a client that has one', async () => {
    const form = async (): Promise<Record<string, string>> => ({
      grant_type: 'authorization_code',
      code: await codeFor({ client_id: SECRET_ID }),
      redirect_uri: REDIRECT,
    });
    const good = await tokenRequest(await form(), `${SECRET_ID}:${SECRET}`);
    expect(good.status).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/token', authorization: 'basic' });
    const bad = await tokenRequest(await form(), `${SECRET_ID}:wrong`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
    const none = await tokenRequest({ ...(await form()), client_id: SECRET_ID });
    expect(((await none.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('requires the redirect_uri of the authorize request, and a code younger than 10 minutes', async () => {
    const form = async (): Promise<Record<string, string>> => ({
      grant_type: 'authorization_code',
      code: await codeFor({ client_id: SECRET_ID }),
      redirect_uri: REDIRECT,
    });
    const mismatch = await tokenRequest(
      { ...(await form()), redirect_uri: 'http://127.0.0.1:8765/callback2' },
      `${SECRET_ID}:${SECRET}`,
    );
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });
    const old = await form();
    clock += 10 * 60 * 1000;
    const expired = await tokenRequest(old, `${SECRET_ID}:${SECRET}`);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rotates refresh tokens: new one works, old one is revoked', async () => {
    const login = await loginPkce();
    const refresh = (token: unknown): Promise<Response> =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: String(token), client_id: PUBLIC_ID });
    const res = await refresh(login['refresh_token']);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body['refresh_token']).toEqual(expect.any(String));
    expect(body['refresh_token']).not.toBe(login['refresh_token']);
    expect(body['access_token']).not.toBe(login['access_token']);
    expect(fake.activeRefreshTokens()).toEqual([body['refresh_token']]);
    expect(await (await refresh(login['refresh_token'])).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token revoked',
    });
    expect((await refresh(body['refresh_token'])).status).toBe(200);
    expect(fake.refreshCount).toBe(3);
  });

  it('keeps the refresh token when rotation is off, omitting it from the answer', async () => {
    fake.setRefreshRotation('keep');
    const login = await loginPkce();
    for (let i = 0; i < 2; i++) {
      const res = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: String(login['refresh_token']),
        client_id: PUBLIC_ID,
      });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(200);
      expect(body).not.toHaveProperty('refresh_token');
      expect((await api('/me', String(body['access_token']))).status).toBe(200);
    }
    const withoutClient = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(login['refresh_token']),
    });
    expect(await withoutClient.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('ends refresh tokens 182 days after consent, however often refreshed, and on revokeAll', async () => {
    const login = await loginPkce();
    let refreshToken = String(login['refresh_token']);
    const refresh = (): Promise<Response> =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: PUBLIC_ID });
    clock += 181 * DAY_MS;
    const late = await refresh();
    expect(late.status).toBe(200);
    refreshToken = String(((await late.json()) as Record<string, unknown>)['refresh_token']);
    clock += DAY_MS;
    const dead = await refresh();
    expect(dead.status).toBe(400);
    expect(await dead.json()).toEqual({ error: 'invalid_grant', error_description: 'Refresh token revoked' });

    const fresh = await loginPkce();
    fake.revokeAll();
    refreshToken = String(fresh['refresh_token']);
    expect(await (await refresh()).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token revoked',
    });
    expect((await api('/me', String(fresh['access_token']))).status).toBe(401);
    expect(fake.activeAccessTokens()).toEqual([]);
  });

  it('lists every token it issued, for leak checks', async () => {
    const login = await loginPkce();
    expect(fake.issuedSecrets()).toEqual(
      expect.arrayContaining([login['access_token'], login['refresh_token'], SECRET]),
    );
  });
});

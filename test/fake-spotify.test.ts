// The fake Spotify itself, over real HTTP: if it drifts from the platform
// facts, every integration test built on it would pass for the wrong reasons.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeSpotify } from './fake-spotify/index.ts';
import { startFakeSpotify } from './fake-spotify/index.ts';

const PUBLIC_ID = 'public-client';
const SECRET_ID = 'secret-client';
const SECRET = 'top-secret';
const REDIRECT = 'http://127.0.0.1:8765/callback';
const PLAYBACK_SCOPES = ['user-read-currently-playing', 'user-read-playback-state', 'user-modify-playback-state'];
const ALL_SCOPES = [...PLAYBACK_SCOPES, 'user-library-read', 'user-library-modify'];
const DAY_MS = 24 * 60 * 60 * 1000;

let clock = 0;
let fake: FakeSpotify;

beforeEach(async () => {
  clock = Date.UTC(2026, 7, 1);
  fake = await startFakeSpotify({ now: () => clock });
  fake.registerClient({ clientId: PUBLIC_ID, redirectUris: [REDIRECT], name: 'Traytune Test' });
  fake.registerClient({ clientId: SECRET_ID, clientSecret: SECRET, redirectUris: [REDIRECT] });
});

afterEach(async () => {
  await fake.close();
});

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): string {
  const defaults = { client_id: PUBLIC_ID, response_type: 'code', redirect_uri: REDIRECT, state: 'st-1' };
  return `${fake.accountsUrl}/authorize?${new URLSearchParams({ ...defaults, ...params }).toString()}`;
}

async function tokenRequest(form: Record<string, string>, basic?: string): Promise<Response> {
  const headers: Record<string, string> = basic === undefined ? {} : { authorization: `Basic ${btoa(basic)}` };
  return fetch(`${fake.accountsUrl}/api/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
}

/** Full PKCE login through the consent page; returns the token response body. */
async function loginPkce(scopes = ALL_SCOPES): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkcePair();
  const back = await fake.consent(
    authorizeUrl({ scope: scopes.join(' '), code_challenge_method: 'S256', code_challenge: challenge }),
    'agree',
  );
  const res = await tokenRequest({
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
    client_id: PUBLIC_ID,
    code_verifier: verifier,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

function api(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
}

function tokenFor(scopes: string[] = ALL_SCOPES): string {
  return fake.issueTokens({ clientId: PUBLIC_ID, scopes }).accessToken;
}

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

describe('web API auth', () => {
  it('answers 401 after expireAccessTokens, after the lifetime, and without a token', async () => {
    const token = tokenFor();
    expect((await api('/me', token)).status).toBe(200);
    fake.expireAccessTokens();
    const res = await api('/me', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { status: 401, message: 'The access token expired' } });

    fake.setAccessTokenLifetime(60);
    const short = fake.issueTokens({ clientId: PUBLIC_ID, scopes: [] });
    expect(short.expiresIn).toBe(60);
    clock += 59_999;
    expect((await api('/me', short.accessToken)).status).toBe(200);
    clock += 1;
    expect((await api('/me', short.accessToken)).status).toBe(401);
    expect((await fetch(`${fake.apiUrl}/me`)).status).toBe(401);
  });

  it('enforces scopes with a 403', async () => {
    const token = tokenFor(['user-read-playback-state']);
    fake.setPlayback({ item: fake.fixtures.track() });
    const res = await api('/me/player/currently-playing', token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
    expect((await api('/me/player', token)).status).toBe(200);
    expect((await api('/me/library?uris=spotify:track:abc', token, { method: 'PUT' })).status).toBe(403);
    expect((await api('/me/library/contains?uris=spotify:track:abc', token)).status).toBe(403);
    expect((await api('/me/player/pause', token, { method: 'PUT' })).status).toBe(403);
  });

  it('logs each request with the token it carried', async () => {
    const token = tokenFor();
    fake.clearRequests();
    await api('/me/library/contains?uris=spotify:track:abc', token);
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: '/v1/me/library/contains',
        query: { uris: 'spotify:track:abc' },
        authorization: 'bearer',
        token,
        at: clock,
      },
    ]);
  });
});

describe('profile and playback', () => {
  it('serves a development-mode profile without product, email or country', async () => {
    fake.setUser({ id: 'listener1', displayName: null });
    const me = (await (await api('/me', tokenFor([]))).json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      id: 'listener1',
      account_id: expect.any(String),
      display_name: null,
      type: 'user',
      uri: 'spotify:user:listener1',
      external_urls: { spotify: expect.stringContaining('listener1') },
      images: [
        expect.objectContaining({ url: expect.stringContaining(fake.accountsUrl), width: 300, height: 300 }),
        expect.anything(),
      ],
    });
    expect(me).not.toHaveProperty('product');
    expect(me).not.toHaveProperty('email');
    expect(me).not.toHaveProperty('country');
    const image = await fetch((me['images'] as { url: string }[])[0]?.url ?? '');
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers 204 with nothing scripted and 200 with a track whose progress follows the clock', async () => {
    const token = tokenFor();
    const res204 = await api('/me/player/currently-playing?additional_types=track,episode', token);
    expect(res204.status).toBe(204);
    expect(await res204.text()).toBe('');
    expect((await api('/me/player', token)).status).toBe(204);

    const track = fake.fixtures.track({ name: 'Song', artists: ['A', 'B'], durationMs: 100_000 });
    fake.setPlayback({ item: track, progressMs: 10_000 });
    clock += 5000;
    const res = await api('/me/player/currently-playing?additional_types=track,episode', token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      timestamp: clock - 5000,
      context: null,
      progress_ms: 15_000,
      item: track,
      currently_playing_type: 'track',
      actions: { disallows: { resuming: true } },
      is_playing: true,
    });
    expect(track).toMatchObject({
      artists: [{ name: 'A' }, { name: 'B' }],
      album: { images: [{ width: 640 }, { width: 300 }, { width: 64 }] },
      uri: `spotify:track:${track.id}`,
      external_urls: { spotify: expect.any(String) },
      is_local: false,
    });
    clock += 1_000_000;
    expect(fake.playback()?.progressMs).toBe(100_000);
    fake.pause();
    clock += 5000;
    expect(fake.playback()).toMatchObject({ isPlaying: false, progressMs: 100_000 });
  });

  it('hides an episode from clients that did not ask for episodes', async () => {
    const token = tokenFor();
    const episode = fake.fixtures.episode({ show: 'Pod' });
    fake.setPlayback({ item: episode });
    const hidden = (await (await api('/me/player/currently-playing', token)).json()) as Record<string, unknown>;
    expect(hidden).toMatchObject({ item: null, currently_playing_type: 'episode', is_playing: true });
    const shown = (await (await api('/me/player?additional_types=track,episode', token)).json()) as Record<
      string,
      unknown
    >;
    expect(shown['item']).toEqual(episode);
    expect(shown).toMatchObject({
      device: { is_active: true, volume_percent: 60 },
      shuffle_state: false,
      repeat_state: 'off',
    });
  });

  it('answers 204 from the player endpoints when no device is active', async () => {
    fake.setPlayback({ item: fake.fixtures.track(), device: null });
    expect((await api('/me/player', tokenFor())).status).toBe(204);
    expect((await api('/me/player/currently-playing', tokenFor())).status).toBe(204);
  });
});

describe('player controls', () => {
  it('pause, play, next and previous change the scripted state', async () => {
    const token = tokenFor();
    const [first, second] = [fake.fixtures.track({ name: 'One' }), fake.fixtures.track({ name: 'Two' })];
    fake.setPlayback({ item: first, progressMs: 50_000 });
    fake.setQueue([second]);
    expect((await api('/me/player/pause', token, { method: 'PUT' })).status).toBe(204);
    expect(fake.playback()?.isPlaying).toBe(false);
    const again = await api('/me/player/pause', token, { method: 'PUT' });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error: { reason: 'UNKNOWN' } });
    expect((await api('/me/player/play', token, { method: 'PUT' })).status).toBe(204);
    expect(fake.playback()).toMatchObject({ isPlaying: true, progressMs: 50_000 });
    expect((await api('/me/player/play', token, { method: 'PUT' })).status).toBe(403);
    const startAt = await api('/me/player/play', token, { method: 'PUT', body: JSON.stringify({ position_ms: 1000 }) });
    expect(startAt.status).toBe(204);
    expect(fake.playback()?.progressMs).toBe(1000);
    expect((await api('/me/player/next', token, { method: 'POST' })).status).toBe(204);
    expect(fake.playback()).toMatchObject({ item: { name: 'Two' }, progressMs: 0, queue: [] });
    expect((await api('/me/player/previous', token, { method: 'POST' })).status).toBe(204);
    expect(fake.playback()?.item).toEqual(first);
    fake.nextTrack();
    fake.nextTrack();
    expect(fake.playback()?.item?.name).toBe('Autoplay Track');
  });

  it('answers 403 PREMIUM_REQUIRED without Premium and 404 NO_ACTIVE_DEVICE without a device', async () => {
    const token = tokenFor();
    fake.setPlayback({ item: fake.fixtures.track() });
    fake.setPremium(false);
    const premium = await api('/me/player/next', token, { method: 'POST' });
    expect(premium.status).toBe(403);
    expect(await premium.json()).toEqual({
      error: { status: 403, message: 'Player command failed: Premium required', reason: 'PREMIUM_REQUIRED' },
    });
    fake.setPremium(true);
    fake.setPlayback({ item: fake.fixtures.track(), device: null });
    const device = await api('/me/player/pause', token, { method: 'PUT' });
    expect(device.status).toBe(404);
    expect(await device.json()).toMatchObject({ error: { status: 404, reason: 'NO_ACTIVE_DEVICE' } });
  });
});

describe('library', () => {
  it('saves, checks and removes items', async () => {
    const token = tokenFor();
    const uris = 'spotify:track:aaa,spotify:track:bbb';
    const contains = async (): Promise<unknown> => (await api(`/me/library/contains?uris=${uris}`, token)).json();
    expect(await contains()).toEqual([false, false]);
    expect((await api('/me/library?uris=spotify:track:bbb', token, { method: 'PUT' })).status).toBe(200);
    expect(await contains()).toEqual([false, true]);
    expect(fake.savedUris()).toEqual(['spotify:track:bbb']);
    expect((await api('/me/library?uris=spotify:track:bbb', token, { method: 'DELETE' })).status).toBe(200);
    expect(await contains()).toEqual([false, false]);
    expect((await api('/me/library?uris=not-a-uri', token, { method: 'PUT' })).status).toBe(400);
    expect((await api('/me/library/contains', token)).status).toBe(400);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After and reason, for `times` requests only', async () => {
    const token = tokenFor();
    const fault = fake.inject({ path: '/v1/me', status: 429, retryAfterS: 7, reason: 'QUOTA_EXCEEDED', times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api('/me', token);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toEqual({
        error: { status: 429, message: 'API rate limit exceeded', reason: 'QUOTA_EXCEEDED' },
      });
    }
    expect(fault.remaining).toBe(0);
    expect((await api('/me', token)).status).toBe(200);
  });

  it.each([500, 502, 503] as const)('answers %i with a JSON error', async (status) => {
    fake.inject({ method: 'POST', path: /^\/api\/token$/, status });
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: PUBLIC_ID });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { status } });
  });

  it.each([
    ['user-not-registered', 'User not registered in the Developer Dashboard'],
    ['owner-needs-premium', 'Active premium subscription required for the owner of the app'],
  ] as const)('answers the plain-text 403 %s', async (kind, text) => {
    fake.inject({ method: 'GET', plainText403: kind });
    const res = await api('/me', tokenFor());
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(text);
  });

  it('delays a response, then answers normally', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me/library', delayMs: 300 });
    const order: string[] = [];
    const started = performance.now();
    const slow = api('/me/library/contains?uris=spotify:track:a', token).then((r) => order.push(`slow ${r.status}`));
    await api('/me', token).then((r) => order.push(`fast ${r.status}`));
    await slow;
    expect(order).toEqual(['fast 200', 'slow 200']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hits only requests matching its method and path', async () => {
    const token = tokenFor();
    const byMethod = fake.inject({ method: 'PUT', path: '/v1/me', status: 500 });
    const byRegExp = fake.inject({ path: /^\/v1\/me\/player$/, status: 502 });
    expect((await api('/me', token)).status).toBe(200);
    expect((await api('/me/player/currently-playing', token)).status).toBe(204);
    expect([byMethod.remaining, byRegExp.remaining]).toEqual([1, 1]);
    expect((await api('/me/library?uris=spotify:track:a', token, { method: 'PUT' })).status).toBe(500);
    expect((await api('/me/player', token)).status).toBe(502);
    expect([byMethod.remaining, byRegExp.remaining]).toEqual([0, 0]);
  });

  it('resets the connection without an answer, and clearFaults removes rules', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me', reset: true });
    await expect(api('/me', token)).rejects.toThrow();
    fake.inject({ path: '/v1', status: 503, times: Infinity });
    expect((await api('/me', token)).status).toBe(503);
    expect((await fetch(`${fake.accountsUrl}/authorize?client_id=nope`)).status).toBe(400);
    fake.clearFaults();
    expect((await api('/me', token)).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('closes promptly with a keep-alive connection open', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me', delayMs: 60_000 });
    const hanging = api('/me', token).catch((error: unknown) => error);
    await api('/me/library/contains?uris=spotify:track:a', token);
    await fake.close();
    expect(await hanging).toBeInstanceOf(Error);
    await expect(api('/me', token)).rejects.toThrow();
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('./fake-spotify/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, '--port', '0', '--client-id', 'cli', '--redirect-uri', REDIRECT], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const urls = JSON.parse(line.toString()) as { accountsUrl: string; apiUrl: string };
      expect(urls.apiUrl).toBe(`${urls.accountsUrl}/v1`);
      expect(urls.accountsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { verifier, challenge } = pkcePair();
      const query = new URLSearchParams({
        client_id: 'cli',
        response_type: 'code',
        redirect_uri: REDIRECT,
        code_challenge_method: 'S256',
        code_challenge: challenge,
        scope: 'user-read-currently-playing',
      });
      const page = await (await fetch(`${urls.accountsUrl}/authorize?${query.toString()}`)).text();
      const pending = /name="pending" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const decided = await fetch(`${urls.accountsUrl}/authorize/decision`, {
        method: 'POST',
        body: new URLSearchParams({ pending, decision: 'agree' }),
        redirect: 'manual',
      });
      const code = new URL(decided.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const tokens = (await (
        await fetch(`${urls.accountsUrl}/api/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT,
            client_id: 'cli',
            code_verifier: verifier,
          }),
        })
      ).json()) as { access_token: string };
      const playing = await fetch(`${urls.apiUrl}/me/player/currently-playing`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(await playing.json()).toMatchObject({ is_playing: true, item: { type: 'track' } });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});

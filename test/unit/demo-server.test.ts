/**
 * The built-in simulated Spotify over real HTTP: the consent page says it is
 * the demo, PKCE S256 is enforced, codes work once, refresh tokens rotate,
 * the API wants a live token, and the queue advances as tracks end.
 */
import { randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { DEMO_TRACKS } from '../../main/demo/catalog.ts';
import { s256Challenge } from '../../main/demo/pkce.ts';
import { DEMO_CLIENT_ID, DEMO_LABEL, startDemoSpotify, type DemoSpotify } from '../../main/demo/server.ts';
import type { SpotifyCurrentlyPlaying, SpotifyUserProfile } from '../../main/core/spotify/types.ts';

const REDIRECT = 'http://127.0.0.1:45678/callback';
let now = Date.UTC(2026, 5, 1);
let demo: DemoSpotify | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function start(): Promise<DemoSpotify> {
  now = Date.UTC(2026, 5, 1);
  demo = await startDemoSpotify({ now: () => now });
  return demo;
}

function authorizeUrl(d: DemoSpotify, params: Record<string, string>): string {
  const url = new URL('/authorize', d.accountsUrl);
  const defaults = { client_id: DEMO_CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, state: 'st4te' };
  for (const [key, value] of Object.entries({ ...defaults, ...params })) url.searchParams.set(key, value);
  return url.href;
}

/** Loads the consent page and answers it; resolves with where the browser is sent. */
async function consent(d: DemoSpotify, challenge: string, decision: 'agree' | 'cancel'): Promise<URL> {
  const page = await fetch(authorizeUrl(d, { code_challenge_method: 'S256', code_challenge: challenge }));
  const html = await page.text();
  expect(page.status).toBe(200);
  const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const answer = await post(d, '/authorize/decision', { pending, decision });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

function post(d: DemoSpotify, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, d.accountsUrl), { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
}

function exchange(d: DemoSpotify, code: string, verifier: string): Promise<Response> {
  const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: DEMO_CLIENT_ID };
  return post(d, '/api/token', { ...form, code_verifier: verifier });
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

async function login(d: DemoSpotify): Promise<Tokens> {
  const verifier = randomBytes(32).toString('base64url');
  const back = await consent(d, s256Challenge(verifier), 'agree');
  const response = await exchange(d, back.searchParams.get('code') ?? '', verifier);
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

function api<T>(d: DemoSpotify, path: string, token: string): Promise<{ status: number; body: T }> {
  return fetch(`${d.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as T,
  }));
}

describe('demo accounts service', () => {
  it('labels its consent page as the demo, under a strict CSP, with Agree and Cancel', async () => {
    const d = await start();
    const page = await fetch(
      authorizeUrl(d, { code_challenge_method: 'S256', code_challenge: s256Challenge('x'.repeat(43)) }),
    );
    const html = await page.text();
    expect(html).toContain(DEMO_LABEL);
    expect(html).toMatch(/<button[^>]*>Agree<\/button>/);
    expect(html).toMatch(/<button[^>]*>Cancel<\/button>/);
    expect(html).not.toContain('<script');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses unknown clients and non-loopback redirects on the page, and missing PKCE back to the app', async () => {
    const d = await start();
    expect((await fetch(authorizeUrl(d, { client_id: 'f'.repeat(32) }))).status).toBe(400);
    for (const redirect of ['http://localhost:4000/callback', 'https://example.com/callback']) {
      expect((await fetch(authorizeUrl(d, { redirect_uri: redirect }))).status).toBe(400);
    }
    const noPkce = await fetch(authorizeUrl(d, {}), { redirect: 'manual' });
    expect(noPkce.status).toBe(302);
    const back = new URL(noPkce.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('state')).toBe('st4te');
  });

  it('Cancel sends access_denied with the state; a consent page answers only once', async () => {
    const d = await start();
    const back = await consent(d, s256Challenge('y'.repeat(43)), 'cancel');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st4te');

    const page = await (
      await fetch(authorizeUrl(d, { code_challenge_method: 'S256', code_challenge: s256Challenge('z'.repeat(43)) }))
    ).text();
    const pending = /name="pending" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect((await post(d, '/authorize/decision', { pending, decision: 'agree' })).status).toBe(302);
    expect((await post(d, '/authorize/decision', { pending, decision: 'agree' })).status).toBe(400);
  });

  it('verifies PKCE S256 and uses each code once', async () => {
    const d = await start();
    const verifier = randomBytes(32).toString('base64url');
    const code = (await consent(d, s256Challenge(verifier), 'agree')).searchParams.get('code') ?? '';
    const wrong = await exchange(d, code, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt used the code up.
    expect((await exchange(d, code, verifier)).status).toBe(400);

    const second = (await consent(d, s256Challenge(verifier), 'agree')).searchParams.get('code') ?? '';
    const ok = await exchange(d, second, verifier);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await exchange(d, second, verifier)).status).toBe(400);
    expect(await (await exchange(d, 'nope', 'short')).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refreshes with rotation: the used refresh token stops working', async () => {
    const d = await start();
    const tokens = await login(d);
    const refresh = (token: string): Promise<Response> =>
      post(d, '/api/token', { grant_type: 'refresh_token', refresh_token: token, client_id: DEMO_CLIENT_ID });
    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const renewed = (await first.json()) as Tokens;
    expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await api(d, '/me', renewed.access_token)).status).toBe(200);
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
    expect((await refresh(renewed.refresh_token)).status).toBe(200);
  });
});

describe('demo Web API', () => {
  it('wants a live access token', async () => {
    const d = await start();
    expect((await api(d, '/me', 'made-up')).status).toBe(401);
    const tokens = await login(d);
    const me = await api<SpotifyUserProfile>(d, '/me', tokens.access_token);
    expect(me.body).toMatchObject({ id: 'traytune-demo', display_name: 'Demo Listener' });
    expect(me.body.images?.[0]?.url).toMatch(/^data:image\/svg\+xml,/);
    now += 3600 * 1000;
    expect((await api(d, '/me', tokens.access_token)).status).toBe(401);
  });

  it('plays the queue in order, advancing when a track ends and starting over after the last', async () => {
    const d = await start();
    const { access_token: token } = await login(d);
    const playing = async (): Promise<SpotifyCurrentlyPlaying> =>
      (await api<SpotifyCurrentlyPlaying>(d, '/me/player/currently-playing', token)).body;

    const first = await playing();
    expect(first.item).toMatchObject({ type: 'track', name: DEMO_TRACKS[0]?.title });
    expect(first.is_playing).toBe(true);
    const art = first.item?.type === 'track' ? first.item.album.images?.[0]?.url : undefined;
    expect(art).toMatch(/^data:image\/svg\+xml,/);
    const left = (DEMO_TRACKS[0]?.durationMs ?? 0) - (first.progress_ms ?? 0);
    expect(left).toBeGreaterThan(0);

    now += left + 1_000;
    const second = await playing();
    expect(second.item?.name).toBe(DEMO_TRACKS[1]?.title);
    expect(second.progress_ms).toBe(1_000);

    const lap = DEMO_TRACKS.reduce((sum, track) => sum + track.durationMs, 0);
    now += lap;
    expect((await playing()).item?.name).toBe(DEMO_TRACKS[1]?.title);

    d.player.next();
    const skipped = await playing();
    expect(skipped.item?.name).toBe(DEMO_TRACKS[2]?.title);
    expect(skipped.progress_ms).toBe(0);

    const player = await api<{ device: { is_active: boolean } }>(d, '/me/player', token);
    expect(player.body.device.is_active).toBe(true);
    expect((await api(d, '/me/player/queue', token)).status).toBe(404);
  });

  it('explains its "Open in Spotify" links instead of pretending', async () => {
    const d = await start();
    const { access_token: token } = await login(d);
    const { body } = await api<SpotifyCurrentlyPlaying>(d, '/me/player/currently-playing', token);
    const link = body.item?.external_urls?.spotify ?? '';
    expect(new URL(link).origin).toBe(d.accountsUrl);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(DEMO_TRACKS[0]?.title);
    expect((await fetch(`${d.accountsUrl}/open/track/unknown`)).status).toBe(404);
  });
});

/**
 * The seed's /login and /callback, end to end over real HTTP: the core, its
 * callback server and the fake Spotify on 127.0.0.1, with the test playing
 * the browser.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { createHarness, type Harness } from '../support/core-harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function loginAndAgree(h: Harness): Promise<{ status: number; body: string; url: URL }> {
  await h.core.start();
  await h.core.login();
  return h.consentAndReturn('agree');
}

describe('login', () => {
  it('logs in with PKCE S256 and shows the user and the track', async () => {
    harness = await createHarness();
    const h = harness;
    h.fake.setUser({ id: 'ada', displayName: 'Ada Lovelace' });
    h.fake.setPlayback({
      item: h.fake.fixtures.track({ name: 'Analytical Engine', artists: ['The Difference'] }),
      isPlaying: true,
    });
    await h.core.start();
    expect(h.core.state).toEqual({ screen: 'logged-out', notice: null });
    expect(await h.core.getUserId()).toBeNull();

    await h.core.login();
    expect(h.core.state.screen).toBe('logging-in');
    const authorize = new URL(h.opened[0] ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${h.fake.accountsUrl}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // ≥ 128 bits of state: oauth4webapi makes 32 random bytes, base64url.
    expect(authorize.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual([
      'user-read-currently-playing',
      'user-read-playback-state',
      'user-modify-playback-state',
      'user-library-read',
      'user-library-modify',
    ]);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const page = await h.consentAndReturn('agree');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Logged in — you can close this tab and return to Traytune.');

    const state = await h.waitForScreen('logged-in', (s) => s.user !== null && s.nowPlaying?.kind === 'track');
    expect(state.user).toMatchObject({ id: 'ada', displayName: 'Ada Lovelace' });
    expect(state.nowPlaying).toMatchObject({ kind: 'track', title: 'Analytical Engine', artists: ['The Difference'] });
    expect(await h.core.getUserId()).toBe('ada');
    expect(await h.core.getCurrentlyPlaying()).toMatchObject({ kind: 'track', title: 'Analytical Engine' });

    const tokenRequest = h.fake.requests.find((r) => r.path === '/api/token');
    expect(tokenRequest?.authorization).toBeUndefined();
    // The callback server is gone once nothing is pending.
    await expect(fetch(page.url)).rejects.toThrow();
  });

  it('logs in with a client secret using HTTP Basic and no PKCE', async () => {
    harness = await createHarness({ secret: true });
    const page = await loginAndAgree(harness);
    expect(page.status).toBe(200);
    const authorize = new URL(harness.opened[0] ?? '');
    expect(authorize.searchParams.has('code_challenge')).toBe(false);
    expect(harness.fake.requests.find((r) => r.path === '/api/token')?.authorization).toBe('basic');
    await harness.waitForScreen('logged-in');
  });

  it('works with a fixed registered port, and with IPv6 loopback', async () => {
    const port = await freePort();
    harness = await createHarness({ redirectUri: `http://127.0.0.1:${port}/callback` });
    const page = await loginAndAgree(harness);
    expect(page.url.port).toBe(String(port));
    expect(page.status).toBe(200);
  });

  it('answers a forged state with 400 "Invalid state" and still completes the real login', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    const redirect = new URL(h.opened[0] ?? '').searchParams.get('redirect_uri') ?? '';
    const forged = await fetch(`${redirect}?code=attacker&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Invalid state');
    expect(h.core.state.screen).toBe('logging-in');
    const page = await h.consentAndReturn('agree');
    expect(page.status).toBe(200);
    await h.waitForScreen('logged-in');
  });

  it('returns to logged out with the reason when the user cancels on Spotify', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    const page = await h.consentAndReturn('cancel');
    expect(page.body).toContain('You cancelled the login');
    const state = await h.waitForScreen('logged-out');
    expect(state.notice).toMatchObject({ reason: 'login-cancelled' });
    expect(h.store.get('tokens')).toBeUndefined();
  });

  it('answers 400 to a callback without a code', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    const authorize = new URL(h.opened[0] ?? '');
    const callback = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    callback.searchParams.set('state', authorize.searchParams.get('state') ?? '');
    const response = await fetch(callback);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('no authorization code');
    expect((await h.waitForScreen('logged-out')).notice?.reason).toBe('login-failed');
  });

  it('refuses a replayed callback: the state was single use', async () => {
    const port = await freePort();
    harness = await createHarness({ redirectUri: `http://127.0.0.1:${port}/callback` });
    const h = harness;
    const first = await loginAndAgree(h);
    await h.waitForScreen('logged-in');
    await h.core.logout();
    await h.core.login(); // the server is listening again on the same port
    const replay = await fetch(first.url);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('Invalid state');
    expect((await h.consentAndReturn('agree')).status).toBe(200);
  });

  it('replaces a pending login cleanly: one server, the old state no longer works', async () => {
    harness = await createHarness({ redirectUri: `http://127.0.0.1:${await freePort()}/callback` });
    const h = harness;
    await h.core.start();
    await Promise.all([h.core.login(), h.core.login()]);
    await h.core.login();
    const [first, , third] = h.opened;
    const stale = await h.consentAndReturn('agree', first);
    expect(stale.status).toBe(400);
    expect(h.core.state.screen).toBe('logging-in');
    expect((await h.consentAndReturn('agree', third)).status).toBe(200);
    await h.waitForScreen('logged-in');
  });

  it('cancels a pending login and closes the callback server', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    const redirect = new URL(h.opened[0] ?? '').searchParams.get('redirect_uri') ?? '';
    await h.core.cancelLogin();
    expect(h.core.state).toEqual({ screen: 'logged-out', notice: null });
    await expect(fetch(`${redirect}?state=x&code=y`)).rejects.toThrow();
  });

  it('names the busy port and the fix when the callback port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      harness = await createHarness({ redirectUri: `http://127.0.0.1:${port}/callback` });
      await harness.core.start();
      await harness.core.login();
      const state = await harness.waitForScreen('logged-out');
      expect(state.notice?.reason).toBe('port-busy');
      expect(state.notice?.message).toContain(`Port ${port} is in use`);
      expect(harness.opened).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('discards tokens from a code exchange that finishes after the user logged out', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    h.fake.inject({ method: 'POST', path: '/api/token', delayMs: 400 });
    const callback = await h.fake.consent(h.opened[0] ?? '', 'agree');
    const page = fetch(callback).then(async (response) => response.text());
    await waitFor(() => h.fake.requests.some((r) => r.path === '/api/token'), 'the code exchange');
    await h.core.logout();
    expect(await page).toContain('You cancelled the login');
    expect(h.core.state).toEqual({ screen: 'logged-out', notice: null });
    expect(JSON.parse(await h.settingsFileText())).not.toHaveProperty('tokens');
  });

  it('shows a failure page and a reason when Spotify refuses the code exchange', async () => {
    harness = await createHarness({ registeredRedirectUris: ['http://127.0.0.1/callback'] });
    const h = harness;
    await h.core.start();
    await h.core.login();
    h.fake.inject({ method: 'POST', path: '/api/token', status: 503 });
    const page = await h.consentAndReturn('agree');
    expect(page.status).toBe(502);
    expect(page.body).toContain('could not finish the login');
    expect((await h.waitForScreen('logged-out')).notice?.reason).toBe('login-failed');
  });
});

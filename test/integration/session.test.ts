/**
 * Keeping a login alive and ending it, over real HTTP against the fake:
 * refresh-token rotation both ways, invalid_grant, a 401 mid-session, rate
 * limits, logout, restart from the encrypted store.
 */
import { randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { AesGcmCipher } from '../../main/core/persistence/cipher.ts';
import { TokenVault } from '../../main/core/persistence/token-vault.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { waitFor, waitForAsync } from '../support/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function loggedIn(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  harness = await createHarness(options);
  const h = harness;
  h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'First Song' }), isPlaying: true });
  await h.core.start();
  await h.core.login();
  await h.consentAndReturn('agree');
  await h.waitForScreen('logged-in', (s) => s.nowPlaying !== null && s.user !== null);
  return h;
}

async function savedTokens(h: Harness) {
  const loaded = await new TokenVault({ store: h.store, cipher: new AesGcmCipher(h.key) }).load();
  if (loaded.status !== 'ok') throw new Error(`no saved login: ${loaded.status}`);
  return loaded.tokens;
}

function apiCalls(h: Harness, path: string) {
  return h.fake.requests.filter((r) => r.path === path);
}

describe('session', () => {
  it('keeps the tokens encrypted on disk: no token or code in the settings file', async () => {
    const h = await loggedIn();
    const text = await h.settingsFileText();
    expect(JSON.parse(text)).toHaveProperty('tokens');
    for (const secret of h.fake.issuedSecrets()) expect(text).not.toContain(secret);
    expect(h.logs.join('\n')).not.toMatch(/Bearer [A-Za-z0-9]/);
    for (const secret of h.fake.issuedSecrets()) expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('recovers from a 401 mid-session with exactly one refresh and one retry', async () => {
    const h = await loggedIn();
    const before = h.fake.refreshCount;
    h.fake.expireAccessTokens();
    h.fake.clearRequests();
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'After Refresh' }), isPlaying: true });
    await h.waitForScreen('logged-in', (s) => s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'After Refresh');
    expect(h.fake.refreshCount).toBe(before + 1);
    const polls = apiCalls(h, '/v1/me/player/currently-playing');
    expect(polls[0]?.token).not.toBe(polls[1]?.token);
  });

  it('persists a rotated refresh token and uses it for the next refresh', async () => {
    const h = await loggedIn({ fake: { refreshRotation: 'rotate' } });
    const first = await savedTokens(h);
    h.fake.expireAccessTokens();
    await waitFor(() => h.fake.refreshCount === 1, 'first refresh');
    await waitForAsync(async () => (await savedTokens(h)).refreshToken !== first.refreshToken, 'rotated token saved');
    const second = await savedTokens(h);
    // Let the retry with the new access token land before killing that one too.
    await waitFor(() => h.fake.requests.some((r) => r.token === second.accessToken), 'retry with the new token');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(h.fake.activeRefreshTokens()).toEqual([second.refreshToken]);
    // The old one is revoked by the fake: a second refresh only works with the persisted new one.
    h.fake.expireAccessTokens();
    await waitFor(() => h.fake.refreshCount === 2, 'second refresh');
    await waitForAsync(
      async () => (await savedTokens(h)).refreshToken !== second.refreshToken,
      'second rotation saved',
    );
    expect(h.core.state.screen).toBe('logged-in');
    expect((await savedTokens(h)).authorizedAt).toBe(first.authorizedAt);
  });

  it('keeps the old refresh token when Spotify does not send a new one', async () => {
    const h = await loggedIn({ fake: { refreshRotation: 'keep' } });
    const first = await savedTokens(h);
    h.fake.expireAccessTokens();
    await waitFor(() => h.fake.refreshCount === 1, 'refresh');
    await waitForAsync(async () => (await savedTokens(h)).accessToken !== first.accessToken, 'new access token saved');
    const second = await savedTokens(h);
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  it('ends the login on invalid_grant: logged out with the reason and no token on disk', async () => {
    const h = await loggedIn();
    h.fake.revokeAll();
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-revoked');
    expect(state.notice?.message).toMatch(/Log in again/);
    const text = await h.settingsFileText();
    expect(JSON.parse(text)).not.toHaveProperty('tokens');
    expect(JSON.parse(text)).not.toHaveProperty('tokenCipher');
  });

  it('waits out a 429 Retry-After before the next request and says it is rate limited', async () => {
    const h = await loggedIn();
    h.fake.clearRequests();
    h.fake.inject({ path: '/v1/me/player/currently-playing', status: 429, retryAfterS: 1 });
    await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'rate-limited');
    const state = h.core.state;
    expect(state.screen === 'logged-in' && state.problem?.message).toMatch(/rate limiting Traytune; retrying in 1 s/);
    await h.waitForScreen('logged-in', (s) => s.problem === null);
    const [limited, next] = apiCalls(h, '/v1/me/player/currently-playing');
    expect(next).toBeDefined();
    expect((next?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('reports QUOTA_EXCEEDED distinctly from an ordinary rate limit', async () => {
    const h = await loggedIn();
    h.fake.inject({ path: '/v1/me/player/currently-playing', status: 429, retryAfterS: 30, reason: 'QUOTA_EXCEEDED' });
    const state = await h.waitForScreen('logged-in', (s) => s.problem !== null);
    expect(state.problem?.kind).toBe('quota-exceeded');
  });

  it('treats a 401 that survives a refresh as a lost login, not a frozen screen', async () => {
    const h = await loggedIn();
    h.fake.inject({ path: '/v1/me/player/currently-playing', status: 401, times: 2 });
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-revoked');
    expect(JSON.parse(await h.settingsFileText())).not.toHaveProperty('tokens');
  });

  it('explains a plain-text 403 for a user missing from the dashboard', async () => {
    const h = await loggedIn();
    h.fake.inject({ path: '/v1/me/player/currently-playing', plainText403: 'user-not-registered', times: Infinity });
    const state = await h.waitForScreen('logged-in', (s) => s.problem !== null);
    expect(state.problem?.kind).toBe('user-not-registered');
    h.fake.clearFaults();
  });

  it('logout stops polling and leaves no token in memory or on disk', async () => {
    const h = await loggedIn();
    await h.core.logout();
    expect(h.core.state).toEqual({ screen: 'logged-out', notice: null });
    const text = await h.settingsFileText();
    expect(JSON.parse(text)).not.toHaveProperty('tokens');
    for (const secret of h.fake.issuedSecrets()) expect(text).not.toContain(secret);
    // Settings other than the login survive.
    expect(JSON.parse(text)).toHaveProperty('preferences');
    h.fake.clearRequests();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(h.fake.requests.filter((r) => r.path.startsWith('/v1/'))).toEqual([]);
    expect(await h.core.getUserId()).toBeNull();
  });

  it('restores the login on restart from the encrypted store, without a browser', async () => {
    const h = await loggedIn();
    const { fake, dataDir, key } = h;
    await h.core.dispose();
    const restarted = await createHarness({ dataDir, key }, fake);
    try {
      await restarted.core.start();
      const state = await restarted.waitForScreen('logged-in', (s) => s.user !== null);
      expect(state.user?.id).toBeTruthy();
      expect(restarted.opened).toEqual([]);
    } finally {
      await restarted.close({ keepData: true });
    }
  });

  it('logs out with a clear reason when the saved login cannot be decrypted, keeping settings', async () => {
    const h = await loggedIn();
    const { fake, dataDir } = h;
    await h.core.dispose();
    h.store.set('redirectUri', 'http://127.0.0.1/callback');
    const other = await createHarness({ dataDir, key: randomBytes(32) }, fake);
    try {
      await other.core.start();
      const state = await other.waitForScreen('logged-out');
      expect(state.notice?.reason).toBe('store-unreadable');
      expect(state.notice?.message).toMatch(/could not be decrypted/);
      expect(other.store.get('redirectUri')).toBe('http://127.0.0.1/callback');
      expect(other.store.get('tokens')).toBeUndefined();
    } finally {
      await other.close({ keepData: true });
    }
  });
});

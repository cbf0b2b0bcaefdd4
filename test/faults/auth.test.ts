/**
 * Fault matrix, keeping a login: 401s, refresh-token rotation either way,
 * invalid_grant, the development-mode 403s, logout racing a refresh, and a
 * laptop that slept past its token's expiry.
 */
import { describe, expect, it } from 'vitest';

import { ManualClock, flushMicrotasks } from '../support/manual-clock.ts';
import { describeState, verdict } from '../support/faults-harness.ts';
import { waitFor, waitForAsync } from '../support/wait-for.ts';
import { faultCore, pause } from './fault-setup.ts';

const POLL = '/v1/me/player/currently-playing';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe('login upkeep faults', () => {
  it('401 mid-session: exactly one refresh and one retry', async () => {
    const h = await faultCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    h.fake.clearRequests();
    h.fake.expireAccessTokens();
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Renewed' }) });
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'Renewed',
    );
    expect(h.fake.refreshCount).toBe(before + 1);
    const [rejected, retried] = h.fake.requests.filter((r) => r.path === POLL);
    expect(retried?.token).not.toBe(rejected?.token);
    await verdict(h, 'kept', `one refresh, one retry, ${describeState(state)}`);
  });

  it('many callers with an expired token share one refresh', async () => {
    const h = await faultCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    h.fake.expireAccessTokens();
    const ids = await Promise.all(Array.from({ length: 6 }, () => h.core.getUserId()));
    expect(new Set(ids).size).toBe(1);
    expect(h.fake.refreshCount).toBe(before + 1);
    await verdict(h, 'kept', `6 concurrent calls, ${h.fake.refreshCount - before} refresh`);
  });

  it('rotated refresh token is persisted before the new access token is used', async () => {
    const h = await faultCore({ fakeOptions: { refreshRotation: 'rotate' } });
    await h.logIn();
    const first = await h.savedLogin();
    h.storeEvents.length = 0;
    h.fake.expireAccessTokens();
    await waitForAsync(async () => (await h.savedLogin())?.refreshToken !== first?.refreshToken, 'rotation saved');
    const second = await h.savedLogin();
    await waitFor(() => h.fake.requests.some((r) => r.token === second?.accessToken), 'new token used');
    const firstUse = h.fake.requests.findIndex((r) => r.token === second?.accessToken);
    const save = h.storeEvents.find((e) => e.op === 'set' && e.key === 'tokens');
    expect(save).toBeDefined();
    expect(firstUse).toBeGreaterThanOrEqual(save?.requestsSeen ?? Infinity);
    expect(h.fake.activeRefreshTokens()).toEqual([second?.refreshToken]);
    await verdict(h, 'kept', `rotated token saved after request ${save?.requestsSeen}, first used at ${firstUse}`);
  });

  it('refresh without a new refresh token keeps the old one', async () => {
    const h = await faultCore({ fakeOptions: { refreshRotation: 'keep' } });
    await h.logIn();
    const first = await h.savedLogin();
    h.fake.expireAccessTokens();
    await waitForAsync(async () => (await h.savedLogin())?.accessToken !== first?.accessToken, 'new access token');
    const second = await h.savedLogin();
    expect(second?.refreshToken).toBe(first?.refreshToken);
    await verdict(h, 'kept', `${describeState(h.core.state)}, old refresh token kept`);
  });

  it('invalid_grant (access revoked): logged out with the reason, tokens wiped', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.revokeAll();
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-revoked');
    expect(JSON.parse(await h.settingsFileText())).not.toHaveProperty('tokenCipher');
    await verdict(h, 'gone', describeState(state));
  });

  it('a 401 that survives the refresh ends the login instead of freezing', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.inject({ path: POLL, status: 401, times: 2 });
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-revoked');
    await verdict(h, 'gone', describeState(state));
  });

  it('plain-text 403 "user not registered": explained, login kept', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.inject({ path: POLL, plainText403: 'user-not-registered', times: Infinity });
    const state = await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'user-not-registered');
    h.fake.clearFaults();
    await verdict(h, 'kept', describeState(state));
  });

  it('plain-text 403 "owner needs Premium": explained, login kept', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.inject({ path: POLL, plainText403: 'owner-needs-premium', times: Infinity });
    const state = await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'owner-needs-premium');
    h.fake.clearFaults();
    await verdict(h, 'kept', describeState(state));
  });

  it('logout during a refresh: nothing comes back to disk', async () => {
    const h = await faultCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    h.fake.inject({ path: '/api/token', delayMs: 800 });
    h.fake.expireAccessTokens();
    await waitFor(() => h.fake.requests.some((r) => r.form?.['grant_type'] === 'refresh_token'), 'refresh held');
    await h.core.logout();
    await waitFor(() => h.fake.refreshCount > before, 'the held refresh answered');
    // Let the late answer reach the core; only a bound, the check is on disk.
    await pause(300);
    expect(h.core.state).toEqual({ screen: 'logged-out', notice: null });
    expect(JSON.parse(await h.settingsFileText())).not.toHaveProperty('tokens');
    await verdict(h, 'gone', `${describeState(h.core.state)}, late refresh answer discarded`);
  });

  it('clock jump forward (sleep/resume) with an expired token: one refresh before any request', async () => {
    const clock = new ManualClock({ startMs: Date.now() });
    const h = await faultCore({ clock, fakeOptions: { now: () => clock.now() } });
    await h.logIn();
    h.core.setActivity({ suspended: true });
    clock.jump(2 * HOUR_MS);
    const before = h.fake.refreshCount;
    h.fake.clearRequests();
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Good Morning' }) });
    h.core.setActivity({ suspended: false });
    await flushMicrotasks();
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'Good Morning',
    );
    expect(h.fake.refreshCount).toBe(before + 1);
    // The refresh went out first: no request carried the token that expired in the sleep.
    const api = h.fake.requests.filter((r) => r.path.startsWith('/v1/'));
    const saved = await h.savedLogin();
    expect(api.every((r) => r.token === saved?.accessToken)).toBe(true);
    await verdict(h, 'kept', `slept 2 h, ${describeState(state)} after one proactive refresh`);
  });

  it('clock jump past the six-month refresh-token lifetime: asked to log in again', async () => {
    const clock = new ManualClock({ startMs: Date.now() });
    const h = await faultCore({ clock, fakeOptions: { now: () => clock.now() } });
    await h.logIn();
    h.core.setActivity({ suspended: true });
    clock.jump(183 * DAY_MS);
    h.core.setActivity({ suspended: false });
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-expired');
    await verdict(h, 'gone', describeState(state));
  });
});

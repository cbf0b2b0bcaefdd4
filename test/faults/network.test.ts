/**
 * Fault matrix, network: the real core over real HTTP on 127.0.0.1 while the
 * network goes away, resolves nothing, resets, stalls or answers 5xx/429.
 * Each scenario checks the screen the user sees and that the login survived.
 */
import { describe, expect, it } from 'vitest';

import { describeState, verdict } from '../support/faults-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { deadPort, faultCore, linkedCore, pause } from './fault-setup.ts';

const POLL = '/v1/me/player/currently-playing';

describe('network faults', () => {
  it('network down at login: code exchange cannot reach Spotify', async () => {
    const h = await faultCore({ accountsUrl: `http://127.0.0.1:${await deadPort()}` });
    await h.core.start();
    await h.core.login();
    const page = await h.consent('agree');
    expect(page.status).toBe(502);
    expect(page.body).toContain('Spotify could not be reached');
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-failed');
    await verdict(h, 'gone', `${describeState(state)}, callback page ${page.status}`);
  });

  it('network down at refresh: keeps the login, refreshes once it is back', async () => {
    const { h, accounts } = await linkedCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    await accounts.down();
    h.fake.expireAccessTokens();
    await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'offline');
    expect(await h.savedLogin()).not.toBeNull();
    await accounts.up();
    await waitFor(() => h.fake.refreshCount > before, 'refresh after reconnect');
    const state = await h.waitForScreen('logged-in', (s) => s.problem === null);
    await verdict(h, 'kept', `offline shown, then ${describeState(state)} after one refresh`);
  });

  it('network down at poll: shows offline, recovers when the network returns', async () => {
    const { h, api } = await linkedCore();
    await h.logIn();
    await api.down();
    await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'offline');
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Back Online' }) });
    await api.up();
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.problem === null && s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'Back Online',
    );
    await verdict(h, 'kept', `offline shown, then ${describeState(state)}`);
  });

  it('DNS failure for the Web API (.invalid host): offline, login kept', async () => {
    const h = await faultCore({ apiUrl: 'http://api.traytune.invalid/v1' });
    await h.core.start();
    await h.core.login();
    expect((await h.consent('agree')).status).toBe(200);
    const state = await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'offline');
    expect(h.logs.join('\n')).toMatch(/ENOTFOUND|EAI_AGAIN/);
    await verdict(h, 'kept', describeState(state));
  });

  it('DNS failure for the accounts service at login: login fails cleanly', async () => {
    const h = await faultCore({ accountsUrl: 'http://accounts.traytune.invalid' });
    await h.core.start();
    await h.core.login();
    const page = await h.consent('agree');
    expect(page.status).toBe(502);
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-failed');
    await verdict(h, 'gone', `${describeState(state)}, callback page ${page.status}`);
  });

  it('connection reset on a poll: retried, the screen recovers', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.clearRequests();
    h.fake.inject({ path: POLL, reset: true, times: 2 });
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'After Reset' }) });
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.problem === null && s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'After Reset',
    );
    expect(h.fake.requests.filter((r) => r.path === POLL).length).toBeGreaterThanOrEqual(3);
    await verdict(h, 'kept', `2 resets, then ${describeState(state)}`);
  });

  it('connection reset at the token endpoint during a refresh: login kept, refreshed later', async () => {
    const h = await faultCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    h.fake.inject({ path: '/api/token', reset: true });
    h.fake.expireAccessTokens();
    await waitFor(() => h.fake.refreshCount > before, 'a refresh that got through');
    const state = await h.waitForScreen('logged-in', (s) => s.problem === null);
    await verdict(h, 'kept', `reset refresh retried, ${describeState(state)}`);
  });

  it('connection reset during the code exchange: login fails, nothing saved', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    h.fake.inject({ method: 'POST', path: '/api/token', reset: true });
    const page = await h.consent('agree');
    expect(page.status).toBe(502);
    const state = await h.waitForScreen('logged-out');
    await verdict(h, 'gone', `${describeState(state)}, callback page ${page.status}`);
  });

  it('slow token endpoint beyond the dispatcher timeout at login: fails, no hang', async () => {
    const h = await faultCore({ dispatcher: { headersTimeoutMs: 300, bodyTimeoutMs: 300 } });
    await h.core.start();
    await h.core.login();
    h.fake.inject({ method: 'POST', path: '/api/token', delayMs: 2_000 });
    const page = await h.consent('agree');
    expect(page.status).toBe(502);
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-failed');
    await verdict(h, 'gone', `${describeState(state)} after the token request timed out`);
  });

  it('slow Web API beyond the client timeout: timeout shown, the retry succeeds', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.inject({ path: POLL, delayMs: 12_000 });
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Worth The Wait' }) });
    await waitFor(
      () => h.states.some((s) => s.screen === 'logged-in' && s.problem?.kind === 'timeout'),
      'timeout shown',
      20_000,
    );
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.problem === null && s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'Worth The Wait',
    );
    await verdict(h, 'kept', `timeout shown, then ${describeState(state)}`);
  }, 40_000);

  it('5xx burst on polls: retried with backoff, recovers', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.inject({ path: POLL, status: 503, times: 2 });
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'After Outage' }) });
    const state = await h.waitForScreen(
      'logged-in',
      (s) => s.problem === null && s.nowPlaying?.kind === 'track' && s.nowPlaying.title === 'After Outage',
    );
    expect(h.states.some((s) => s.screen === 'logged-in' && s.problem?.kind === 'server-error')).toBe(true);
    await verdict(h, 'kept', `server-error shown, then ${describeState(state)}`);
  });

  it('5xx at the token endpoint during a refresh: login kept, refreshed later', async () => {
    const h = await faultCore();
    await h.logIn();
    const before = h.fake.refreshCount;
    h.fake.inject({ path: '/api/token', status: 500 });
    h.fake.expireAccessTokens();
    // The fault answers before the fake counts a refresh, so count the token requests themselves.
    const refreshes = (): number => h.fake.requests.filter((r) => r.form?.['grant_type'] === 'refresh_token').length;
    await waitFor(() => h.fake.refreshCount > before && refreshes() >= 2, 'the retried refresh');
    const state = await h.waitForScreen('logged-in', (s) => s.problem === null);
    await verdict(h, 'kept', `500 on refresh, retried, ${describeState(state)}`);
  });

  it('429 with Retry-After: no request leaves before it expires', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.clearRequests();
    h.fake.inject({ path: POLL, status: 429, retryAfterS: 2 });
    const limited = await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'rate-limited');
    expect(limited.problem?.retryInS).toBe(2);
    await h.waitForScreen('logged-in', (s) => s.problem === null);
    const api = h.fake.requests.filter((r) => r.path.startsWith('/v1/'));
    const first = api[0];
    expect(first).toBeDefined();
    const after = api.slice(1);
    expect(after.length).toBeGreaterThan(0);
    // The fake dates each request on arrival: every later one must be at or after the 429's Retry-After.
    for (const request of after) expect(request.at).toBeGreaterThanOrEqual((first?.at ?? 0) + 2_000);
    await verdict(
      h,
      'kept',
      `rate-limited for 2 s, all ${after.length} later requests after Retry-After, then logged in`,
    );
  });

  it('429 QUOTA_EXCEEDED: quota problem shown, no request during the wait', async () => {
    const h = await faultCore();
    await h.logIn();
    h.fake.clearRequests();
    h.fake.inject({ path: POLL, status: 429, retryAfterS: 30, reason: 'QUOTA_EXCEEDED' });
    const state = await h.waitForScreen('logged-in', (s) => s.problem?.kind === 'quota-exceeded');
    await pause(600);
    expect(h.fake.requests.filter((r) => r.path.startsWith('/v1/'))).toHaveLength(1);
    await verdict(h, 'kept', `${describeState(state)}, silent during the 30 s wait`);
  });
});

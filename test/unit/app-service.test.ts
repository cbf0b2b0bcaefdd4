/**
 * AppService with the real core against the fake Spotify over real HTTP,
 * and the demo against the built-in simulated Spotify: the ViewState it
 * composes, the URLs it opens, and the demo's separation from the real
 * settings.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { AppService, type OpenPurpose } from '../../main/app/app-service.ts';
import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import { AesGcmCipher } from '../../main/core/persistence/cipher.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore, type SettingsStore } from '../../main/core/persistence/store.ts';
import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import { DEMO_TRACKS } from '../../main/demo/catalog.ts';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/index.ts';
import { CLIENT_ID, REDIRECT_URI } from '../support/core-harness.ts';
import { waitFor } from '../support/wait-for.ts';

interface Setup {
  service: AppService;
  fake: FakeSpotify;
  store: SettingsStore;
  opened: { url: string; purpose: OpenPurpose }[];
  views: ViewState[];
  preferUri: { value: boolean };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const fake = await startFakeSpotify();
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], name: 'AppService test' });
  fake.setUser({ id: 'ada', displayName: 'Ada Lovelace' });
  fake.setPlayback({ item: fake.fixtures.track({ name: 'Analytical Engine', artists: ['The Difference'] }) });
  const dataDir = await mkdtemp(join(tmpdir(), 'traytune-app-'));
  const { store } = openStore(nodeStoreFactory, storeOptions({ cwd: dataDir }));
  const opened: Setup['opened'] = [];
  const preferUri = { value: false };
  const dispatcher = createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' });
  const service = new AppService({
    core: {
      env: {
        SPOTIFY_REDIRECT_URI: REDIRECT_URI,
        TRAYTUNE_ACCOUNTS_URL: fake.accountsUrl,
        TRAYTUNE_API_URL: fake.apiUrl,
        ...env,
      },
      store,
      cipher: new AesGcmCipher(randomBytes(32)),
      dispatcher,
      pollIntervalMs: 100,
    },
    openUrl: async (url, purpose) => void opened.push({ url, purpose }),
    tokenStorage: 'key-file',
    version: '9.9.9',
    platform: 'linux',
    preferSpotifyUri: () => preferUri.value,
    demo: { pollIntervalMs: 100 },
  });
  const views: ViewState[] = [];
  service.subscribe((view) => views.push(view));
  cleanup = async () => {
    await service.dispose();
    await dispatcher.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  await service.start();
  return { service, fake, store, opened, views, preferUri };
}

function lastLogin(s: Setup): string {
  const url = s.opened.filter((o) => o.purpose === 'login').at(-1)?.url;
  if (url === undefined) throw new Error('no login URL was opened');
  return url;
}

async function until(s: Setup, what: string, check: (view: ViewState) => boolean): Promise<ViewState> {
  await waitFor(() => check(s.service.view), what);
  return s.service.view;
}

/** The user at the demo's consent page, over HTTP, then back to the demo core's callback server. */
async function agreeOnDemo(authorizeUrl: string): Promise<void> {
  const page = await (await fetch(authorizeUrl)).text();
  const pending = /name="pending" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(new URL('/authorize/decision', authorizeUrl), {
    method: 'POST',
    body: new URLSearchParams({ pending, decision: 'agree' }),
    redirect: 'manual',
  });
  const callback = await fetch(answer.headers.get('location') ?? '');
  expect(await callback.text()).toContain('Logged in');
}

describe('AppService', () => {
  it('composes the setup view from the core, the settings and the injected facts', async () => {
    const s = await setup();
    expect(s.service.view).toEqual({
      app: expect.objectContaining({ screen: 'setup' }),
      setup: { redirectUri: REDIRECT_URI, clientId: null, dashboardUrl: 'https://developer.spotify.com/dashboard' },
      demo: false,
      tokenStorage: 'key-file',
      version: '9.9.9',
      preferences: DEFAULT_PREFERENCES,
      platform: 'linux',
    });
    expect(await s.service.getState()).toEqual(s.service.view);

    const bad = await s.service.saveSettings({ clientId: 'not-an-id' });
    expect(bad.ok).toBe(false);
    expect(await s.service.saveSettings({ clientId: CLIENT_ID })).toEqual({ ok: true });
    expect(s.service.view.app).toEqual({ screen: 'logged-out', notice: null });
    expect(s.service.view.setup.clientId).toBe(CLIENT_ID);
    expect(s.views.at(-1)?.app.screen).toBe('logged-out');
  });

  it('logs in with the real core, opens only URLs it built, and logs out leaving no token', async () => {
    const s = await setup({ SPOTIFY_CLIENT_ID: CLIENT_ID });
    await s.service.login();
    expect(s.service.view.app.screen).toBe('logging-in');
    const authorize = new URL(lastLogin(s));
    expect(authorize.origin).toBe(s.fake.accountsUrl);
    const back = await s.fake.consent(authorize.href, 'agree');
    expect((await fetch(back)).status).toBe(200);
    const view = await until(
      s,
      'the track',
      (v) => v.app.screen === 'logged-in' && v.app.nowPlaying?.kind === 'track' && v.app.user !== null,
    );

    const item = view.app.screen === 'logged-in' && view.app.nowPlaying?.kind === 'track' ? view.app.nowPlaying : null;
    await s.service.openExternal('current-item');
    s.preferUri.value = true;
    await s.service.openExternal('current-item');
    await s.service.openExternal('dashboard');
    await s.service.openExternal('profile');
    expect(s.opened.slice(-4)).toEqual([
      { url: item?.url, purpose: 'current-item' },
      { url: item?.uri, purpose: 'current-item' },
      { url: 'https://developer.spotify.com/dashboard', purpose: 'dashboard' },
      { url: 'https://open.spotify.com/user/ada', purpose: 'profile' },
    ]);
    expect(item?.url).toMatch(/^https:\/\/open\.spotify\.com\/track\//);
    expect(item?.uri).toMatch(/^spotify:track:/);

    await s.service.logout();
    expect(s.service.view.app).toEqual({ screen: 'logged-out', notice: null });
    const settings = await readFile(s.store.path, 'utf8');
    expect(JSON.parse(settings)).not.toHaveProperty('tokens');
    const everything = [settings, JSON.stringify(s.views)].join('\n');
    for (const secret of s.fake.issuedSecrets()) expect(everything).not.toContain(secret);
  });

  it('opens nothing when there is nothing (safe) to open', async () => {
    const s = await setup({ SPOTIFY_CLIENT_ID: CLIENT_ID });
    await s.service.openExternal('current-item');
    await s.service.openExternal('profile');
    expect(s.opened).toEqual([]);
  });

  it('runs the demo beside the real app, keeps its login out of the settings, and leaves it on log out', async () => {
    const s = await setup();
    s.service.setActivity({ popoverVisible: true });
    await s.service.startDemo();
    await s.service.startDemo(); // idempotent
    expect(s.service.view).toMatchObject({ demo: true, app: { screen: 'logged-out', notice: null } });
    expect(s.views.at(-1)?.demo).toBe(true);

    await s.service.login();
    const authorizeUrl = lastLogin(s);
    expect(new URL(authorizeUrl).hostname).toBe('127.0.0.1');
    expect(new URL(authorizeUrl).origin).not.toBe(s.fake.accountsUrl);
    await agreeOnDemo(authorizeUrl);
    const view = await until(
      s,
      'a demo track',
      (v) => v.app.screen === 'logged-in' && v.app.nowPlaying?.kind === 'track',
    );
    const titles = DEMO_TRACKS.map((track) => track.title);
    expect(
      view.app.screen === 'logged-in' &&
        view.app.nowPlaying?.kind === 'track' &&
        titles.includes(view.app.nowPlaying.title),
    ).toBe(true);

    // Demo links go to the demo server, never to a spotify: URI for a made-up track.
    s.preferUri.value = true;
    await s.service.openExternal('current-item');
    const link = s.opened.at(-1);
    expect(link?.purpose).toBe('current-item');
    expect(new URL(link?.url ?? '').origin).toBe(new URL(authorizeUrl).origin);

    const settings = JSON.parse(await readFile(s.store.path, 'utf8')) as Record<string, unknown>;
    expect(settings).not.toHaveProperty('tokens');

    await s.service.logout();
    expect(s.service.view).toMatchObject({ demo: false, app: { screen: 'setup' } });
    await expect(fetch(authorizeUrl)).rejects.toThrow();
  });

  it('ends the demo when real settings are saved', async () => {
    const s = await setup();
    await s.service.startDemo();
    expect(s.service.demo).toBe(true);
    expect(await s.service.saveSettings({ clientId: CLIENT_ID })).toEqual({ ok: true });
    expect(s.service.demo).toBe(false);
    expect(s.service.view.app).toEqual({ screen: 'logged-out', notice: null });
  });

  it('stops delivering to an unsubscribed listener and passes hidePopover through', async () => {
    const hidden: string[] = [];
    const s = await setup();
    const seen: ViewState[] = [];
    const off = s.service.subscribe((view) => seen.push(view));
    await s.service.saveSettings({ clientId: CLIENT_ID });
    const count = seen.length;
    expect(count).toBeGreaterThan(0);
    off();
    await s.service.startDemo();
    expect(seen.length).toBe(count);

    const withHide = new AppService({
      core: { env: {}, store: s.store, cipher: new AesGcmCipher(randomBytes(32)) },
      openUrl: async () => undefined,
      hidePopover: () => void hidden.push('hide'),
      tokenStorage: 'memory-only',
      version: '1',
    });
    await withHide.hidePopover();
    expect(hidden).toEqual(['hide']);
    await withHide.dispose();
  });

  it('drives the demo player: play/pause, next, previous and the heart, each shown at once', async () => {
    const s = await setup();
    await s.service.startDemo();
    await s.service.login();
    await agreeOnDemo(lastLogin(s));
    const playing = (v: ViewState) => (v.app.screen === 'logged-in' ? v.app : null);
    const first = await until(s, 'a playing demo track with its liked state', (v) => {
      const app = playing(v);
      return app?.nowPlaying?.kind === 'track' && app.nowPlaying.isPlaying && app.liked === false;
    });
    const title = (v: ViewState) => {
      const app = playing(v);
      return app?.nowPlaying?.kind === 'track' ? app.nowPlaying.title : null;
    };
    const isPlaying = (v: ViewState) => {
      const np = playing(v)?.nowPlaying;
      return np !== null && np !== undefined && np.kind !== 'nothing' && np.isPlaying;
    };

    const toggling = s.service.togglePlayback();
    // Optimistic: paused and pending before Spotify (the demo) has answered.
    expect(isPlaying(s.service.view)).toBe(false);
    expect(playing(s.service.view)?.controls.pending).toBe('toggle');
    await toggling;
    expect(playing(s.service.view)?.controls).toEqual({ available: true, note: null, pending: null });
    await s.service.togglePlayback();
    await until(s, 'playing again', isPlaying);

    await s.service.next();
    await until(s, 'the next track', (v) => title(v) !== null && title(v) !== title(first));
    // Within the first 3 s of a track, "previous" goes back a track, as on Spotify.
    await s.service.previous();
    // A new track's liked state is unknown (null) until /me/library/contains answers.
    await until(s, 'back to the first track', (v) => title(v) === title(first) && playing(v)?.liked === false);

    await s.service.toggleLike();
    expect(playing(s.service.view)?.liked).toBe(true);
    await s.service.toggleLike();
    expect(playing(s.service.view)?.liked).toBe(false);
  });

  it('saves preferences over the defaults, refuses a bad shortcut, and tells subscribers', async () => {
    const s = await setup();
    const before = s.views.length;
    expect(await s.service.setPreferences({ notifications: true, shortcut: 'CommandOrControl+Alt+T' })).toEqual({
      ok: true,
    });
    expect(s.views.length).toBe(before + 1);
    expect(s.views.at(-1)?.preferences).toEqual({
      ...DEFAULT_PREFERENCES,
      notifications: true,
      shortcut: 'CommandOrControl+Alt+T',
    });
    const bad = await s.service.setPreferences({ shortcut: 'Ctrl+Alt+Delete+Banana' });
    expect(bad.ok).toBe(false);
    expect(s.views.length).toBe(before + 1);
    expect(await s.service.setPreferences({ shortcut: null, mediaKeys: true })).toEqual({ ok: true });
    // Only the user's own choices are written; the defaults are applied on read.
    expect(JSON.parse(await readFile(s.store.path, 'utf8'))).toMatchObject({
      preferences: { notifications: true, shortcut: null, mediaKeys: true },
    });
    expect(s.service.view.preferences).toEqual({ ...DEFAULT_PREFERENCES, notifications: true, mediaKeys: true });
  });

  it('forgets this computer: logs out, leaves the demo and keeps nothing but defaults', async () => {
    const s = await setup();
    await s.service.saveSettings({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI });
    await s.service.login();
    await s.fake.consent(lastLogin(s), 'agree').then((back) => fetch(back));
    await until(s, 'logged in', (v) => v.app.screen === 'logged-in');
    await s.service.setPreferences({ launchAtLogin: true });
    await s.service.startDemo();

    await s.service.forgetThisComputer();
    expect(s.service.demo).toBe(false);
    expect(s.service.view.app.screen).toBe('setup');
    expect(s.service.view.preferences).toEqual(DEFAULT_PREFERENCES);
    expect(s.views.at(-1)?.app.screen).toBe('setup');
    expect(JSON.parse(await readFile(s.store.path, 'utf8'))).toEqual({ preferences: {} });
  });
});

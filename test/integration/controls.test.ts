/**
 * Play/pause, skip and the heart through the real core against the fake
 * Spotify: optimistic updates and their reconcile or rollback, Premium and
 * device problems, restrictions, and the liked state from /me/library.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { AppState } from '../../main/core/app-state.ts';
import { NO_DEVICE_NOTE, PREMIUM_NOTE } from '../../main/core/player-controls.ts';
import type { PlaybackScript } from '../fake-spotify/index.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { waitFor } from '../support/wait-for.ts';

type LoggedIn = Extract<AppState, { screen: 'logged-in' }>;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function loggedIn(playback?: (h: Harness) => PlaybackScript, saved: string[] = []): Promise<Harness> {
  harness = await createHarness({ pollIntervalMs: 150 });
  const h = harness;
  h.fake.setSaved(saved);
  h.fake.setPlayback(
    playback?.(h) ?? { item: h.fake.fixtures.track({ id: 'firstsong0000000000001', name: 'First Song' }) },
  );
  h.fake.setQueue([h.fake.fixtures.track({ id: 'secondsong000000000002', name: 'Second Song' })]);
  await h.core.start();
  await h.core.login();
  await h.consentAndReturn('agree');
  await h.waitForScreen('logged-in', (s) => s.nowPlaying?.kind === 'track' && s.liked !== null);
  h.fake.clearRequests();
  return h;
}

function app(h: Harness): LoggedIn {
  if (h.core.state.screen !== 'logged-in') throw new Error(`not logged in: ${h.core.state.screen}`);
  return h.core.state;
}

const playing = (s: LoggedIn): boolean | null =>
  s.nowPlaying === null || s.nowPlaying.kind === 'nothing' ? null : s.nowPlaying.isPlaying;
const title = (s: LoggedIn): string | null => (s.nowPlaying?.kind === 'track' ? s.nowPlaying.title : null);
const commands = (h: Harness) => h.fake.requests.filter((r) => r.method !== 'GET');

describe('player controls', () => {
  it('shows a pause at once, then reconciles with the next state from Spotify', async () => {
    const h = await loggedIn();
    h.fake.inject({ method: 'PUT', path: '/v1/me/player/pause', delayMs: 300 });
    const pausing = h.core.togglePlayback();
    expect(playing(app(h))).toBe(false);
    expect(app(h).controls).toEqual({ available: true, note: null, pending: 'toggle' });
    await pausing;
    expect(app(h).controls.pending).toBeNull();
    expect(h.fake.playback()?.isPlaying).toBe(false);
    // The reconcile: a poll after the command, whose answer is shown even though it matches.
    const pauseAt = h.fake.requests.findIndex((r) => r.path === '/v1/me/player/pause');
    await waitFor(
      () => h.fake.requests.slice(pauseAt).some((r) => r.path === '/v1/me/player/currently-playing'),
      'a poll after the pause',
    );
    await h.core.togglePlayback();
    await h.waitForScreen('logged-in', (s) => playing(s) === true && s.controls.pending === null);
    expect(commands(h).map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /v1/me/player/pause',
      'PUT /v1/me/player/play',
    ]);
  });

  it('rolls an optimistic pause back when Spotify refuses it', async () => {
    const h = await loggedIn();
    h.fake.inject({ method: 'PUT', path: '/v1/me/player/pause', plainText403: 'user-not-registered' });
    await h.core.togglePlayback();
    expect(playing(app(h))).toBe(true);
    expect(app(h).controls.available).toBe(true);
    expect(app(h).controls.pending).toBeNull();
    expect(app(h).controls.note).not.toBeNull();
    expect(h.fake.playback()?.isPlaying).toBe(true);
  });

  it('skips to the next track and back', async () => {
    const h = await loggedIn();
    await h.core.next();
    await h.waitForScreen('logged-in', (s) => title(s) === 'Second Song');
    await h.core.previous();
    await h.waitForScreen('logged-in', (s) => title(s) === 'First Song');
  });

  it('PREMIUM_REQUIRED: controls become a note for the session and no further command is sent', async () => {
    const h = await loggedIn();
    h.fake.setPremium(false);
    await h.core.togglePlayback();
    expect(app(h).controls).toEqual({ available: false, note: PREMIUM_NOTE, pending: null });
    expect(playing(app(h))).toBe(true);
    await h.core.next();
    await h.core.previous();
    await h.core.togglePlayback();
    expect(commands(h)).toHaveLength(1);
    // The heart does not need Premium.
    await h.core.toggleLike();
    expect(h.fake.savedUris()).toEqual(['spotify:track:firstsong0000000000001']);
  });

  it('NO_ACTIVE_DEVICE: says to start Spotify somewhere; controls stay available', async () => {
    const h = await loggedIn();
    h.fake.setPlayback({ item: h.fake.fixtures.track(), device: null });
    await h.core.next();
    expect(app(h).controls).toEqual({ available: true, note: NO_DEVICE_NOTE, pending: null });
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Back' }) });
    await h.waitForScreen('logged-in', (s) => title(s) === 'Back' && s.controls.note === null);
  });

  it('respects actions.disallows: no request for a refused skip or pause', async () => {
    const h = await loggedIn((x) => ({
      item: x.fake.fixtures.track({ name: 'Locked' }),
      disallows: { skipping_next: true, skipping_prev: true, pausing: true },
    }));
    await h.core.next();
    await h.core.previous();
    await h.core.togglePlayback();
    expect(commands(h)).toEqual([]);
    expect(playing(app(h))).toBe(true);
  });
});

describe('the heart', () => {
  const FIRST = 'spotify:track:firstsong0000000000001';

  it('reads the liked state once per track, and saves and removes with /me/library', async () => {
    const h = await loggedIn(undefined, [FIRST]);
    expect(app(h).liked).toBe(true);
    await h.core.toggleLike();
    expect(app(h).liked).toBe(false);
    expect(h.fake.savedUris()).toEqual([]);
    await h.core.toggleLike();
    expect(app(h).liked).toBe(true);
    expect(h.fake.savedUris()).toEqual([FIRST]);

    await h.core.next();
    await h.waitForScreen('logged-in', (s) => title(s) === 'Second Song' && s.liked === false);
    await new Promise((resolve) => setTimeout(resolve, 400)); // a few more polls of the same track
    const contains = h.fake.requests.filter((r) => r.path === '/v1/me/library/contains');
    expect(contains.map((r) => r.query['uris'])).toEqual(['spotify:track:secondsong000000000002']);
  });

  it('rolls the heart back when the save fails', async () => {
    const h = await loggedIn();
    h.fake.inject({ method: 'PUT', path: '/v1/me/library', plainText403: 'user-not-registered' });
    await h.core.toggleLike();
    expect(app(h).liked).toBe(false);
    expect(h.fake.savedUris()).toEqual([]);
  });

  it('has no liked state for episodes and local files', async () => {
    const h = await loggedIn();
    h.fake.setPlayback({ item: h.fake.fixtures.episode() });
    await h.waitForScreen('logged-in', (s) => s.nowPlaying?.kind === 'episode');
    expect(app(h).liked).toBeNull();
    h.fake.setPlayback({ item: h.fake.fixtures.track({ local: true }) });
    await h.waitForScreen('logged-in', (s) => s.nowPlaying?.kind === 'track' && s.nowPlaying.isLocal);
    expect(app(h).liked).toBeNull();
    await h.core.toggleLike();
    expect(commands(h)).toEqual([]);
  });
});

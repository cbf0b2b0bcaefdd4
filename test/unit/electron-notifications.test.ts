/**
 * Notification decisions (pure) and the sender against the electron double:
 * a Notification is constructed with title, artists or show, and the album
 * art when it could be fetched; a slow download never announces a replaced
 * item.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import type { AppState } from '../../main/core/app-state.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { EpisodePlaying, NowPlaying, TrackPlaying } from '../../main/core/spotify/now-playing.ts';
import { shouldNotify, TrackNotifier, type NotifyContext } from '../../main/electron/notifications.ts';
import * as electron from '../doubles/electron.ts';

const NO_DISALLOWS = { pausing: false, resuming: false, seeking: false, skippingNext: false, skippingPrev: false };

function track(id: string | null, fields: { isPlaying?: boolean; artUrl?: string | null } = {}): TrackPlaying {
  return {
    kind: 'track',
    id,
    title: `Track ${id ?? 'local'}`,
    artists: ['Ada', 'Charles'],
    album: 'Notes',
    artUrl: fields.artUrl ?? null,
    durationMs: 1,
    uri: `spotify:track:${id ?? 'local'}`,
    url: null,
    isLocal: id === null,
    disallows: NO_DISALLOWS,
    isPlaying: fields.isPlaying ?? true,
    progressMs: 0,
    sampledAt: 0,
  };
}

const episode: EpisodePlaying = {
  kind: 'episode',
  id: 'e1',
  title: 'Episode One',
  show: 'The Show',
  artUrl: null,
  durationMs: 1,
  uri: 'spotify:episode:e1',
  url: null,
  disallows: NO_DISALLOWS,
  isPlaying: true,
  progressMs: 0,
  sampledAt: 0,
};

function app(nowPlaying: NowPlaying | null): AppState {
  return {
    screen: 'logged-in',
    user: null,
    nowPlaying,
    problem: null,
    liked: null,
    controls: { available: true, note: null, pending: null },
  };
}

const on: NotifyContext = { enabled: true, popoverVisible: false };

describe('shouldNotify', () => {
  it('announces a new track or episode', () => {
    expect(shouldNotify(app(track('a')), app(track('b')), on)).toMatchObject({ id: 'b' });
    expect(shouldNotify(app(track('a')), app(episode), on)).toMatchObject({ id: 'e1' });
    expect(shouldNotify(app({ kind: 'nothing' }), app(track('a')), on)).toMatchObject({ id: 'a' });
    expect(
      shouldNotify(app({ kind: 'ad', isPlaying: true, progressMs: 0, sampledAt: 0 }), app(track('a')), on),
    ).toMatchObject({ id: 'a' });
  });

  it.each([
    ['switched off', app(track('a')), app(track('b')), { enabled: false, popoverVisible: false }],
    ['the popover is open', app(track('a')), app(track('b')), { enabled: true, popoverVisible: true }],
    ['the same track (pause, seek, resume)', app(track('a')), app(track('a', { isPlaying: false })), on],
    ['an ad', app(track('a')), app({ kind: 'ad', isPlaying: true, progressMs: 0, sampledAt: 0 }), on],
    ['nothing playing', app(track('a')), app({ kind: 'nothing' }), on],
    ['a new track that is paused', app(track('a')), app(track('b', { isPlaying: false })), on],
    ['the first state', null, app(track('a')), on],
    ['just logged in', { screen: 'logging-in' } as AppState, app(track('a')), on],
    ['the same local file', app(track(null)), app(track(null)), on],
  ])('stays quiet for %s', (_name, prev, next, context) => {
    expect(shouldNotify(prev, next, context)).toBeNull();
  });
});

describe('TrackNotifier', () => {
  beforeEach(() => electron.resetElectronDouble());

  const notifier = (fetchArt?: (url: string) => Promise<Buffer | null>) =>
    new TrackNotifier({
      Notification: electron.Notification,
      createImage: (buffer) => electron.nativeImage.createFromBuffer(buffer),
      ...(fetchArt === undefined ? {} : { fetchArt }),
      logger: silentLogger,
    });

  it('shows a silent notification with the title and the artists or show', async () => {
    await notifier().notify(track('a'));
    await notifier().notify(episode);
    const [first, second] = electron.desktopState().notifications;
    expect(first?.options).toEqual({ title: 'Track a', body: 'Ada, Charles', silent: true });
    expect(first?.shown).toBe(true);
    expect(second?.options).toMatchObject({ title: 'Episode One', body: 'The Show' });
  });

  it('adds the album art as the icon, and goes without it when the download fails', async () => {
    const art = Buffer.from('png bytes');
    await notifier(async () => art).notify(track('a', { artUrl: 'https://i.scdn.co/image/a' }));
    await notifier(async () => {
      throw new Error('offline');
    }).notify(track('b', { artUrl: 'https://i.scdn.co/image/b' }));
    const [withArt, without] = electron.desktopState().notifications;
    expect((withArt?.options.icon as unknown as electron.ImageDouble).fromBuffer).toBe(art);
    expect(without?.options.icon).toBeUndefined();
    expect(without?.shown).toBe(true);
  });

  it('drops an announcement overtaken by the next track while its art loads', async () => {
    let release = (_buffer: Buffer | null): void => undefined;
    const sender = notifier((url) =>
      url.endsWith('/a') ? new Promise((resolve) => (release = resolve)) : Promise.resolve(null),
    );
    const first = sender.notify(track('a', { artUrl: 'https://i.scdn.co/image/a' }));
    await sender.notify(track('b', { artUrl: 'https://i.scdn.co/image/b' }));
    release(Buffer.from('late'));
    await first;
    expect(electron.desktopState().notifications.map((n) => n.options.title)).toEqual(['Track b']);
  });

  it('does nothing where notifications are not supported', async () => {
    electron.desktopState().notificationsSupported = false;
    await notifier().notify(track('a'));
    expect(electron.desktopState().notifications).toEqual([]);
  });
});

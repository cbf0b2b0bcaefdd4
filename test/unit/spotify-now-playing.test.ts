import { describe, expect, it } from 'vitest';

import { progressAt, sameNowPlaying, toNowPlaying } from '../../main/core/spotify/now-playing.ts';
import type { NowPlaying, TrackPlaying } from '../../main/core/spotify/now-playing.ts';
import type {
  SpotifyCurrentlyPlaying,
  SpotifyEpisode,
  SpotifyPlaybackState,
  SpotifyTrack,
} from '../../main/core/spotify/types.ts';

const T0 = 1_700_000_000_000;

function track(overrides: Partial<SpotifyTrack> = {}): SpotifyTrack {
  return {
    type: 'track',
    id: 'track-1',
    name: 'Song',
    artists: [
      { id: 'a1', name: 'First' },
      { id: 'a2', name: 'Second' },
    ],
    album: {
      name: 'Album',
      images: [
        { url: 'https://i.example/640', width: 640, height: 640 },
        { url: 'https://i.example/300', width: 300, height: 300 },
        { url: 'https://i.example/64', width: 64, height: 64 },
      ],
    },
    duration_ms: 200_000,
    uri: 'spotify:track:track-1',
    external_urls: { spotify: 'https://open.spotify.com/track/track-1' },
    is_local: false,
    ...overrides,
  };
}

function episode(overrides: Partial<SpotifyEpisode> = {}): SpotifyEpisode {
  return {
    type: 'episode',
    id: 'ep-1',
    name: 'Episode',
    show: { name: 'Show', images: [{ url: 'https://i.example/show', width: 640, height: 640 }] },
    images: [{ url: 'https://i.example/ep', width: 300, height: 300 }],
    duration_ms: 3_600_000,
    uri: 'spotify:episode:ep-1',
    external_urls: { spotify: 'https://open.spotify.com/episode/ep-1' },
    ...overrides,
  };
}

function playing(overrides: Partial<SpotifyCurrentlyPlaying> = {}): SpotifyCurrentlyPlaying {
  return {
    timestamp: T0 - 60_000,
    progress_ms: 10_000,
    is_playing: true,
    currently_playing_type: 'track',
    item: track(),
    actions: { disallows: { resuming: true } },
    ...overrides,
  };
}

function asTrack(view: NowPlaying): TrackPlaying {
  if (view.kind !== 'track') throw new Error(`expected a track, got ${view.kind}`);
  return view;
}

describe('toNowPlaying', () => {
  it('maps nothing playing (204) to nothing', () => {
    expect(toNowPlaying(null, T0)).toEqual({ kind: 'nothing' });
  });

  it('maps a track', () => {
    expect(toNowPlaying(playing(), T0)).toEqual({
      kind: 'track',
      id: 'track-1',
      title: 'Song',
      artists: ['First', 'Second'],
      album: 'Album',
      artUrl: 'https://i.example/300',
      durationMs: 200_000,
      progressMs: 10_000,
      isPlaying: true,
      sampledAt: T0,
      uri: 'spotify:track:track-1',
      url: 'https://open.spotify.com/track/track-1',
      isLocal: false,
      disallows: { pausing: false, resuming: true, seeking: false, skippingNext: false, skippingPrev: false },
    });
  });

  it('uses the largest image when none reaches 300 px, and the first when sizes are unknown', () => {
    const small = track({
      album: {
        name: 'A',
        images: [
          { url: 'https://i.example/64', width: 64 },
          { url: 'https://i.example/200', width: 200 },
        ],
      },
    });
    expect(asTrack(toNowPlaying(playing({ item: small }), T0)).artUrl).toBe('https://i.example/200');
    const unsized = track({
      album: { name: 'A', images: [{ url: 'https://i.example/x', width: null, height: null }] },
    });
    expect(asTrack(toNowPlaying(playing({ item: unsized }), T0)).artUrl).toBe('https://i.example/x');
  });

  it('maps a local file: no id, no art, no link', () => {
    const local = track({
      id: null,
      is_local: true,
      album: { name: 'My rips', images: [] },
      artists: [{ id: null, name: 'Someone' }],
      external_urls: {},
      uri: 'spotify:local:Someone:My+rips:Tune:180',
    });
    const view = asTrack(toNowPlaying(playing({ item: local }), T0));
    expect(view).toMatchObject({ id: null, isLocal: true, artUrl: null, url: null, artists: ['Someone'] });
  });

  it('copes with a track without images or actions', () => {
    const bare = track({ album: { name: 'A' } });
    const response = playing({ item: bare });
    delete response.actions;
    const view = asTrack(toNowPlaying(response, T0));
    expect(view.artUrl).toBeNull();
    expect(Object.values(view.disallows).every((flag) => !flag)).toBe(true);
  });

  it('keeps a null progress as null', () => {
    const view = toNowPlaying(playing({ progress_ms: null }), T0);
    expect(asTrack(view).progressMs).toBeNull();
    expect(progressAt(view, T0 + 5000)).toBeNull();
  });

  it('passes very long and right-to-left titles through untouched', () => {
    const long = 'Symphony No. 9 in D minor, Op. 125 "Choral": IV. '.repeat(40);
    const rtl = '\u202Bأغنية طويلة جدًا\u202C — שיר';
    const view = asTrack(
      toNowPlaying(playing({ item: track({ name: long, artists: [{ name: rtl }], album: { name: rtl } }) }), T0),
    );
    expect(view.title).toBe(long);
    expect(view.artists).toEqual([rtl]);
    expect(view.album).toBe(rtl);
  });

  it('maps an episode, preferring its own art over the show art', () => {
    const view = toNowPlaying(playing({ currently_playing_type: 'episode', item: episode() }), T0);
    expect(view).toMatchObject({
      kind: 'episode',
      id: 'ep-1',
      title: 'Episode',
      show: 'Show',
      artUrl: 'https://i.example/ep',
      durationMs: 3_600_000,
      url: 'https://open.spotify.com/episode/ep-1',
    });
    const showArt = toNowPlaying(playing({ item: episode({ images: [] }) }), T0);
    expect(showArt).toMatchObject({ kind: 'episode', artUrl: 'https://i.example/show' });
  });

  it('maps an episode without its item (additional_types missing) to unknown', () => {
    const view = toNowPlaying(playing({ currently_playing_type: 'episode', item: null, is_playing: true }), T0);
    expect(view).toEqual({ kind: 'unknown', isPlaying: true });
  });

  it('maps an ad', () => {
    const view = toNowPlaying(playing({ currently_playing_type: 'ad', item: null, progress_ms: 3000 }), T0);
    expect(view).toEqual({ kind: 'ad', isPlaying: true, progressMs: 3000, sampledAt: T0 });
    expect(progressAt(view, T0 + 2000)).toBe(5000);
  });

  it('maps an unknown type to unknown', () => {
    const view = toNowPlaying(playing({ currently_playing_type: 'unknown', item: null, is_playing: false }), T0);
    expect(view).toEqual({ kind: 'unknown', isPlaying: false });
  });

  it('maps a playback state the same way', () => {
    const state: SpotifyPlaybackState = {
      ...playing(),
      device: { id: 'd', name: 'Desk', type: 'Computer', is_active: true, volume_percent: 50 },
      shuffle_state: false,
      repeat_state: 'off',
    };
    expect(toNowPlaying(state, T0)).toEqual(toNowPlaying(playing(), T0));
  });

  it('produces views that survive JSON (they cross IPC)', () => {
    for (const response of [
      null,
      playing(),
      playing({ item: episode() }),
      playing({ currently_playing_type: 'ad', item: null }),
    ]) {
      const view = toNowPlaying(response, T0);
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    }
  });
});

describe('progressAt', () => {
  const view = toNowPlaying(playing({ progress_ms: 10_000 }), T0);

  it('extrapolates while playing', () => {
    expect(progressAt(view, T0 + 4_000)).toBe(14_000);
  });

  it('stands still while paused', () => {
    expect(progressAt(toNowPlaying(playing({ is_playing: false }), T0), T0 + 4_000)).toBe(10_000);
  });

  it('clamps to the duration and never goes below zero', () => {
    expect(progressAt(view, T0 + 10_000_000)).toBe(200_000);
    expect(progressAt(view, T0 - 50_000)).toBe(10_000);
    expect(progressAt(toNowPlaying(playing({ progress_ms: -5 }), T0), T0)).toBe(0);
  });

  it('has nothing to say for nothing and unknown', () => {
    expect(progressAt({ kind: 'nothing' }, T0)).toBeNull();
    expect(progressAt({ kind: 'unknown', isPlaying: true }, T0)).toBeNull();
  });
});

describe('sameNowPlaying', () => {
  const base = toNowPlaying(playing({ progress_ms: 10_000 }), T0);
  const later = (progress: number, elapsed: number, overrides: Partial<SpotifyCurrentlyPlaying> = {}): NowPlaying =>
    toNowPlaying(playing({ progress_ms: progress, ...overrides }), T0 + elapsed);

  it('ignores progress moving on normally while playing', () => {
    expect(sameNowPlaying(base, later(15_000, 5_000))).toBe(true);
    expect(sameNowPlaying(base, later(16_500, 5_000))).toBe(true); // polling jitter
  });

  it('counts a seek as a change, forwards or backwards', () => {
    expect(sameNowPlaying(base, later(40_000, 5_000))).toBe(false);
    expect(sameNowPlaying(base, later(2_000, 5_000))).toBe(false);
  });

  it('counts progress that stood still while "playing" as a change', () => {
    expect(sameNowPlaying(base, later(10_000, 5_000))).toBe(false);
  });

  it('treats a paused track with unchanged progress as the same', () => {
    const paused = toNowPlaying(playing({ is_playing: false }), T0);
    expect(sameNowPlaying(paused, later(10_000, 30_000, { is_playing: false }))).toBe(true);
  });

  it('counts play/pause, another track and changed controls as changes', () => {
    expect(sameNowPlaying(base, later(15_000, 5_000, { is_playing: false }))).toBe(false);
    expect(sameNowPlaying(base, later(15_000, 5_000, { item: track({ id: 'track-2' }) }))).toBe(false);
    expect(sameNowPlaying(base, later(15_000, 5_000, { actions: { disallows: { pausing: true } } }))).toBe(false);
  });

  it('compares across kinds and for the kinds without progress', () => {
    expect(sameNowPlaying({ kind: 'nothing' }, { kind: 'nothing' })).toBe(true);
    expect(sameNowPlaying({ kind: 'nothing' }, base)).toBe(false);
    expect(sameNowPlaying({ kind: 'unknown', isPlaying: true }, { kind: 'unknown', isPlaying: false })).toBe(false);
    expect(sameNowPlaying(base, later(15_000, 5_000, { progress_ms: null }))).toBe(false);
  });
});

/**
 * What "Open in Spotify" and friends may open: URLs built in main from the
 * core's state, and only https://open.spotify.com (or, in the demo, the
 * demo server). Anything odd from an API answer opens nothing.
 */
import { describe, expect, it } from 'vitest';

import { DASHBOARD_URL, externalUrl, type ExternalUrlContext } from '../../main/app/external-url.ts';
import type { AppState } from '../../main/core/app-state.ts';
import type { TrackPlaying } from '../../main/core/spotify/now-playing.ts';

const track: TrackPlaying = {
  kind: 'track',
  id: 'abc',
  title: 'Song',
  artists: ['Artist'],
  album: 'Album',
  artUrl: null,
  durationMs: 1000,
  isPlaying: true,
  progressMs: 0,
  sampledAt: 0,
  uri: 'spotify:track:abc',
  url: 'https://open.spotify.com/track/abc',
  isLocal: false,
  disallows: { pausing: false, resuming: true, seeking: false, skippingNext: false, skippingPrev: false },
};

function loggedIn(item: Partial<TrackPlaying> | null, profileUrl: string | null = null): AppState {
  return {
    screen: 'logged-in',
    user: { id: 'u', displayName: 'U', avatarUrl: null, profileUrl },
    nowPlaying: item === null ? null : { ...track, ...item },
    problem: null,
    liked: null,
    controls: { available: true, note: null, pending: null },
  };
}

function context(state: AppState, extra: Partial<ExternalUrlContext> = {}): ExternalUrlContext {
  return { state, preferSpotifyUri: false, demoOrigin: null, ...extra };
}

describe('externalUrl', () => {
  it('opens the dashboard from any screen', () => {
    expect(externalUrl('dashboard', context({ screen: 'setup', problems: [] }))).toBe(DASHBOARD_URL);
  });

  it("opens the item's open.spotify.com page, or its spotify: URI when the desktop app is preferred", () => {
    expect(externalUrl('current-item', context(loggedIn({})))).toBe('https://open.spotify.com/track/abc');
    expect(externalUrl('current-item', context(loggedIn({}), { preferSpotifyUri: true }))).toBe('spotify:track:abc');
  });

  it('falls back to the web page when the URI is not one the desktop app should get', () => {
    const local = loggedIn({ uri: 'spotify:local:a:b:c:1', url: null, isLocal: true });
    expect(externalUrl('current-item', context(local, { preferSpotifyUri: true }))).toBeNull();
    const odd = loggedIn({ uri: 'spotify:track:abc?x=<script>' });
    expect(externalUrl('current-item', context(odd, { preferSpotifyUri: true }))).toBe(
      'https://open.spotify.com/track/abc',
    );
  });

  it('refuses anything but https://open.spotify.com', () => {
    for (const url of [
      'http://open.spotify.com/track/abc',
      'https://open.spotify.com.evil.example/track/abc',
      'https://user:pw@open.spotify.com/track/abc',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(externalUrl('current-item', context(loggedIn({ url }))), url).toBeNull();
    }
  });

  it('opens nothing when logged out, with nothing playing, or for an ad', () => {
    expect(externalUrl('current-item', context({ screen: 'logged-out', notice: null }))).toBeNull();
    expect(externalUrl('current-item', context(loggedIn(null)))).toBeNull();
    const ad: AppState = {
      screen: 'logged-in',
      user: null,
      nowPlaying: { kind: 'ad', isPlaying: true, progressMs: 0, sampledAt: 0 },
      problem: null,
      liked: null,
      controls: { available: true, note: null, pending: null },
    };
    expect(externalUrl('current-item', context(ad))).toBeNull();
  });

  it("opens the user's profile page when Spotify gave one", () => {
    expect(externalUrl('profile', context(loggedIn(null, 'https://open.spotify.com/user/u')))).toBe(
      'https://open.spotify.com/user/u',
    );
    expect(externalUrl('profile', context(loggedIn(null)))).toBeNull();
  });

  it('in the demo, opens the demo server and never a spotify: URI', () => {
    const demoOrigin = 'http://127.0.0.1:4321';
    const state = loggedIn({ url: `${demoOrigin}/open/track/abc` });
    expect(externalUrl('current-item', context(state, { demoOrigin, preferSpotifyUri: true }))).toBe(
      `${demoOrigin}/open/track/abc`,
    );
    expect(externalUrl('current-item', context(state))).toBeNull();
  });
});

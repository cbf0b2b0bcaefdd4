/**
 * "Now playing" as the UI renders it: plain, serialisable data with no
 * tokens, so it can cross IPC as is. Built from a currently-playing (or
 * playback-state) answer; progress is sampled, and the UI extrapolates it
 * with `progressAt` between polls instead of polling every second.
 */
import { pickImageUrl } from './images.ts';
import type { SpotifyCurrentlyPlaying, SpotifyDisallows, SpotifyEpisode, SpotifyTrack } from './types.ts';

/** Art is shown at about 300 px; Spotify usually offers 64, 300 and 640. */
const ART_MIN_WIDTH = 300;

/** A seek smaller than this is indistinguishable from polling jitter. */
export const PROGRESS_TOLERANCE_MS = 2_000;

/** Which controls Spotify currently refuses; true means "disable the button". */
export interface Disallows {
  pausing: boolean;
  resuming: boolean;
  seeking: boolean;
  skippingNext: boolean;
  skippingPrev: boolean;
}

interface Sampled {
  isPlaying: boolean;
  /** Progress when sampled; null when Spotify did not say. */
  progressMs: number | null;
  /** Local clock time (ms) the sample was received; the base for extrapolation. */
  sampledAt: number;
}

export interface NothingPlaying {
  kind: 'nothing';
}

export interface TrackPlaying extends Sampled {
  kind: 'track';
  /** Null for local files. */
  id: string | null;
  title: string;
  artists: string[];
  album: string;
  artUrl: string | null;
  durationMs: number;
  uri: string;
  /** open.spotify.com link; null for local files. */
  url: string | null;
  isLocal: boolean;
  disallows: Disallows;
}

export interface EpisodePlaying extends Sampled {
  kind: 'episode';
  id: string;
  title: string;
  show: string;
  artUrl: string | null;
  durationMs: number;
  uri: string;
  url: string | null;
  disallows: Disallows;
}

export interface AdPlaying extends Sampled {
  kind: 'ad';
}

/** Something is playing but Spotify does not say what (unknown type, or no item). */
export interface UnknownPlaying {
  kind: 'unknown';
  isPlaying: boolean;
}

export type NowPlaying = NothingPlaying | TrackPlaying | EpisodePlaying | AdPlaying | UnknownPlaying;

function toDisallows(disallows: SpotifyDisallows | undefined): Disallows {
  return {
    pausing: disallows?.pausing === true,
    resuming: disallows?.resuming === true,
    seeking: disallows?.seeking === true,
    skippingNext: disallows?.skipping_next === true,
    skippingPrev: disallows?.skipping_prev === true,
  };
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function sampled(response: SpotifyCurrentlyPlaying, receivedAt: number): Sampled {
  // Spotify's `timestamp` is when the state last changed, not when progress
  // was measured, so extrapolation starts from our own receive time.
  return {
    isPlaying: response.is_playing === true,
    progressMs: finiteOrNull(response.progress_ms),
    sampledAt: receivedAt,
  };
}

function fromTrack(track: SpotifyTrack, response: SpotifyCurrentlyPlaying, receivedAt: number): TrackPlaying {
  return {
    kind: 'track',
    id: typeof track.id === 'string' ? track.id : null,
    // Titles go through untouched: the UI handles long and right-to-left text.
    title: track.name ?? '',
    artists: (track.artists ?? []).map((artist) => artist.name ?? ''),
    album: track.album?.name ?? '',
    artUrl: pickImageUrl(track.album?.images, ART_MIN_WIDTH),
    durationMs: finiteOrNull(track.duration_ms) ?? 0,
    ...sampled(response, receivedAt),
    uri: track.uri ?? '',
    url: track.external_urls?.spotify ?? null,
    isLocal: track.is_local === true,
    disallows: toDisallows(response.actions?.disallows),
  };
}

function fromEpisode(episode: SpotifyEpisode, response: SpotifyCurrentlyPlaying, receivedAt: number): EpisodePlaying {
  const images = episode.images !== undefined && episode.images.length > 0 ? episode.images : episode.show?.images;
  return {
    kind: 'episode',
    id: episode.id,
    title: episode.name ?? '',
    show: episode.show?.name ?? '',
    artUrl: pickImageUrl(images, ART_MIN_WIDTH),
    durationMs: finiteOrNull(episode.duration_ms) ?? 0,
    ...sampled(response, receivedAt),
    uri: episode.uri ?? '',
    url: episode.external_urls?.spotify ?? null,
    disallows: toDisallows(response.actions?.disallows),
  };
}

/**
 * The view for a currently-playing answer; `null` (a 204) is "nothing".
 * `receivedAt` is the local clock time the answer arrived.
 */
export function toNowPlaying(response: SpotifyCurrentlyPlaying | null, receivedAt: number): NowPlaying {
  if (response === null) return { kind: 'nothing' };
  const item = response.item ?? null;
  // The item's own type wins: currently_playing_type has been seen lagging behind it.
  if (item?.type === 'track') return fromTrack(item, response, receivedAt);
  if (item?.type === 'episode') return fromEpisode(item, response, receivedAt);
  if (response.currently_playing_type === 'ad') return { kind: 'ad', ...sampled(response, receivedAt) };
  return { kind: 'unknown', isPlaying: response.is_playing === true };
}

/**
 * Progress at local time `now`: extrapolated while playing and clamped to
 * [0, duration]. Null when the view has no progress to show.
 */
export function progressAt(view: NowPlaying, now: number): number | null {
  if (view.kind === 'nothing' || view.kind === 'unknown' || view.progressMs === null) return null;
  const elapsed = view.isPlaying ? Math.max(0, now - view.sampledAt) : 0;
  const progress = Math.max(0, view.progressMs + elapsed);
  return 'durationMs' in view && view.durationMs > 0 ? Math.min(progress, view.durationMs) : progress;
}

/** Structural equality for the plain data in a view. */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => samePlain(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  const aRecord = a as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every((key) => key in bRecord && samePlain(aRecord[key], bRecord[key]))
  );
}

/** The view minus the fields that change with every sample. */
function withoutSample(view: NowPlaying): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([key]) => key !== 'progressMs' && key !== 'sampledAt'));
}

/**
 * True when `b` shows the same thing as `a` apart from progress moving on
 * normally: `a`'s progress extrapolated to `b`'s sample time must be within
 * PROGRESS_TOLERANCE_MS of `b`'s, so a seek still counts as a change.
 */
export function sameNowPlaying(a: NowPlaying, b: NowPlaying): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'nothing' || a.kind === 'unknown' || b.kind === 'nothing' || b.kind === 'unknown') {
    return samePlain(a, b);
  }
  if (!samePlain(withoutSample(a), withoutSample(b))) return false;
  const expected = progressAt(a, b.sampledAt);
  const actual = progressAt(b, b.sampledAt);
  if (expected === null || actual === null) return expected === actual;
  return Math.abs(expected - actual) <= PROGRESS_TOLERANCE_MS;
}

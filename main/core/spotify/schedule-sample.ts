/**
 * One currently-playing answer reduced to what the poll scheduler needs, and
 * the timing arithmetic on it: when Spotify most likely measured
 * `progress_ms` (corrected for the request's latency and the answer's
 * `timestamp`), and when the item will end on its own.
 */
import type { SpotifyCurrentlyPlaying } from './types.ts';

/** The scheduling-relevant facts of one successful poll. */
export interface PlaybackSample {
  /** False for a 204: nothing playing, or no active device. */
  active: boolean;
  isPlaying: boolean;
  progressMs: number | null;
  /** The item's duration; null for ads, unknown content or a missing item. */
  durationMs: number | null;
  /** The answer's `timestamp` (Spotify's clock, ms since the epoch), when it sent a usable one. */
  timestamp: number | null;
  /** Local clock time the request was sent. */
  sentAt: number;
  /** Local clock time the whole answer had arrived. */
  receivedAt: number;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The sample for an answer (`null` is a 204) sent at `sentAt` and received at `receivedAt`. */
export function toPlaybackSample(
  response: SpotifyCurrentlyPlaying | null,
  sentAt: number,
  receivedAt: number,
): PlaybackSample {
  if (response === null) {
    return { active: false, isPlaying: false, progressMs: null, durationMs: null, timestamp: null, sentAt, receivedAt };
  }
  const duration = finiteOrNull(response.item?.duration_ms);
  return {
    active: true,
    isPlaying: response.is_playing === true,
    progressMs: finiteOrNull(response.progress_ms),
    durationMs: duration !== null && duration > 0 ? duration : null,
    timestamp: finiteOrNull(response.timestamp),
    sentAt,
    receivedAt,
  };
}

/**
 * Best local-clock estimate of when Spotify measured `progress_ms`.
 *
 * Without more information the measurement sits mid-way through the round
 * trip. The answer's `timestamp` is never later than that measurement
 * (Spotify documents it as the fetch time; in the field it is the last state
 * change, which is earlier still), so a timestamp inside the request window
 * but past the midpoint (a track that started while our request was on its
 * way) proves the measurement happened at least that late. A timestamp
 * outside the window says nothing we can trust (clock skew, an old change).
 */
export function measuredAt(sample: PlaybackSample): number {
  const midpoint = sample.sentAt + (sample.receivedAt - sample.sentAt) / 2;
  const { timestamp } = sample;
  return timestamp !== null && timestamp > midpoint && timestamp <= sample.receivedAt ? timestamp : midpoint;
}

/** Time left in the item when it was measured; null when it cannot end on its own or progress is unknown. */
export function remainingMs(sample: PlaybackSample): number | null {
  if (!sample.active || !sample.isPlaying || sample.durationMs === null || sample.progressMs === null) return null;
  return sample.durationMs - sample.progressMs;
}

/** Local clock time at which the playing item will end if nobody intervenes; null when unknown. */
export function predictedEndAt(sample: PlaybackSample): number | null {
  const remaining = remainingMs(sample);
  return remaining === null ? null : measuredAt(sample) + Math.max(0, remaining);
}

/** Progress at local time `at`, extrapolated from the sample; null when unknown. */
export function progressAtTime(sample: PlaybackSample, at: number): number | null {
  if (sample.progressMs === null) return null;
  const elapsed = sample.isPlaying ? Math.max(0, at - measuredAt(sample)) : 0;
  const progress = sample.progressMs + elapsed;
  return sample.durationMs === null ? progress : Math.min(progress, sample.durationMs);
}

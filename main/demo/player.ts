/**
 * The demo's player: the queue plays on a timeline derived from the clock,
 * so there are no timers to stop. Each track starts where the previous one
 * ended and the queue repeats, like a playlist on repeat. Pausing freezes the
 * timeline; skipping shifts it. It also keeps the demo user's library.
 */
import type { DemoTrack } from './catalog.ts';

/** What is playing at one moment. */
export interface DemoPlayback {
  track: DemoTrack;
  /** Position in the queue. */
  index: number;
  progressMs: number;
  isPlaying: boolean;
  /** Clock time at which this track started; Spotify's `timestamp` (last state change). */
  startedAt: number;
}

export interface DemoPlayerOptions {
  /** ms since the epoch; default Date.now. */
  now?: () => number;
  /**
   * How long the first track has left when the demo starts. A newcomer sees
   * a track change soon after logging in instead of minutes later.
   */
  firstTrackLeftMs?: number;
}

export class DemoPlayer {
  readonly #tracks: readonly DemoTrack[];
  readonly #now: () => number;
  readonly #totalMs: number;
  /** Clock time at which the queue's first track (last) started. */
  #origin: number;
  /** Clock time playback was paused at; null while playing. */
  #pausedAt: number | null = null;
  /** Saved `spotify:track:` URIs ("Your Library"). */
  readonly library = new Set<string>();

  constructor(tracks: readonly DemoTrack[], options: DemoPlayerOptions = {}) {
    const first = tracks[0];
    if (first === undefined) throw new RangeError('The demo needs at least one track.');
    this.#tracks = tracks;
    this.#now = options.now ?? Date.now;
    this.#totalMs = tracks.reduce((sum, track) => sum + track.durationMs, 0);
    const left = Math.min(options.firstTrackLeftMs ?? 45_000, first.durationMs);
    this.#origin = this.#now() - (first.durationMs - left);
  }

  /** The track playing now and how far into it. */
  current(): DemoPlayback {
    const now = this.#pausedAt ?? this.#now();
    const isPlaying = this.#pausedAt === null;
    const elapsed = now - this.#origin;
    // Whole laps of the queue first, so a long-running demo stays cheap.
    const lapStart = this.#origin + Math.floor(elapsed / this.#totalMs) * this.#totalMs;
    let startedAt = lapStart;
    for (const [index, track] of this.#tracks.entries()) {
      if (now < startedAt + track.durationMs)
        return { track, index, progressMs: now - startedAt, startedAt, isPlaying };
      startedAt += track.durationMs;
    }
    // Unreachable: `now` lies within the lap. Kept total for the type checker.
    const track = this.#tracks[0] as DemoTrack;
    return { track, index: 0, progressMs: 0, startedAt: now, isPlaying };
  }

  get isPlaying(): boolean {
    return this.#pausedAt === null;
  }

  pause(): void {
    this.#pausedAt ??= this.#now();
  }

  /** Resumes where it was paused: the timeline moves on by the time spent paused. */
  play(): void {
    if (this.#pausedAt === null) return;
    this.#origin += this.#now() - this.#pausedAt;
    this.#pausedAt = null;
  }

  /** Skips to the start of the next track. */
  next(): void {
    const { track, progressMs } = this.current();
    this.#origin -= track.durationMs - progressMs;
  }

  /** Like Spotify: back to the start of this track, or to the previous one within its first 3 s. */
  previous(): void {
    const { index, progressMs } = this.current();
    const previous = this.#tracks[(index - 1 + this.#tracks.length) % this.#tracks.length] as DemoTrack;
    this.#origin += progressMs + (progressMs < 3_000 ? previous.durationMs : 0);
  }
}

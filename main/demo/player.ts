/**
 * The demo's player: the queue plays on a timeline derived from the clock,
 * so there are no timers to stop. Each track starts where the previous one
 * ended and the queue repeats, like a playlist on repeat.
 */
import type { DemoTrack } from './catalog.ts';

/** What is playing at one moment. */
export interface DemoPlayback {
  track: DemoTrack;
  /** Position in the queue. */
  index: number;
  progressMs: number;
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
    const now = this.#now();
    const elapsed = now - this.#origin;
    // Whole laps of the queue first, so a long-running demo stays cheap.
    const lapStart = this.#origin + Math.floor(elapsed / this.#totalMs) * this.#totalMs;
    let startedAt = lapStart;
    for (const [index, track] of this.#tracks.entries()) {
      if (now < startedAt + track.durationMs) return { track, index, progressMs: now - startedAt, startedAt };
      startedAt += track.durationMs;
    }
    // Unreachable: `now` lies within the lap. Kept total for the type checker.
    const track = this.#tracks[0] as DemoTrack;
    return { track, index: 0, progressMs: 0, startedAt: now };
  }

  /** Skips to the start of the next track (for tests and a future "next" control). */
  next(): void {
    const { track, progressMs } = this.current();
    this.#origin -= track.durationMs - progressMs;
  }
}

/**
 * Polls "currently playing" and tells the UI when what it shows should
 * change. One poll at a time, never overlapping; rate limits are respected;
 * a lost login stops polling until someone starts it again.
 */
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import { isProblem, TraytuneProblem } from '../problems.ts';
import type { SpotifyClient } from './client.ts';
import { sameNowPlaying, toNowPlaying } from './now-playing.ts';
import type { NowPlaying } from './now-playing.ts';

/** Default time between polls. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;

export interface NowPlayingWatcherOptions {
  client: Pick<SpotifyClient, 'getCurrentlyPlaying'>;
  clock: Clock;
  /** Time between polls; default DEFAULT_POLL_INTERVAL_MS. */
  intervalMs?: number;
  /** Called with the first view and then only when it changes (see sameNowPlaying). */
  onUpdate(view: NowPlaying): void;
  /** Called when a problem starts or changes kind, and with null once polling succeeds again. */
  onProblem(problem: TraytuneProblem | null): void;
  logger: Logger;
}

/** How a poll ended, which decides when (and whether) the next one runs. */
type PollOutcome = { ok: true } | { ok: false; problem: TraytuneProblem };

/** Polls the client on a fixed interval and reports changes. */
export class NowPlayingWatcher {
  readonly #options: NowPlayingWatcherOptions;
  readonly #intervalMs: number;
  #running = false;
  #inFlight = false;
  /** A refresh was asked for while a poll was in flight: run one right after it. */
  #refreshPending = false;
  /** Bumped by stop()/start() so a response that arrives late is recognisably stale. */
  #generation = 0;
  #timer: TimerHandle | null = null;
  #lastView: NowPlaying | null = null;
  #lastProblemKey: string | null = null;

  constructor(options: NowPlayingWatcherOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  /** True between start() and stop() (or a lost login). */
  get running(): boolean {
    return this.#running;
  }

  /** Polls now, then every interval; the first view is always reported. Does nothing when already running. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#generation += 1;
    // A fresh start always reports its first view, whatever was shown before.
    this.#lastView = null;
    this.#pollNow();
  }

  /** Cancels the next poll; a response still in flight is ignored when it arrives. */
  stop(): void {
    this.#running = false;
    this.#generation += 1;
    this.#refreshPending = false;
    this.#clearTimer();
  }

  /** Polls as soon as possible (e.g. right after a player command), then resumes the interval. */
  refreshNow(): void {
    if (this.#running) this.#pollNow();
  }

  #pollNow(): void {
    this.#clearTimer();
    if (this.#inFlight) {
      // The answer in flight may predate whatever prompted this refresh.
      this.#refreshPending = true;
      return;
    }
    void this.#poll();
  }

  async #poll(): Promise<void> {
    const generation = this.#generation;
    this.#inFlight = true;
    let outcome: PollOutcome;
    try {
      const response = await this.#options.client.getCurrentlyPlaying();
      if (generation === this.#generation) this.#report(toNowPlaying(response, this.#options.clock.now()));
      outcome = { ok: true };
    } catch (error) {
      const problem = isProblem(error)
        ? error
        : new TraytuneProblem('unexpected', 'polling currently-playing failed', { cause: error });
      outcome = { ok: false, problem };
    } finally {
      this.#inFlight = false;
    }
    if (!this.#running) return;
    if (this.#refreshPending) {
      this.#refreshPending = false;
      this.#pollNow();
      return;
    }
    // Only stop() and start() change the generation; stop() cleared `running`
    // and start() queued a refresh, so here the outcome is always current.
    this.#scheduleNext(outcome);
  }

  /** The one place that decides when the next poll runs, or that none does. */
  #scheduleNext(outcome: PollOutcome): void {
    let delayMs = this.#intervalMs;
    if (outcome.ok) {
      this.#setProblem(null);
    } else {
      const { problem } = outcome;
      this.#setProblem(problem);
      if (problem.kind === 'login-lost' || problem.kind === 'not-logged-in') {
        // Polling cannot fix this; whoever restores the login starts us again.
        this.#options.logger.info(`now-playing watcher stopped: ${problem.kind}`);
        this.stop();
        return;
      }
      if (problem.kind === 'rate-limited' || problem.kind === 'quota-exceeded') {
        delayMs = Math.max(delayMs, (problem.retryAfterS ?? 0) * 1000);
      }
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = null;
      this.#pollNow();
    }, delayMs);
  }

  #report(view: NowPlaying): void {
    if (this.#lastView !== null && sameNowPlaying(this.#lastView, view)) return;
    // Keep the view the UI shows, not the newest sample: comparisons stay
    // against what is on screen, so slow drift still surfaces eventually.
    this.#lastView = view;
    this.#call(() => this.#options.onUpdate(view), 'onUpdate');
  }

  #setProblem(problem: TraytuneProblem | null): void {
    const key = problem === null ? null : `${problem.kind}:${problem.status ?? ''}`;
    if (key === this.#lastProblemKey) return;
    this.#lastProblemKey = key;
    if (problem !== null) this.#options.logger.warn(`now-playing: ${problem.kind}`, problem);
    this.#call(() => this.#options.onProblem(problem), 'onProblem');
  }

  /** A throwing listener must not kill the polling loop. */
  #call(listener: () => void, name: string): void {
    try {
      listener();
    } catch (error) {
      this.#options.logger.error(`now-playing ${name} listener threw`, error);
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      this.#options.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}

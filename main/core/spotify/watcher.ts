/**
 * Polls "currently playing" and tells the UI when what it shows should
 * change. One poll at a time, never overlapping; when the next one runs is
 * the scheduler's decision (schedule.ts: adaptive by default), made in one
 * place from the last answer, the user's activity and how the last poll
 * ended. A lost login stops polling until someone starts it again.
 */
import { DEFAULT_ACTIVITY, mergeActivity, wakeReason } from '../activity.ts';
import type { Activity } from '../activity.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import { isProblem, TraytuneProblem } from '../problems.ts';
import type { SpotifyClient } from './client.ts';
import { sameNowPlaying, toNowPlaying } from './now-playing.ts';
import type { NowPlaying } from './now-playing.ts';
import { adaptiveScheduler, fixedScheduler } from './schedule.ts';
import type { ScheduleDecision, ScheduleInput, Scheduler, ScheduleTrigger } from './schedule.ts';
import { measuredAt, remainingMs, toPlaybackSample } from './schedule-sample.ts';
import type { PlaybackSample } from './schedule-sample.ts';

export interface NowPlayingWatcherOptions {
  client: Pick<SpotifyClient, 'getCurrentlyPlaying'>;
  clock: Clock;
  /** Decides when each poll runs. Default: `adaptiveScheduler()`. */
  scheduler?: Scheduler;
  /** Shorthand for `scheduler: fixedScheduler(intervalMs)`; ignored when `scheduler` is given. */
  intervalMs?: number;
  /** Activity at start; default DEFAULT_ACTIVITY. Later changes go through setActivity(). */
  activity?: Activity;
  /** Called with the first view and then only when it changes (see sameNowPlaying). */
  onUpdate(view: NowPlaying): void;
  /** Called when a problem starts or changes kind, and with null once polling succeeds again. */
  onProblem(problem: TraytuneProblem | null): void;
  /** Called with every scheduling decision, for diagnostics and the benchmark. */
  onSchedule?: (decision: ScheduleDecision, trigger: ScheduleTrigger) => void;
  logger: Logger;
}

/** Triggers that mean "poll as soon as allowed"; one arriving mid-poll is replayed right after it. */
const URGENT: ReadonlySet<ScheduleTrigger> = new Set(['start', 'refresh', 'resume', 'unlock', 'popover-open']);

/** Polls the client when the scheduler says and reports changes. */
export class NowPlayingWatcher {
  readonly #options: NowPlayingWatcherOptions;
  readonly #scheduler: Scheduler;
  #activity: Activity;
  #running = false;
  #inFlight = false;
  /** An urgent trigger arrived while a poll was in flight: decide again (with it) right after. */
  #pendingTrigger: ScheduleTrigger | null = null;
  /** Bumped by stop()/start() so a response that arrives late is recognisably stale. */
  #generation = 0;
  #timer: TimerHandle | null = null;
  #lastView: NowPlaying | null = null;
  #lastProblemKey: string | null = null;
  #lastSample: PlaybackSample | null = null;
  #lastPoll: ScheduleInput['lastPoll'] = null;
  #failures = 0;
  #stalledAtEnd = 0;

  constructor(options: NowPlayingWatcherOptions) {
    this.#options = options;
    this.#scheduler =
      options.scheduler ??
      (options.intervalMs === undefined ? adaptiveScheduler() : fixedScheduler(options.intervalMs));
    this.#activity = { ...(options.activity ?? DEFAULT_ACTIVITY) };
  }

  /** True between start() and stop() (or a lost login). */
  get running(): boolean {
    return this.#running;
  }

  /** The activity the scheduler currently sees. */
  get activity(): Readonly<Activity> {
    return this.#activity;
  }

  /** Polls now (unless asleep or held back by Retry-After), then as scheduled; the first view is always reported. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#generation += 1;
    // A fresh start always reports its first view, whatever was shown before.
    this.#lastView = null;
    // Failures before the stop (a lost login above all) do not hold back a new start; a
    // Retry-After still does, and the client's own gate would enforce it anyway.
    const kind = this.#lastPoll?.problem?.kind;
    if (kind !== 'rate-limited' && kind !== 'quota-exceeded') this.#lastPoll = null;
    this.#failures = 0;
    this.#schedule('start');
  }

  /** Cancels the next poll; a response still in flight is ignored when it arrives. */
  stop(): void {
    this.#running = false;
    this.#generation += 1;
    this.#pendingTrigger = null;
    this.#clearTimer();
  }

  /**
   * Polls as soon as allowed (e.g. right after a player command), then
   * resumes the schedule. The answer is reported even if it matches the last
   * view: the UI may show an optimistic state that this answer must replace.
   */
  refreshNow(): void {
    this.#lastView = null;
    this.#schedule('refresh');
  }

  /**
   * Applies power and visibility changes (only the fields given) and
   * re-plans: waking, unlocking or opening the popover polls at once,
   * suspending cancels the next poll, anything else moves it.
   */
  setActivity(patch: Readonly<Partial<Activity>>): void {
    const before = this.#activity;
    this.#activity = mergeActivity(before, patch);
    this.#schedule(wakeReason(before, this.#activity) ?? 'activity');
  }

  /** The one place that decides when the next poll runs, or that none does. */
  #schedule(trigger: ScheduleTrigger): void {
    if (!this.#running) return;
    if (this.#inFlight) {
      // The answer in flight may predate whatever prompted this; the poll's end decides again anyway.
      if (URGENT.has(trigger)) this.#pendingTrigger = trigger;
      return;
    }
    const decision = this.#scheduler({
      now: this.#options.clock.now(),
      trigger,
      activity: this.#activity,
      last: this.#lastSample,
      lastPoll: this.#lastPoll,
      failures: this.#failures,
      stalledAtEnd: this.#stalledAtEnd,
    });
    this.#clearTimer();
    this.#call(() => this.#options.onSchedule?.(decision, trigger), 'onSchedule');
    if (decision.delayMs === null) {
      if (decision.reason === 'logged-out') {
        // Polling cannot fix this; whoever restores the login starts us again.
        this.#options.logger.info('now-playing watcher stopped: logged out');
        this.stop();
      }
      return;
    }
    if (decision.delayMs <= 0) {
      void this.#poll();
      return;
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = null;
      void this.#poll();
    }, decision.delayMs);
  }

  async #poll(): Promise<void> {
    const generation = this.#generation;
    const clock = this.#options.clock;
    this.#inFlight = true;
    const sentAt = clock.now();
    let problem: TraytuneProblem | null = null;
    try {
      const response = await this.#options.client.getCurrentlyPlaying();
      if (generation === this.#generation) {
        const sample = toPlaybackSample(response, sentAt, clock.now());
        this.#noteSample(sample);
        // Progress is dated to when Spotify most likely measured it, not to when it reached us.
        this.#report(toNowPlaying(response, measuredAt(sample)));
      }
    } catch (error) {
      problem = isProblem(error)
        ? error
        : new TraytuneProblem('unexpected', 'polling currently-playing failed', { cause: error });
    } finally {
      this.#inFlight = false;
    }
    if (!this.#running) return;
    // A restart while this poll was in flight made its outcome stale: only the replay below counts.
    if (generation === this.#generation) this.#noteOutcome(sentAt, problem);
    const trigger = this.#pendingTrigger ?? 'poll-done';
    this.#pendingTrigger = null;
    this.#schedule(trigger);
  }

  #noteSample(sample: PlaybackSample): void {
    const remaining = remainingMs(sample);
    this.#stalledAtEnd = remaining !== null && remaining <= 0 ? this.#stalledAtEnd + 1 : 0;
    this.#lastSample = sample;
  }

  #noteOutcome(startedAt: number, problem: TraytuneProblem | null): void {
    this.#failures = problem === null ? 0 : this.#failures + 1;
    this.#lastPoll = { startedAt, at: this.#options.clock.now(), problem };
    this.#setProblem(problem);
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

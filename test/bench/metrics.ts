/**
 * What the benchmark measures while a session plays: how long the UI takes
 * to agree with Spotify after each change, how far its extrapolated
 * progress is off, and how many requests go out per hour in each state.
 * Latency here is "time until consistent": from the change until the view
 * the UI shows matches the truth again (same item, same playing state,
 * progress within the watcher's 2 s seek tolerance).
 */
import type { Activity } from '../../main/core/activity.ts';
import { DEFAULT_ACTIVITY, mergeActivity } from '../../main/core/activity.ts';
import type { Clock } from '../../main/core/clock.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { PROGRESS_TOLERANCE_MS, progressAt } from '../../main/core/spotify/now-playing.ts';
import type { FakeSpotify } from '../fake-spotify/index.ts';
import type { ChangeKind } from './session.ts';

/** Who could see the UI: someone is looking (popover or tooltip), or no one is (hidden, idle, locked), or asleep. */
export type Bucket = 'playing' | 'paused' | 'hidden' | 'asleep';

/** One poller's figures, with the JSON keys the benchmark prints. */
export interface PollerFigures {
  requests_per_hour_playing: number;
  requests_per_hour_paused: number;
  requests_per_hour_hidden: number;
  natural_change_p50_s: number | null;
  natural_change_p95_s: number | null;
  manual_change_p50_s: number | null;
  manual_change_p95_s: number | null;
  progress_error_p95_s: number | null;
}

/** Sample counts behind the figures, printed under the table. */
export interface SampleCounts {
  natural: number;
  manual: number;
  progress: number;
  requests: number;
}

interface Truth {
  active: boolean;
  uri: string | null;
  isPlaying: boolean;
  progressMs: number;
  at: number;
}

const CURRENTLY_PLAYING = '/v1/me/player/currently-playing';
const PROGRESS_SAMPLE_MS = 1_000;

/** Nearest-rank percentile; null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

function bucketOf(activity: Activity, truth: Truth): Bucket {
  if (activity.suspended) return 'asleep';
  if (activity.idle || activity.locked || (!activity.popoverVisible && !activity.needsFreshness)) return 'hidden';
  return truth.active && truth.isPlaying ? 'playing' : 'paused';
}

/** Watches the truth (the fake) and the UI (the watcher's views) and keeps score. */
export class BenchRecorder {
  readonly #clock: Clock;
  readonly #fake: FakeSpotify;
  #activity: Activity = { ...DEFAULT_ACTIVITY };
  #view: NowPlaying | null = null;
  #truth: Truth;
  #pending: { at: number; kind: ChangeKind; watched: boolean }[] = [];
  readonly #latencies: Record<ChangeKind, number[]> = { natural: [], manual: [] };
  readonly #progressErrors: number[] = [];
  readonly #buckets: { at: number; bucket: Bucket }[] = [];

  constructor(clock: Clock, fake: FakeSpotify) {
    this.#clock = clock;
    this.#fake = fake;
    this.#truth = this.#readTruth();
    this.#noteBucket();
  }

  /** Samples the UI's progress error every second until `untilMs`. */
  sampleProgressUntil(untilMs: number): void {
    const tick = (): void => {
      this.#sampleProgress();
      if (this.#clock.now() + PROGRESS_SAMPLE_MS <= untilMs) this.#clock.setTimeout(tick, PROGRESS_SAMPLE_MS);
    };
    this.#clock.setTimeout(tick, PROGRESS_SAMPLE_MS / 2);
  }

  setActivity(patch: Partial<Activity>): void {
    this.#activity = mergeActivity(this.#activity, patch);
    this.#noteBucket();
  }

  /** The player changed; counts as a change only if the UI would show something different. */
  onPlayerChange(kind: ChangeKind): void {
    const before = this.#truth;
    const now = this.#clock.now();
    const after = this.#readTruth();
    this.#truth = after;
    this.#noteBucket();
    const expected = before.progressMs + (before.isPlaying ? now - before.at : 0);
    const visible =
      before.active !== after.active ||
      before.uri !== after.uri ||
      before.isPlaying !== after.isPlaying ||
      Math.abs(expected - after.progressMs) > PROGRESS_TOLERANCE_MS;
    if (visible) {
      const bucket = this.#buckets.at(-1)?.bucket;
      this.#pending.push({ at: now, kind, watched: bucket === 'playing' || bucket === 'paused' });
    }
    this.#resolveIfConsistent();
  }

  /** The watcher reported a new view (what the UI now shows). */
  onView(view: NowPlaying): void {
    this.#view = view;
    this.#resolveIfConsistent();
  }

  /** Figures for the requests the fake logged, over the buckets lived through up to `endMs`. */
  figures(endMs: number): { figures: PollerFigures; counts: SampleCounts } {
    const hours: Record<Bucket, number> = { playing: 0, paused: 0, hidden: 0, asleep: 0 };
    this.#buckets.forEach((entry, i) => {
      const next = this.#buckets[i + 1]?.at ?? endMs;
      hours[entry.bucket] += (next - entry.at) / 3_600_000;
    });
    const requests: Record<Bucket, number> = { playing: 0, paused: 0, hidden: 0, asleep: 0 };
    const polls = this.#fake.requests.filter((r) => r.path === CURRENTLY_PLAYING);
    for (const request of polls) requests[this.#bucketAt(request.at)] += 1;
    const perHour = (bucket: Bucket): number => (hours[bucket] > 0 ? requests[bucket] / hours[bucket] : 0);
    const seconds = (values: number[], p: number): number | null => {
      const ms = percentile(values, p);
      return ms === null ? null : ms / 1000;
    };
    return {
      figures: {
        requests_per_hour_playing: perHour('playing'),
        requests_per_hour_paused: perHour('paused'),
        requests_per_hour_hidden: perHour('hidden'),
        natural_change_p50_s: seconds(this.#latencies.natural, 50),
        natural_change_p95_s: seconds(this.#latencies.natural, 95),
        manual_change_p50_s: seconds(this.#latencies.manual, 50),
        manual_change_p95_s: seconds(this.#latencies.manual, 95),
        progress_error_p95_s: seconds(this.#progressErrors, 95),
      },
      counts: {
        natural: this.#latencies.natural.length,
        manual: this.#latencies.manual.length,
        progress: this.#progressErrors.length,
        requests: polls.length,
      },
    };
  }

  #readTruth(): Truth {
    const view = this.#fake.playback();
    const active = view !== null && view.device !== null;
    return {
      active,
      uri: active ? (view.item?.uri ?? null) : null,
      isPlaying: active && view.isPlaying,
      progressMs: active ? (view.progressMs ?? 0) : 0,
      at: this.#clock.now(),
    };
  }

  #consistent(now: number): boolean {
    const view = this.#view;
    const truth = this.#readTruth();
    if (!truth.active) return view?.kind === 'nothing';
    if (view === null || view.kind !== 'track' || view.uri !== truth.uri || view.isPlaying !== truth.isPlaying) {
      return false;
    }
    return Math.abs((progressAt(view, now) ?? 0) - truth.progressMs) <= PROGRESS_TOLERANCE_MS;
  }

  #resolveIfConsistent(): void {
    if (this.#pending.length === 0) return;
    const now = this.#clock.now();
    if (!this.#consistent(now)) return;
    for (const change of this.#pending) if (change.watched) this.#latencies[change.kind].push(now - change.at);
    this.#pending = [];
  }

  /** Progress is drawn only in the popover, so it is scored only while the popover is open. */
  #sampleProgress(): void {
    if (!this.#activity.popoverVisible || this.#activity.suspended) return;
    const truth = this.#readTruth();
    const view = this.#view;
    if (!truth.active || view === null || view.kind !== 'track' || view.uri !== truth.uri) return;
    this.#progressErrors.push(Math.abs((progressAt(view, this.#clock.now()) ?? 0) - truth.progressMs));
  }

  #noteBucket(): void {
    const bucket = bucketOf(this.#activity, this.#truth);
    if (this.#buckets.at(-1)?.bucket !== bucket) this.#buckets.push({ at: this.#clock.now(), bucket });
  }

  #bucketAt(at: number): Bucket {
    let found: Bucket = this.#buckets[0]?.bucket ?? 'playing';
    for (const entry of this.#buckets) {
      if (entry.at > at) break;
      found = entry.bucket;
    }
    return found;
  }
}

/**
 * When to ask Spotify "what is playing?" next: a pure decision from the last
 * answer, what the user and system are doing, and how the last poll ended.
 * Pure so every rule is tested with plain values, and so the benchmark can
 * run the very same function the app runs.
 *
 * The adaptive rules, strongest first:
 * 1. Logged out: nothing runs (the watcher stops). Suspended: nothing runs.
 * 2. Retry-After, an exhausted quota and failure backoff set the earliest
 *    time; nothing, not even a user action, goes out before it.
 * 3. Resume, unlock, popover open, start and a user action poll at once.
 * 4. Otherwise a cadence by state: locked > idle > hidden (nothing on screen
 *    needs freshness) > no device > paused > playing; while playing and
 *    watched, one extra poll just after the predicted natural end.
 */
import type { Activity } from '../activity.ts';
import type { ProblemKind } from '../problems.ts';
import { predictedEndAt, progressAtTime, remainingMs } from './schedule-sample.ts';
import type { PlaybackSample } from './schedule-sample.ts';

/** What asks for a decision. */
export type ScheduleTrigger =
  /** The watcher started. */
  | 'start'
  /** Someone asked for fresh data, e.g. right after a player command. */
  | 'refresh'
  /** Activity wake-ups (see activity.ts `wakeReason`). */
  | 'resume'
  | 'unlock'
  | 'popover-open'
  /** A poll just ended. */
  | 'poll-done'
  /** Some other activity change: re-plan the next poll from the last one. */
  | 'activity';

/** Why the next poll runs when it does (or why none does). */
export type ScheduleReason =
  | 'logged-out'
  | 'suspended'
  | 'retry-after'
  | 'quota'
  | 'backoff'
  | 'start'
  | 'refresh'
  | 'resume'
  | 'unlock'
  | 'popover-open'
  | 'track-end'
  | 'new-track'
  | 'playing'
  | 'paused'
  | 'no-device'
  | 'hidden'
  | 'idle'
  | 'locked'
  | 'fixed';

/** The part of a TraytuneProblem the scheduler reads. */
export interface ProblemInfo {
  kind: ProblemKind;
  retryAfterS?: number | undefined;
}

export interface ScheduleInput {
  /** Local clock time of the decision. */
  now: number;
  trigger: ScheduleTrigger;
  activity: Readonly<Activity>;
  /** The last successful answer, or null before the first. */
  last: PlaybackSample | null;
  /**
   * The last poll: when it was sent (`startedAt`), when it ended (`at`) and
   * the problem it ended with (null: success); null before any poll.
   */
  lastPoll: { startedAt: number; at: number; problem: ProblemInfo | null } | null;
  /** Failed polls in a row; 0 after a success. */
  failures: number;
  /** Answers in a row that showed the item playing at (or past) its end: Spotify has not moved on yet. */
  stalledAtEnd: number;
}

/** `delayMs` from `now` until the next poll (0: at once), or null: no poll until something changes. */
export interface ScheduleDecision {
  delayMs: number | null;
  reason: ScheduleReason;
}

export type Scheduler = (input: ScheduleInput) => ScheduleDecision;

/** The adaptive scheduler's numbers; see ADAPTIVE_POLICY for the reasoning behind each. */
export interface AdaptivePolicy {
  newTrackMs: number;
  newTrackWindowMs: number;
  playingMs: number;
  endMarginMs: number;
  endMergeMs: number;
  endChaseMs: number;
  maxEndChases: number;
  pausedMs: number;
  noDeviceMs: number;
  hiddenPlayingMs: number;
  hiddenStillMs: number;
  idlePlayingMs: number;
  idleStillMs: number;
  lockedMs: number;
  minGapMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  rateLimitedFallbackMs: number;
  quotaMinMs: number;
}

/**
 * The defaults, against the targets "natural change p95 ≤ 1 s, manual change
 * p50 ≤ 2.5 s, ≤ 25 % of a 1 s poller's requests while playing, ≤ 5 % when
 * paused, idle or hidden" (3,600 requests an hour is the 1 s poller).
 */
export const ADAPTIVE_POLICY: Readonly<AdaptivePolicy> = Object.freeze({
  // Spotify's own data (Lamere, "The Skip", 2014): 24 % of plays are skipped
  // within 5 s and 35 % within 30 s, against 49 % before the end. Skips
  // cluster at the start of an item, so its first 30 s are polled every 2.5 s
  // and the rest every 5 s. For a 3.5-minute track that is 12 + 36 polls,
  // about 820 an hour (23 %), while a skip or pause is seen in ~1.3 s early
  // and ~2.5 s later on (half the interval, plus the round trip).
  newTrackMs: 2_500,
  newTrackWindowMs: 30_000,
  playingMs: 5_000,
  // The natural end is predictable: poll 300 ms after it, late enough that
  // Spotify has moved on, early enough to show the next item within ~0.5 s.
  endMarginMs: 300,
  // A cadence poll due less than 2 s before the end poll is skipped: the end
  // poll catches a skip or pause as well, and one request is saved per track.
  endMergeMs: 2_000,
  // Spotify may still report the old item at its very end (a gap, a slow
  // device): look again after 0.5, 1 and 2 s, then fall back to the cadence.
  endChaseMs: 500,
  maxEndChases: 3,
  // Paused or no device: 120 requests an hour (3.3 %); a resume elsewhere shows within 30 s.
  pausedMs: 30_000,
  noDeviceMs: 30_000,
  // Nothing on screen shows the track: keep a rough picture only (1.7 % / 0.8 %);
  // opening the popover polls at once anyway.
  hiddenPlayingMs: 60_000,
  hiddenStillMs: 120_000,
  // Idle: nobody is looking, but the user may be listening. Locked: nobody can look.
  idlePlayingMs: 60_000,
  idleStillMs: 180_000,
  lockedMs: 300_000,
  // Never two scheduled polls closer than this, whatever the arithmetic says.
  minGapMs: 250,
  // Failures that the client's own retries did not fix: 5 s, 10 s, … 5 min.
  backoffBaseMs: 5_000,
  backoffMaxMs: 300_000,
  // A 429 without a usable Retry-After, and the least wait once the quota is gone.
  rateLimitedFallbackMs: 30_000,
  quotaMinMs: 60_000,
});

const LOGGED_OUT: ReadonlySet<ProblemKind> = new Set(['login-lost', 'not-logged-in']);

type Due = { at: number; reason: ScheduleReason };

function isWake(trigger: ScheduleTrigger): trigger is 'start' | 'refresh' | 'resume' | 'unlock' | 'popover-open' {
  return trigger !== 'poll-done' && trigger !== 'activity';
}

/** Logged out or asleep: no poll at all. */
function halted(input: ScheduleInput): ScheduleDecision | null {
  const problem = input.lastPoll?.problem ?? null;
  if (problem !== null && LOGGED_OUT.has(problem.kind)) {
    return { delayMs: null, reason: 'logged-out' };
  }
  if (input.activity.suspended) return { delayMs: null, reason: 'suspended' };
  return null;
}

/** How a scheduler treats failures: the least waits after a 429 and an exhausted quota, and its backoff (if any). */
interface GateRules {
  rateLimitedFallbackMs: number;
  quotaMinMs: number;
  backoff: { baseMs: number; maxMs: number } | null;
}

/** The earliest moment Spotify (Retry-After, quota) or our backoff allows the next request. */
function gate(input: ScheduleInput, rules: GateRules): Due | null {
  const poll = input.lastPoll;
  const problem = poll?.problem ?? null;
  if (poll === null || problem === null) return null;
  const retryAfterMs = problem.retryAfterS === undefined ? null : problem.retryAfterS * 1000;
  if (problem.kind === 'quota-exceeded') {
    return { at: poll.at + Math.max(retryAfterMs ?? 0, rules.quotaMinMs), reason: 'quota' };
  }
  if (problem.kind === 'rate-limited') {
    return { at: poll.at + (retryAfterMs ?? rules.rateLimitedFallbackMs), reason: 'retry-after' };
  }
  if (rules.backoff === null || input.failures < 1) return null;
  const delay = Math.min(rules.backoff.maxMs, rules.backoff.baseMs * 2 ** (input.failures - 1));
  return { at: poll.at + delay, reason: 'backoff' };
}

/** The later of the planned time and the gate; the gate's reason when it is what decides. */
function decide(input: ScheduleInput, planned: Due, gated: Due | null): ScheduleDecision {
  const due = gated !== null && gated.at > planned.at ? gated : planned;
  return { delayMs: Math.max(0, due.at - input.now), reason: due.reason };
}

/** While playing and watched: the cadence, or the poll just after the predicted end if that comes first (or soon after). */
function playingDue(last: PlaybackSample, base: number, stalledAtEnd: number, policy: Readonly<AdaptivePolicy>): Due {
  const progress = progressAtTime(last, base) ?? Number.POSITIVE_INFINITY;
  const cadence: Due =
    progress < policy.newTrackWindowMs
      ? { at: base + policy.newTrackMs, reason: 'new-track' }
      : { at: base + policy.playingMs, reason: 'playing' };
  const remaining = remainingMs(last);
  const end = predictedEndAt(last);
  if (remaining === null || end === null) return cadence;
  if (remaining <= 0) {
    // Spotify still shows the item at its end: chase it briefly, then give up on the chase.
    if (stalledAtEnd > policy.maxEndChases) return cadence;
    return { at: base + policy.endChaseMs * 2 ** Math.max(0, stalledAtEnd - 1), reason: 'track-end' };
  }
  const endAt = end + policy.endMarginMs;
  return endAt <= cadence.at + policy.endMergeMs ? { at: endAt, reason: 'track-end' } : cadence;
}

/** The next poll by state alone, counted from the last poll. */
function cadenceDue(input: ScheduleInput, policy: Readonly<AdaptivePolicy>): Due {
  const base = input.lastPoll?.at ?? input.now;
  const { activity, last } = input;
  const playing = last !== null && last.active && last.isPlaying;
  if (activity.locked) return { at: base + policy.lockedMs, reason: 'locked' };
  if (activity.idle) return { at: base + (playing ? policy.idlePlayingMs : policy.idleStillMs), reason: 'idle' };
  if (!activity.popoverVisible && !activity.needsFreshness) {
    return { at: base + (playing ? policy.hiddenPlayingMs : policy.hiddenStillMs), reason: 'hidden' };
  }
  if (last === null) return { at: base + policy.playingMs, reason: 'playing' };
  if (!last.active) return { at: base + policy.noDeviceMs, reason: 'no-device' };
  if (!last.isPlaying) return { at: base + policy.pausedMs, reason: 'paused' };
  const due = playingDue(last, base, input.stalledAtEnd, policy);
  return { at: Math.max(due.at, base + policy.minGapMs), reason: due.reason };
}

/** Traytune's scheduler (module comment); `policy` overrides the defaults for experiments. */
export function adaptiveScheduler(policy: Readonly<AdaptivePolicy> = ADAPTIVE_POLICY): Scheduler {
  return (input) => {
    const stop = halted(input);
    if (stop !== null) return stop;
    const gated = gate(input, {
      rateLimitedFallbackMs: policy.rateLimitedFallbackMs,
      quotaMinMs: policy.quotaMinMs,
      backoff: { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs },
    });
    const planned = isWake(input.trigger) ? { at: input.now, reason: input.trigger } : cadenceDue(input, policy);
    return decide(input, planned, gated);
  };
}

/**
 * A plain fixed-rate poller, as most tray players have (a `setInterval`):
 * every `intervalMs` from the start of the previous poll whatever happens,
 * never two at once, and at once on start or refresh. It still honours the
 * rules no client may break (nothing while logged out or asleep, never
 * before Retry-After), but has no backoff and ignores visibility. The tests'
 * and the demo's short intervals use it, and the benchmark's 1 s to 10 s
 * baselines.
 */
export function fixedScheduler(intervalMs: number): Scheduler {
  return (input) => {
    const stop = halted(input);
    if (stop !== null) return stop;
    // Only what Spotify itself demands: its Retry-After (or one interval when it gave none).
    const gated = gate(input, { rateLimitedFallbackMs: intervalMs, quotaMinMs: 0, backoff: null });
    const { trigger } = input;
    const base = input.lastPoll?.startedAt ?? input.now;
    const planned: Due =
      trigger === 'start' || trigger === 'refresh'
        ? { at: input.now, reason: trigger }
        : { at: base + intervalMs, reason: 'fixed' };
    return decide(input, planned, gated);
  };
}

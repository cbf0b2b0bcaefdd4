/**
 * The poll scheduler's decisions, rule by rule and in combination. Pure
 * inputs on a virtual timeline: no clock runs, no timing is measured.
 */
import { describe, expect, it } from 'vitest';

import { DEFAULT_ACTIVITY, mergeActivity, wakeReason } from '../../main/core/activity.ts';
import type { Activity } from '../../main/core/activity.ts';
import type { ProblemKind } from '../../main/core/problems.ts';
import { ADAPTIVE_POLICY, adaptiveScheduler, fixedScheduler } from '../../main/core/spotify/schedule.ts';
import type { ScheduleInput, ScheduleTrigger } from '../../main/core/spotify/schedule.ts';
import { measuredAt, predictedEndAt, toPlaybackSample } from '../../main/core/spotify/schedule-sample.ts';
import type { PlaybackSample } from '../../main/core/spotify/schedule-sample.ts';

const T = 1_700_000_000_000;
const DURATION = 200_000;
const adaptive = adaptiveScheduler();

/** A successful answer received at T after a round trip of `rttMs`. */
function sample(init: Partial<PlaybackSample> & { rttMs?: number } = {}): PlaybackSample {
  const { rttMs = 0, ...rest } = init;
  return {
    active: true,
    isPlaying: true,
    progressMs: 100_000,
    durationMs: DURATION,
    timestamp: null,
    sentAt: T - rttMs,
    receivedAt: T,
    ...rest,
  };
}

const PAUSED = sample({ isPlaying: false });
const NO_DEVICE = toPlaybackSample(null, T, T);
const HIDDEN: Partial<Activity> = { popoverVisible: false, needsFreshness: false };

interface Case {
  trigger?: ScheduleTrigger;
  now?: number;
  activity?: Partial<Activity>;
  last?: PlaybackSample | null;
  problem?: { kind: ProblemKind; retryAfterS?: number };
  failures?: number;
  stalledAtEnd?: number;
}

/** A decision for a poll that ended at T (unless the case says otherwise). */
function input(c: Case = {}): ScheduleInput {
  return {
    now: c.now ?? T,
    trigger: c.trigger ?? 'poll-done',
    activity: mergeActivity(DEFAULT_ACTIVITY, c.activity ?? {}),
    last: c.last === undefined ? sample() : c.last,
    lastPoll: { startedAt: T - 100, at: T, problem: c.problem ?? null },
    failures: c.failures ?? (c.problem === undefined ? 0 : 1),
    stalledAtEnd: c.stalledAtEnd ?? 0,
  };
}

const decide = (c: Case = {}) => adaptive(input(c));

describe('samples: when progress was measured and when the item ends', () => {
  it('dates the measurement mid-way through the round trip', () => {
    expect(measuredAt(sample({ rttMs: 400 }))).toBe(T - 200);
    expect(predictedEndAt(sample({ rttMs: 400, progressMs: 190_000 }))).toBe(T - 200 + 10_000);
  });

  it('moves it later when the answer’s timestamp falls inside the request after the midpoint', () => {
    expect(measuredAt(sample({ rttMs: 400, timestamp: T - 50 }))).toBe(T - 50);
  });

  it('ignores a timestamp outside the request or before its midpoint (an old change, clock skew)', () => {
    expect(measuredAt(sample({ rttMs: 400, timestamp: T - 300 }))).toBe(T - 200);
    expect(measuredAt(sample({ rttMs: 400, timestamp: T - 60_000 }))).toBe(T - 200);
    expect(measuredAt(sample({ rttMs: 400, timestamp: T + 5_000 }))).toBe(T - 200);
  });

  it('predicts no end while paused, for a 204, or without a duration or progress', () => {
    expect(predictedEndAt(PAUSED)).toBeNull();
    expect(predictedEndAt(NO_DEVICE)).toBeNull();
    expect(predictedEndAt(sample({ durationMs: null }))).toBeNull();
    expect(predictedEndAt(sample({ progressMs: null }))).toBeNull();
  });
});

describe('adaptive: while playing and watched', () => {
  it('polls every 2.5 s in the first 30 s of an item, where skips cluster', () => {
    expect(decide({ last: sample({ progressMs: 4_000 }) })).toEqual({ delayMs: 2_500, reason: 'new-track' });
  });

  it('polls every 5 s later on', () => {
    expect(decide()).toEqual({ delayMs: 5_000, reason: 'playing' });
  });

  it('polls just after the predicted natural end, corrected for latency', () => {
    // Measured at T − 150 with 3 s left: the item ends at T + 2 850; poll 300 ms later.
    const last = sample({ rttMs: 300, progressMs: DURATION - 3_000 });
    expect(decide({ last })).toEqual({ delayMs: 3_150, reason: 'track-end' });
  });

  it('uses the answer’s timestamp to date a track that started during the request', () => {
    const last = sample({ rttMs: 300, progressMs: DURATION - 3_000, timestamp: T - 20 });
    expect(decide({ last })).toEqual({ delayMs: 3_280, reason: 'track-end' });
  });

  it('skips a cadence poll that would fall shortly before the end poll, but not one well before', () => {
    const soon = sample({ progressMs: DURATION - 6_500 }); // end poll at +6.8 s, cadence at +5 s
    expect(decide({ last: soon })).toEqual({ delayMs: 6_800, reason: 'track-end' });
    const later = sample({ progressMs: DURATION - 9_000 }); // end poll at +9.3 s
    expect(decide({ last: later })).toEqual({ delayMs: 5_000, reason: 'playing' });
  });

  it('chases an item Spotify still shows at its end, briefly, then falls back to the cadence', () => {
    const atEnd = sample({ progressMs: DURATION });
    expect(decide({ last: atEnd, stalledAtEnd: 1 })).toEqual({ delayMs: 500, reason: 'track-end' });
    expect(decide({ last: atEnd, stalledAtEnd: 2 })).toEqual({ delayMs: 1_000, reason: 'track-end' });
    expect(decide({ last: atEnd, stalledAtEnd: 3 })).toEqual({ delayMs: 2_000, reason: 'track-end' });
    expect(decide({ last: atEnd, stalledAtEnd: 4 })).toEqual({ delayMs: 5_000, reason: 'playing' });
  });

  it('never schedules two polls closer than the minimum gap', () => {
    const slow = sample({ rttMs: 2_000, progressMs: DURATION - 500 }); // predicted end already passed
    expect(decide({ last: slow })).toEqual({ delayMs: ADAPTIVE_POLICY.minGapMs, reason: 'track-end' });
  });

  it('has no end poll for content without a duration (ads)', () => {
    expect(decide({ last: sample({ durationMs: null }) })).toEqual({ delayMs: 5_000, reason: 'playing' });
  });
});

describe('adaptive: slower when nothing needs it', () => {
  it('paused and no device: every 30 s', () => {
    expect(decide({ last: PAUSED })).toEqual({ delayMs: 30_000, reason: 'paused' });
    expect(decide({ last: NO_DEVICE })).toEqual({ delayMs: 30_000, reason: 'no-device' });
  });

  it('hidden with nothing needing freshness: every 60 s while playing, no end poll', () => {
    const nearEnd = sample({ progressMs: DURATION - 3_000 });
    expect(decide({ activity: HIDDEN, last: nearEnd })).toEqual({ delayMs: 60_000, reason: 'hidden' });
  });

  it('a tooltip or notifications keep the pace while the popover is hidden; so does the popover alone', () => {
    expect(decide({ activity: { popoverVisible: false, needsFreshness: true } }).reason).toBe('playing');
    expect(decide({ activity: { popoverVisible: true, needsFreshness: false } }).reason).toBe('playing');
  });

  it('hidden and paused is the slowest of hidden/visible × playing/paused', () => {
    const delays = {
      visiblePlaying: decide({ activity: { popoverVisible: true } }).delayMs ?? 0,
      visiblePaused: decide({ activity: { popoverVisible: true }, last: PAUSED }).delayMs ?? 0,
      hiddenPlaying: decide({ activity: HIDDEN }).delayMs ?? 0,
      hiddenPaused: decide({ activity: HIDDEN, last: PAUSED }).delayMs ?? 0,
    };
    expect(delays.hiddenPaused).toBe(120_000);
    expect(Math.max(...Object.values(delays))).toBe(delays.hiddenPaused);
    expect(delays.visiblePlaying).toBeLessThan(delays.visiblePaused);
  });

  it('idle: every 60 s while playing, 180 s otherwise; locked: every 5 min, whatever else holds', () => {
    expect(decide({ activity: { idle: true } })).toEqual({ delayMs: 60_000, reason: 'idle' });
    expect(decide({ activity: { idle: true }, last: PAUSED })).toEqual({ delayMs: 180_000, reason: 'idle' });
    const locked = { idle: true, locked: true, popoverVisible: true };
    expect(decide({ activity: locked })).toEqual({ delayMs: 300_000, reason: 'locked' });
  });

  it('an activity change re-plans from the last poll: overdue polls at once, a slower pace waits', () => {
    const later = T + 30_000;
    expect(decide({ trigger: 'activity', now: later })).toEqual({ delayMs: 0, reason: 'playing' });
    expect(decide({ trigger: 'activity', now: later, activity: HIDDEN })).toEqual({
      delayMs: 30_000,
      reason: 'hidden',
    });
  });
});

describe('adaptive: at once, and not at all', () => {
  for (const trigger of ['start', 'refresh', 'resume', 'unlock', 'popover-open'] as const) {
    it(`polls at once on ${trigger}, even when hidden, idle or paused`, () => {
      const activity = { ...HIDDEN, idle: true };
      expect(decide({ trigger, activity, last: PAUSED })).toEqual({ delayMs: 0, reason: trigger });
    });
  }

  it('runs nothing while suspended, not even a refresh', () => {
    expect(decide({ activity: { suspended: true } })).toEqual({ delayMs: null, reason: 'suspended' });
    expect(decide({ trigger: 'refresh', activity: { suspended: true } }).delayMs).toBeNull();
  });

  for (const kind of ['login-lost', 'not-logged-in'] as const) {
    it(`runs nothing once logged out (${kind}), not even on resume`, () => {
      expect(decide({ trigger: 'resume', problem: { kind } })).toEqual({ delayMs: null, reason: 'logged-out' });
    });
  }
});

describe('adaptive: Retry-After, quota and backoff always win', () => {
  it('a 429 while playing beats the end-of-track poll', () => {
    const last = sample({ progressMs: DURATION - 1_000 });
    const problem = { kind: 'rate-limited' as const, retryAfterS: 30 };
    expect(decide({ last, problem })).toEqual({ delayMs: 30_000, reason: 'retry-after' });
  });

  it('a refresh, a resume or a popover opening waits out the rest of Retry-After', () => {
    const problem = { kind: 'rate-limited' as const, retryAfterS: 30 };
    for (const trigger of ['refresh', 'resume', 'popover-open'] as const) {
      expect(decide({ trigger, problem, now: T + 10_000 })).toEqual({ delayMs: 20_000, reason: 'retry-after' });
    }
    expect(decide({ trigger: 'refresh', problem, now: T + 31_000 })).toEqual({ delayMs: 0, reason: 'refresh' });
  });

  it('a short Retry-After never speeds up a slow pace', () => {
    const problem = { kind: 'rate-limited' as const, retryAfterS: 2 };
    expect(decide({ problem, activity: HIDDEN })).toEqual({ delayMs: 60_000, reason: 'hidden' });
  });

  it('an exhausted quota waits at least a minute, longer if Spotify says so', () => {
    expect(decide({ problem: { kind: 'quota-exceeded', retryAfterS: 5 } })).toEqual({
      delayMs: 60_000,
      reason: 'quota',
    });
    expect(decide({ problem: { kind: 'quota-exceeded', retryAfterS: 600 } }).delayMs).toBe(600_000);
  });

  it('a 429 without Retry-After waits 30 s', () => {
    expect(decide({ problem: { kind: 'rate-limited' } })).toEqual({ delayMs: 30_000, reason: 'retry-after' });
  });

  it('failures back off exponentially to 5 min, and a wake-up waits for the backoff', () => {
    const delays = [1, 2, 3, 4, 7, 12].map((failures) => decide({ problem: { kind: 'offline' }, failures }).delayMs);
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 300_000, 300_000]);
    expect(decide({ trigger: 'popover-open', problem: { kind: 'server-error' }, failures: 3 })).toEqual({
      delayMs: 20_000,
      reason: 'backoff',
    });
  });

  it('the backoff never shortens a slower pace', () => {
    expect(decide({ problem: { kind: 'timeout' }, activity: { locked: true } })).toEqual({
      delayMs: 300_000,
      reason: 'locked',
    });
  });
});

describe('fixed scheduler (the baselines, tests and demo)', () => {
  const fixed = fixedScheduler(2_000);

  // The last poll was sent at T − 100 and answered at T: a fixed rate counts from the send.
  it('polls every interval from the start of the last poll, whatever the activity or playback', () => {
    for (const activity of [HIDDEN, { idle: true }, { locked: true }]) {
      expect(fixed(input({ activity, last: PAUSED }))).toEqual({ delayMs: 1_900, reason: 'fixed' });
    }
    expect(fixed(input({ last: sample({ progressMs: DURATION - 100 }) })).delayMs).toBe(1_900);
  });

  it('polls at once on start and refresh only', () => {
    expect(fixed(input({ trigger: 'refresh', now: T + 500 }))).toEqual({ delayMs: 0, reason: 'refresh' });
    expect(fixed(input({ trigger: 'popover-open', now: T + 500 }))).toEqual({ delayMs: 1_400, reason: 'fixed' });
  });

  it('still honours Retry-After, sleep and logout, but has no backoff', () => {
    expect(fixed(input({ problem: { kind: 'rate-limited', retryAfterS: 30 } })).delayMs).toBe(30_000);
    expect(fixed(input({ problem: { kind: 'quota-exceeded', retryAfterS: 1 } })).delayMs).toBe(1_900);
    expect(fixed(input({ activity: { suspended: true } })).delayMs).toBeNull();
    expect(fixed(input({ problem: { kind: 'login-lost' } })).reason).toBe('logged-out');
    expect(fixed(input({ problem: { kind: 'offline' }, failures: 6 })).delayMs).toBe(1_900);
  });

  it('never overlaps: a poll slower than the interval is followed at once', () => {
    expect(fixed(input({ now: T + 3_000 }))).toEqual({ delayMs: 0, reason: 'fixed' });
  });
});

describe('activity', () => {
  it('merges only the fields given', () => {
    expect(mergeActivity(DEFAULT_ACTIVITY, { locked: true })).toEqual({ ...DEFAULT_ACTIVITY, locked: true });
  });

  it('names the wake-ups that call for an immediate poll', () => {
    const awake = DEFAULT_ACTIVITY;
    expect(wakeReason({ ...awake, suspended: true, locked: true }, awake)).toBe('resume');
    expect(wakeReason({ ...awake, locked: true }, awake)).toBe('unlock');
    expect(wakeReason(awake, { ...awake, popoverVisible: true })).toBe('popover-open');
    expect(wakeReason(awake, { ...awake, idle: true })).toBeNull();
    expect(wakeReason({ ...awake, popoverVisible: true }, awake)).toBeNull();
  });
});

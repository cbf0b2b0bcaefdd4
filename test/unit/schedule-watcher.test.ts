/**
 * The watcher driven by the adaptive scheduler on a virtual clock: which
 * poll goes out when, as decided from answers, activity and problems. Time
 * only moves when the test moves it; no wall-clock assertions.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { TraytuneProblem } from '../../main/core/problems.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import type { ScheduleDecision } from '../../main/core/spotify/schedule.ts';
import type { SpotifyCurrentlyPlaying } from '../../main/core/spotify/types.ts';
import { NowPlayingWatcher } from '../../main/core/spotify/watcher.ts';
import { flushMicrotasks, ManualClock } from '../support/manual-clock.ts';
import { createRecordingLogger } from '../support/recording-logger.ts';

type Answer = SpotifyCurrentlyPlaying | null | Error;

/** A client the test answers by hand; records the virtual time of each call. */
class FakeClient {
  readonly calledAt: number[] = [];
  readonly #pending: ((answer: Answer) => void)[] = [];
  readonly #clock: ManualClock;

  constructor(clock: ManualClock) {
    this.#clock = clock;
  }

  get calls(): number {
    return this.calledAt.length;
  }

  getCurrentlyPlaying(): Promise<SpotifyCurrentlyPlaying | null> {
    this.calledAt.push(this.#clock.now());
    return new Promise((resolve, reject) => {
      this.#pending.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer)));
    });
  }

  /** Answers the oldest open call after `latencyMs` of virtual time. */
  async answer(answer: Answer, latencyMs = 0): Promise<void> {
    const settle = this.#pending.shift();
    if (settle === undefined) throw new Error('no call is waiting for an answer');
    this.#clock.advance(latencyMs);
    settle(answer);
    await flushMicrotasks();
  }
}

const DURATION = 200_000;

function track(id: string, progressMs: number, isPlaying = true): SpotifyCurrentlyPlaying {
  return {
    progress_ms: progressMs,
    is_playing: isPlaying,
    currently_playing_type: 'track',
    item: {
      type: 'track',
      id,
      name: `Song ${id}`,
      artists: [{ name: 'Artist' }],
      album: { name: 'Album', images: [] },
      duration_ms: DURATION,
      uri: `spotify:track:${id}`,
    },
  };
}

let clock: ManualClock;
let client: FakeClient;
let updates: NowPlaying[];
let decisions: ScheduleDecision[];
let watcher: NowPlayingWatcher;

beforeEach(() => {
  clock = new ManualClock();
  client = new FakeClient(clock);
  updates = [];
  decisions = [];
  watcher = new NowPlayingWatcher({
    client,
    clock,
    onUpdate: (view) => updates.push(view),
    onProblem: () => undefined,
    onSchedule: (decision) => decisions.push(decision),
    logger: createRecordingLogger(),
  });
});

/** Virtual ms since `from` of the latest call. */
const lastCallSince = (from: number): number => (client.calledAt.at(-1) ?? Number.NaN) - from;

describe('watcher + adaptive scheduler: playing', () => {
  it('polls just after the predicted end, dated by the round trip, and sees the next track', async () => {
    const start = clock.now();
    watcher.start();
    // 400 ms round trip: progress was measured ~200 ms after the request left.
    await client.answer(track('a', DURATION - 4_000), 400);
    expect(updates[0]).toMatchObject({ id: 'a', sampledAt: start + 200 });
    expect(decisions.at(-1)?.reason).toBe('track-end');

    await clock.advanceAsync(10_000);
    expect(client.calls).toBe(2);
    expect(lastCallSince(start)).toBe(200 + 4_000 + 300);
    await client.answer(track('b', 100));
    expect(updates.map((v) => (v.kind === 'track' ? v.id : v.kind))).toEqual(['a', 'b']);
    expect(decisions.at(-1)).toEqual({ delayMs: 2_500, reason: 'new-track' });
  });

  it('polls faster early in a track than later on', async () => {
    watcher.start();
    await client.answer(track('a', 0));
    await clock.advanceAsync(2_500);
    expect(client.calls).toBe(2);
    await client.answer(track('a', 40_000)); // a seek past the window: a change, and the slower pace
    expect(updates).toHaveLength(2);
    await clock.advanceAsync(4_999);
    expect(client.calls).toBe(2);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(3);
  });

  it('slows to the paused pace once the answer says paused', async () => {
    watcher.start();
    await client.answer(track('a', 60_000, false));
    await clock.advanceAsync(29_999);
    expect(client.calls).toBe(1);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(2);
  });
});

describe('watcher + adaptive scheduler: activity', () => {
  it('suspend cancels the next poll; resume polls at once', async () => {
    watcher.start();
    await client.answer(track('a', 60_000));
    expect(clock.pendingTimers).toBe(1);
    watcher.setActivity({ suspended: true });
    expect(clock.pendingTimers).toBe(0);
    clock.jump(3_600_000); // an hour asleep
    await clock.advanceAsync(0);
    expect(client.calls).toBe(1);
    watcher.setActivity({ suspended: false });
    expect(client.calls).toBe(2);
  });

  it('starting while suspended waits for the resume', async () => {
    watcher.setActivity({ suspended: true });
    watcher.start();
    expect(client.calls).toBe(0);
    watcher.setActivity({ suspended: false });
    expect(client.calls).toBe(1);
  });

  it('unlock and popover open poll at once; hiding slows the next poll down', async () => {
    watcher.start();
    await client.answer(track('a', 60_000));
    watcher.setActivity({ popoverVisible: false, needsFreshness: false });
    await clock.advanceAsync(59_999);
    expect(client.calls).toBe(1);
    watcher.setActivity({ popoverVisible: true });
    expect(client.calls).toBe(2);
    await client.answer(track('a', 120_000));

    watcher.setActivity({ locked: true, popoverVisible: false });
    await clock.advanceAsync(60_000);
    expect(client.calls).toBe(2);
    watcher.setActivity({ locked: false });
    expect(client.calls).toBe(3);
  });

  it('leaving a slow state polls at once when the faster pace is already overdue', async () => {
    watcher.setActivity({ idle: true });
    watcher.start();
    await client.answer(track('a', 60_000));
    await clock.advanceAsync(20_000);
    expect(client.calls).toBe(1);
    watcher.setActivity({ idle: false });
    expect(client.calls).toBe(2);
  });

  it('a wake-up during a poll is replayed right after it, once', async () => {
    watcher.start();
    watcher.setActivity({ popoverVisible: true });
    watcher.refreshNow();
    expect(client.calls).toBe(1);
    await client.answer(track('a', 60_000));
    expect(client.calls).toBe(2);
    await client.answer(track('a', 60_000));
    expect(client.calls).toBe(2);
  });
});

describe('watcher + adaptive scheduler: problems', () => {
  it('a user action during Retry-After waits for it to pass', async () => {
    watcher.start();
    await client.answer(new TraytuneProblem('rate-limited', '429', { retryAfterS: 40 }));
    await clock.advanceAsync(10_000);
    watcher.refreshNow();
    watcher.setActivity({ popoverVisible: true });
    expect(client.calls).toBe(1);
    await clock.advanceAsync(29_999);
    expect(client.calls).toBe(1);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(2);
  });

  it('backs off after failures and returns to the cadence after a success', async () => {
    watcher.start();
    await client.answer(new TraytuneProblem('offline', 'down'));
    await clock.advanceAsync(5_000);
    await client.answer(new TraytuneProblem('offline', 'down'));
    await clock.advanceAsync(9_999);
    expect(client.calls).toBe(2);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(3);
    await client.answer(track('a', 60_000));
    expect(decisions.at(-1)).toEqual({ delayMs: 5_000, reason: 'playing' });
  });

  it('stops when logged out, and polls again once started after a new login', async () => {
    watcher.start();
    await client.answer(new TraytuneProblem('login-lost', 'gone'));
    expect(watcher.running).toBe(false);
    watcher.setActivity({ popoverVisible: true });
    expect(client.calls).toBe(1);
    watcher.start();
    expect(client.calls).toBe(2);
  });
});

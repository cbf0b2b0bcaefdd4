import { beforeEach, describe, expect, it } from 'vitest';

import { TraytuneProblem } from '../../main/core/problems.ts';
import type { ProblemKind } from '../../main/core/problems.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { fixedScheduler } from '../../main/core/spotify/schedule.ts';
import type { SpotifyCurrentlyPlaying } from '../../main/core/spotify/types.ts';
import { NowPlayingWatcher } from '../../main/core/spotify/watcher.ts';
import { flushMicrotasks, ManualClock } from '../support/manual-clock.ts';
import { createRecordingLogger } from '../support/recording-logger.ts';

type Answer = SpotifyCurrentlyPlaying | null | Error;

/** A client whose answers the test hands out one by one, tracking overlap. */
class FakeClient {
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly #pending: ((answer: Answer) => void)[] = [];

  getCurrentlyPlaying(): Promise<SpotifyCurrentlyPlaying | null> {
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      this.#pending.push((answer) => {
        this.inFlight -= 1;
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      });
    });
  }

  /** Answers the oldest open call and lets the watcher react. */
  async answer(answer: Answer): Promise<void> {
    const settle = this.#pending.shift();
    if (settle === undefined) throw new Error('no call is waiting for an answer');
    settle(answer);
    await flushMicrotasks();
  }
}

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
      duration_ms: 300_000,
      uri: `spotify:track:${id}`,
    },
  };
}

function problem(kind: ProblemKind, retryAfterS?: number): TraytuneProblem {
  return new TraytuneProblem(kind, `test ${kind}`, retryAfterS === undefined ? {} : { retryAfterS });
}

let clock: ManualClock;
let client: FakeClient;
let updates: NowPlaying[];
let problems: (TraytuneProblem | null)[];
let watcher: NowPlayingWatcher;

beforeEach(() => {
  clock = new ManualClock();
  client = new FakeClient();
  updates = [];
  problems = [];
  // These tests pin the watcher's mechanics (one poll at a time, stop, problems) on a
  // plain 5 s schedule; the adaptive schedule has its own (schedule*.test.ts).
  watcher = new NowPlayingWatcher({
    client,
    clock,
    scheduler: fixedScheduler(5_000),
    onUpdate: (view) => updates.push(view),
    onProblem: (p) => problems.push(p),
    logger: createRecordingLogger(),
  });
});

describe('NowPlayingWatcher: polling and changes', () => {
  it('polls at once, then every interval, and emits only when the view changes', async () => {
    watcher.start();
    expect(client.calls).toBe(1);
    await client.answer(track('a', 10_000));
    expect(updates.map((v) => v.kind)).toEqual(['track']);

    await clock.advanceAsync(4_999);
    expect(client.calls).toBe(1);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(2);
    await client.answer(track('a', 15_000)); // normal progress
    expect(updates).toHaveLength(1);

    await clock.advanceAsync(5_000);
    await client.answer(track('b', 0));
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ kind: 'track', id: 'b' });

    await clock.advanceAsync(5_000);
    await client.answer(null);
    expect(updates.at(-1)).toEqual({ kind: 'nothing' });
  });

  it('counts a seek as a change', async () => {
    watcher.start();
    await client.answer(track('a', 10_000));
    await clock.advanceAsync(5_000);
    await client.answer(track('a', 120_000));
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ progressMs: 120_000, sampledAt: clock.now() });
  });

  it('refreshNow polls at once and restarts the interval', async () => {
    watcher.start();
    await client.answer(track('a', 0));
    await clock.advanceAsync(3_000);
    watcher.refreshNow();
    expect(client.calls).toBe(2);
    await client.answer(track('a', 3_000));
    await clock.advanceAsync(4_999);
    expect(client.calls).toBe(2);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(3);
  });

  it('keeps polling when a listener throws (intervalMs: the fixed-schedule shorthand)', async () => {
    const throwing = new NowPlayingWatcher({
      client,
      clock,
      intervalMs: 5_000,
      onUpdate: () => {
        throw new Error('renderer gone');
      },
      onProblem: () => undefined,
      logger: createRecordingLogger(),
    });
    throwing.start();
    await client.answer(track('a', 0));
    await clock.advanceAsync(5_000);
    expect(client.calls).toBe(2);
    throwing.stop();
  });
});

describe('NowPlayingWatcher: problems', () => {
  it('reports a problem once per change and clears it after the next success', async () => {
    watcher.start();
    await client.answer(problem('offline'));
    await clock.advanceAsync(5_000);
    await client.answer(problem('offline'));
    expect(problems.map((p) => p?.kind)).toEqual(['offline']);

    await clock.advanceAsync(5_000);
    await client.answer(problem('timeout'));
    expect(problems.map((p) => p?.kind)).toEqual(['offline', 'timeout']);

    await clock.advanceAsync(5_000);
    await client.answer(track('a', 0));
    await clock.advanceAsync(5_000);
    await client.answer(track('a', 5_000));
    expect(problems.map((p) => p?.kind ?? null)).toEqual(['offline', 'timeout', null]);
    expect(updates).toHaveLength(1);
  });

  it('waits out a long Retry-After before polling again', async () => {
    watcher.start();
    await client.answer(problem('rate-limited', 30));
    await clock.advanceAsync(29_999);
    expect(client.calls).toBe(1);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(2);
  });

  it('never polls sooner than the interval, even for a short Retry-After', async () => {
    watcher.start();
    await client.answer(problem('quota-exceeded', 2));
    await clock.advanceAsync(4_999);
    expect(client.calls).toBe(1);
    await clock.advanceAsync(1);
    expect(client.calls).toBe(2);
  });

  for (const kind of ['login-lost', 'not-logged-in'] as const) {
    it(`stops on ${kind}`, async () => {
      watcher.start();
      await client.answer(problem(kind));
      expect(problems.map((p) => p?.kind)).toEqual([kind]);
      expect(watcher.running).toBe(false);
      expect(clock.pendingTimers).toBe(0);
      await clock.advanceAsync(60_000);
      watcher.refreshNow();
      expect(client.calls).toBe(1);
    });
  }

  it('wraps a non-problem error as unexpected and keeps going', async () => {
    watcher.start();
    await client.answer(new TypeError('bug'));
    expect(problems.map((p) => p?.kind)).toEqual(['unexpected']);
    await clock.advanceAsync(5_000);
    expect(client.calls).toBe(2);
  });
});

describe('NowPlayingWatcher: one poll at a time, and stop', () => {
  it('never has two polls in flight; a refresh asked for meanwhile runs right after', async () => {
    watcher.start();
    watcher.refreshNow();
    watcher.refreshNow();
    await clock.advanceAsync(20_000);
    expect(client.calls).toBe(1);

    await client.answer(track('a', 0));
    expect(client.calls).toBe(2); // the queued refresh, once
    await client.answer(track('a', 0));
    await clock.advanceAsync(5_000);
    expect(client.calls).toBe(3);
    expect(client.maxInFlight).toBe(1);
  });

  it('ignores a response that arrives after stop()', async () => {
    watcher.start();
    watcher.stop();
    await client.answer(track('a', 0));
    expect(updates).toEqual([]);
    expect(problems).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceAsync(60_000);
    expect(client.calls).toBe(1);
  });

  it('ignores a late failure after stop(), too', async () => {
    watcher.start();
    watcher.stop();
    await client.answer(problem('offline'));
    expect(problems).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('restarting while a stale poll is in flight waits for it, then polls afresh', async () => {
    watcher.start();
    watcher.stop();
    watcher.start();
    expect(client.calls).toBe(1);
    await client.answer(track('stale', 0));
    expect(updates).toEqual([]);
    expect(client.calls).toBe(2);
    await client.answer(track('fresh', 0));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ id: 'fresh' });
    expect(client.maxInFlight).toBe(1);
  });

  it('stop() cancels the next poll', async () => {
    watcher.start();
    await client.answer(track('a', 0));
    watcher.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceAsync(60_000);
    expect(client.calls).toBe(1);
  });
});

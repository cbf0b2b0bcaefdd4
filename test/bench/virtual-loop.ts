/**
 * Deterministic virtual time for the benchmark, over real sockets. Virtual
 * time only moves when nothing real is in flight: the driver waits for every
 * HTTP exchange on 127.0.0.1 (and what the code under test does with the
 * answer) before it jumps to the next timer. Network latency is simulated
 * in virtual time by an undici interceptor: each request leaves after its
 * uplink delay and its answer is handed over after its downlink delay, so
 * Spotify's clock (the fake's `now`) and ours disagree exactly as much as a
 * real round trip would make them.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { Dispatcher } from 'undici';

import { ManualClock } from '../support/manual-clock.ts';

/** mulberry32: a tiny seeded PRNG, so every run of the benchmark sees the same numbers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One request's simulated latency, split into the way out and the way back. */
export interface Latency {
  upMs: number;
  downMs: number;
}

/**
 * Home broadband to Spotify's edge: a round trip of 50 ms at best, ~80 ms
 * typically, with a tail to 300 ms (p95 ~265 ms); either direction may be
 * the slower one.
 */
export function homeNetwork(random: () => number): () => Latency {
  return () => {
    const rtt = Math.round(50 + 250 * random() ** 3);
    const upMs = Math.round(rtt * (0.3 + 0.4 * random()));
    return { upMs, downMs: rtt - upMs };
  };
}

/** A virtual clock plus the bookkeeping that tells when real I/O has settled. */
export class VirtualLoop {
  readonly clock: ManualClock;
  #inFlight = 0;
  #idle: (() => void)[] = [];

  constructor(startMs: number) {
    this.clock = new ManualClock({ startMs });
  }

  /**
   * `real` with simulated latency in virtual time. Every exchange is counted
   * while it is on the wire so `settle` can wait for it.
   */
  withLatency(real: Dispatcher, latency: () => Latency): Dispatcher {
    const clock = this.clock;
    return real.compose((dispatch) => (options, handler) => {
      const { upMs, downMs } = latency();
      clock.setTimeout(() => {
        this.#begin();
        dispatch(options, {
          onRequestStart: (controller, context: unknown) => handler.onRequestStart?.(controller, context),
          onResponseStart: (controller, status, headers, message) =>
            handler.onResponseStart?.(controller, status, headers, message),
          onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
          onResponseEnd: (controller, trailers) => {
            this.#end();
            clock.setTimeout(() => handler.onResponseEnd?.(controller, trailers), downMs);
          },
          onResponseError: (controller, error) => {
            this.#end();
            handler.onResponseError?.(controller, error);
          },
        });
      }, upMs);
      return true;
    });
  }

  /**
   * Returns once nothing real is in flight and the event loop has been quiet
   * for a few turns: answers have been parsed, views reported, next timers set.
   */
  async settle(): Promise<void> {
    let quiet = 0;
    while (quiet < 4) {
      if (this.#inFlight > 0) {
        await new Promise<void>((resolve) => this.#idle.push(resolve));
        quiet = 0;
        continue;
      }
      await nextTurn();
      quiet += 1;
    }
  }

  /** Runs every timer due up to `untilMs`, settling real I/O between them, and ends at `untilMs`. */
  async runUntil(untilMs: number): Promise<void> {
    for (;;) {
      await this.settle();
      const due = this.clock.nextDueAt();
      if (due === undefined || due > untilMs) break;
      this.clock.runNext();
    }
    this.clock.advance(Math.max(0, untilMs - this.clock.now()));
  }

  #begin(): void {
    this.#inFlight += 1;
  }

  #end(): void {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}

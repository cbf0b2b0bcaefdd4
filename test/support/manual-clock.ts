/**
 * A virtual Clock for tests. Time only moves when the test says so
 * (`advance`, `advanceAsync`), or, with `autoAdvance`, whenever the code
 * under test is waiting on a timer and nothing else is runnable, so retry
 * and backoff tests finish at once while still seeing correct virtual times.
 */
import type { Clock, TimerHandle } from '../../main/core/clock.ts';

interface Timer {
  id: number;
  due: number;
  callback: () => void;
}

export interface ManualClockOptions {
  /** Initial `now()`; default 1_700_000_000_000 (a realistic epoch time). */
  startMs?: number;
  /**
   * Jump to the next due timer on its own whenever one is pending (checked
   * on the next macrotask). Handy for code that awaits `sleep`; avoid it with
   * code that re-arms timers forever (a poller), which would spin.
   */
  autoAdvance?: boolean;
}

/** Lets pending promise continuations run (they may set new timers). */
export async function flushMicrotasks(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A Clock whose time is moved by hand. */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: Timer[] = [];
  #autoAdvance: boolean;
  #autoStepQueued = false;

  constructor(options: ManualClockOptions = {}) {
    this.#now = options.startMs ?? 1_700_000_000_000;
    this.#autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId;
    this.#nextId += 1;
    this.#timers.push({ id, due: this.#now + Math.max(0, delayMs), callback });
    this.#queueAutoStep();
    return { id } as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const { id } = handle as unknown as { id: number };
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Virtual time at which the next timer fires, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.#next()?.due;
  }

  /** Turns automatic advancing on or off. */
  setAutoAdvance(on: boolean): void {
    this.#autoAdvance = on;
    this.#queueAutoStep();
  }

  /**
   * Moves time forward by `ms`, running each timer that falls due in order of
   * due time (then creation), with `now()` set to its due time. Timers set by
   * those callbacks run too when they fall inside the window.
   */
  advance(ms: number): void {
    const target = this.#now + Math.max(0, ms);
    for (let timer = this.#next(); timer !== undefined && timer.due <= target; timer = this.#next()) {
      this.#fire(timer);
    }
    this.#now = target;
  }

  /**
   * Like `advance`, but lets promise continuations run after each timer, so
   * async code that sets its next timer after an `await` is followed too.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    await flushMicrotasks();
    for (let timer = this.#next(); timer !== undefined && timer.due <= target; timer = this.#next()) {
      this.#fire(timer);
      await flushMicrotasks();
    }
    this.#now = target;
  }

  /**
   * Moves the wall clock forward WITHOUT running timers, like a laptop that
   * slept: timers fire late, while `now()` already says the time has passed.
   */
  jump(ms: number): void {
    this.#now += Math.max(0, ms);
  }

  /** Jumps to the next timer and runs it (and any due at the same time); false when none is pending. */
  runNext(): boolean {
    const timer = this.#next();
    if (timer === undefined) return false;
    this.advance(timer.due - this.#now);
    return true;
  }

  #next(): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers) {
      if (next === undefined || timer.due < next.due || (timer.due === next.due && timer.id < next.id)) next = timer;
    }
    return next;
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t.id !== timer.id);
    this.#now = Math.max(this.#now, timer.due);
    timer.callback();
  }

  #queueAutoStep(): void {
    if (!this.#autoAdvance || this.#autoStepQueued || this.#timers.length === 0) return;
    this.#autoStepQueued = true;
    setImmediate(() => {
      this.#autoStepQueued = false;
      if (!this.#autoAdvance) return;
      const timer = this.#next();
      if (timer !== undefined) this.#fire(timer);
      this.#queueAutoStep();
    });
  }
}

/**
 * Time, injected. Every timer in the core goes through a Clock so tests can
 * drive token expiry, backoff and polling with a virtual clock instead of
 * waiting, and so a wall-clock jump (sleep/resume) can be simulated.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque timer handle; only the clock that made it can clear it. */
export interface TimerHandle {
  readonly timerHandleBrand: unique symbol;
}

/** The real clock. Timers are unref'd so a pending one never keeps Node alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref();
    return timer as unknown as TimerHandle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};

/**
 * Resolves after `delayMs` on `clock`; rejects with the signal's reason if
 * aborted first, so a logout can cut a backoff short.
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

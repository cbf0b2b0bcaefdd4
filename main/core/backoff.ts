/**
 * Exponential backoff with "full jitter" (AWS architecture blog): the delay is
 * uniform in [0, min(cap, base * 2^attempt)], which spreads retries from many
 * clients instead of synchronising them. `random` is injected for tests.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const random = policy.random ?? Math.random;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  // Never zero: a retry loop must always yield to the event loop and the server.
  return Math.max(policy.baseMs / 4, Math.round(random() * ceiling));
}

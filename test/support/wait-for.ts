/**
 * Waits (in real time, yielding to the event loop) until a condition holds.
 * For synchronising with real sockets; never a timing assertion: the limit
 * only turns a hang into a readable failure.
 */
export async function waitFor(condition: () => boolean, what = 'condition', limitMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`waitFor: ${what} never became true`);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}

/** Like waitFor, for conditions that must await something (reading a file, decrypting a blob). */
export async function waitForAsync(
  condition: () => Promise<boolean>,
  what = 'condition',
  limitMs = 10_000,
): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`waitFor: ${what} never became true`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

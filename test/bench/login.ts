/**
 * Login round trip on loopback, in real time: from the browser bringing the
 * authorization code back to Traytune's callback server until the core
 * emits its logged-in state. Covers the callback request, the code exchange
 * with the (fake) accounts service, encrypting and saving the tokens. The
 * clock starts as the browser sends the callback request, which on loopback
 * is within a fraction of a millisecond of the server receiving it.
 */
import { createHarness } from '../support/core-harness.ts';
import { percentile } from './metrics.ts';

/** Median of `rounds` logins (after one warm-up), in ms. */
export async function loginRoundTripMs(rounds: number): Promise<number> {
  const h = await createHarness();
  try {
    h.fake.setPlayback({ item: h.fake.fixtures.track({ name: 'Benchmark Song' }), isPlaying: true });
    await h.core.start();
    // An object, not a `let`: the listener sets it between awaits, which narrowing cannot see.
    const mark: { loggedInAt: number | null } = { loggedInAt: null };
    h.core.subscribe((state) => {
      if (state.screen === 'logged-in' && mark.loggedInAt === null) mark.loggedInAt = performance.now();
    });
    const times: number[] = [];
    for (let round = 0; round <= rounds; round += 1) {
      await h.core.login();
      const authorizeUrl = h.opened.at(-1);
      if (authorizeUrl === undefined) throw new Error('the core opened no authorize URL');
      const callback = await h.fake.consent(authorizeUrl, 'agree');
      mark.loggedInAt = null;
      const sentAt = performance.now();
      const response = await fetch(callback, { redirect: 'manual' });
      await response.text();
      await h.waitForScreen('logged-in');
      if (mark.loggedInAt === null) throw new Error('no logged-in state was emitted');
      if (round > 0) times.push(mark.loggedInAt - sentAt);
      await h.core.logout();
    }
    return percentile(times, 50) ?? Number.NaN;
  } finally {
    await h.close();
  }
}

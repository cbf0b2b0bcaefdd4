/**
 * Fault matrix, the login callback: a busy port, forged and replayed
 * callbacks, a refusal on Spotify, unknown parameters and two logins racing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { describe, expect, it } from 'vitest';

import { describeState, pendingCallback, verdict } from '../support/faults-harness.ts';
import { deadPort, faultCore, onCleanup } from './fault-setup.ts';

describe('login callback faults', () => {
  it('port in use at login: names the port, opens no browser', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    onCleanup(() => new Promise((resolve) => blocker.close(() => resolve())));
    const { port } = blocker.address() as AddressInfo;
    const h = await faultCore({ redirectUri: `http://127.0.0.1:${port}/callback` });
    await h.core.start();
    await h.core.login();
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('port-busy');
    expect(state.notice?.message).toContain(`Port ${port} is in use`);
    expect(h.opened).toEqual([]);
    await verdict(h, 'gone', describeState(state));
  });

  it('state mismatch: 400 Invalid state, the pending login still completes', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    const { redirect } = pendingCallback(h);
    const forged = await fetch(`${redirect.toString()}?code=attacker&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Invalid state');
    expect(h.core.state.screen).toBe('logging-in');
    expect((await h.consent('agree')).status).toBe(200);
    const state = await h.waitForScreen('logged-in');
    await verdict(h, 'kept', `forged callback 400, then ${describeState(state)}`);
  });

  it('replayed callback: the used state is refused, the login stays', async () => {
    const h = await faultCore({ redirectUri: `http://127.0.0.1:${await deadPort()}/callback` });
    await h.core.start();
    await h.core.login();
    const first = await h.consent('agree');
    expect(first.status).toBe(200);
    await h.waitForScreen('logged-in');
    // A new pending login reopens the same port: the replay reaches a live server.
    await h.core.login();
    const replay = await fetch(first.url);
    expect(replay.status).toBe(400);
    expect((await h.consent('agree')).status).toBe(200);
    const state = await h.waitForScreen('logged-in');
    await verdict(h, 'kept', `replay 400, ${describeState(state)}`);
  });

  it('access_denied on Spotify: logged out with the reason, nothing saved', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    const page = await h.consent('cancel');
    expect(page.body).toContain('You cancelled the login');
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-cancelled');
    await verdict(h, 'gone', describeState(state));
  });

  it('another error on the callback (server_error): login fails with a 400 page', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    const { redirect, state: loginState } = pendingCallback(h);
    redirect.search = new URLSearchParams({ error: 'server_error', state: loginState }).toString();
    const page = await fetch(redirect);
    expect(page.status).toBe(400);
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('login-failed');
    await verdict(h, 'gone', `${describeState(state)}, callback page ${page.status}`);
  });

  it('unknown extra query parameters on the callback: accepted and ignored', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    const back = await h.fake.consent(
      new URL(
        `${new URL(h.opened[0] ?? '').pathname}${new URL(h.opened[0] ?? '').search}`,
        h.fake.accountsUrl,
      ).toString(),
      'agree',
    );
    back.searchParams.append('utm_source', 'mail');
    back.searchParams.append('iss_hint', 'x y');
    back.searchParams.append('', 'empty-key');
    back.searchParams.append('ünïcødé', '✓');
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Logged in');
    const state = await h.waitForScreen('logged-in');
    await verdict(h, 'kept', `4 extra parameters ignored, ${describeState(state)}`);
  });

  it('two logins at once: one server, only the newest state works', async () => {
    const h = await faultCore({ redirectUri: `http://127.0.0.1:${await deadPort()}/callback` });
    await h.core.start();
    await Promise.all([h.core.login(), h.core.login()]);
    expect(h.opened.length).toBeGreaterThanOrEqual(1);
    const newest = h.opened.at(-1) ?? '';
    const stale = h.opened.length > 1 ? await h.consent('agree', h.opened[0]) : null;
    if (stale !== null) expect(stale.status).toBe(400);
    expect(h.core.state.screen).toBe('logging-in');
    expect((await h.consent('agree', newest)).status).toBe(200);
    const state = await h.waitForScreen('logged-in');
    await verdict(
      h,
      'kept',
      `${h.opened.length} authorize URLs, stale one ${stale?.status ?? 'never opened'}, ${describeState(state)}`,
    );
  });
});

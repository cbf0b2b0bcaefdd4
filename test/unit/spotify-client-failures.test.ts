import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ProblemKind } from '../../main/core/problems.ts';
import { SpotifyClient } from '../../main/core/spotify/client.ts';
import type { ApiResponse } from '../../main/core/spotify/client.ts';
import { problemFrom } from '../support/problems.ts';
import { closedPort } from '../support/scripted-http-server.ts';
import { startClientHarness } from '../support/spotify-client-harness.ts';
import type { ClientHarness } from '../support/spotify-client-harness.ts';

/** Exposes `send` for a command, to check the retry policy of non-idempotent calls. */
class CommandClient extends SpotifyClient {
  skip(): Promise<ApiResponse> {
    return this.send('POST', '/me/player/next');
  }
}

const ME = { id: 'alice', display_name: 'Alice' };

let h: ClientHarness;

beforeEach(async () => {
  h = await startClientHarness();
});

afterEach(async () => {
  await h.close();
});

describe('SpotifyClient: server and network failures', () => {
  it('backs off on 5xx and succeeds', async () => {
    h.server.reply({ status: 503, body: 'Service Unavailable' }, { status: 502, body: '' }, { status: 200, body: ME });
    expect((await h.client().getMe()).id).toBe('alice');
    expect(h.server.requests.map((r) => r.at - h.start)).toEqual([0, 500, 1500]);
    expect(h.retries).toEqual([
      { kind: 'server-error', retryInS: 0.5, attempt: 1 },
      { kind: 'server-error', retryInS: 1, attempt: 2 },
    ]);
  });

  it('throws server-error when the retries run out', async () => {
    h.server.reply(...Array.from({ length: 4 }, () => ({ status: 500, body: { error: { status: 500 } } })));
    const problem = await problemFrom(h.client().getMe(), 'server-error');
    expect(problem.status).toBe(500);
    expect(h.server.requests).toHaveLength(4);
    expect(h.retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('reports offline when the connection is refused', async () => {
    const port = await closedPort();
    const api = h.client({ apiBaseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 2 });
    await problemFrom(api.getMe(), 'offline');
    expect(h.retries.map((r) => r.kind)).toEqual(['offline', 'offline']);
  });

  it('retries a GET whose connection was reset', async () => {
    h.server.reply({ status: 200, destroy: true }, { status: 200, body: ME });
    expect((await h.client().getMe()).id).toBe('alice');
    expect(h.retries.map((r) => r.kind)).toEqual(['offline']);
  });

  it('reports timeout when the server is too slow', async () => {
    h.server.reply({ status: 200, body: ME, delayMs: 5_000 }, { status: 200, body: ME, delayMs: 5_000 });
    await problemFrom(h.client({ timeoutMs: 100, maxRetries: 1 }).getMe(), 'timeout');
    expect(h.server.requests).toHaveLength(2);
    expect(h.retries.map((r) => r.kind)).toEqual(['timeout']);
  });

  it('does not repeat a POST that may have reached Spotify', async () => {
    h.server.reply({ status: 503 }, { status: 200, destroy: true });
    const api = new CommandClient(h.options());
    await problemFrom(api.skip(), 'server-error');
    await problemFrom(api.skip(), 'offline');
    expect(h.server.requests).toHaveLength(2);
    expect(h.retries).toEqual([]);
  });

  it('does retry a POST that never left', async () => {
    const port = await closedPort();
    const api = new CommandClient(h.options({ apiBaseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }));
    await problemFrom(api.skip(), 'offline');
    expect(h.retries.map((r) => r.kind)).toEqual(['offline']);
  });
});

describe('SpotifyClient: 403, 404 and odd bodies', () => {
  const cases: { name: string; status: number; body: unknown; kind: ProblemKind }[] = [
    {
      name: 'plain-text 403 for a user missing from the allow-list',
      status: 403,
      body: 'User not registered in the Developer Dashboard',
      kind: 'user-not-registered',
    },
    {
      name: 'plain-text 403 for an owner without Premium',
      status: 403,
      body: 'Active premium subscription required for the owner of the app.',
      kind: 'owner-needs-premium',
    },
    {
      name: 'JSON 403 PREMIUM_REQUIRED',
      status: 403,
      body: { error: { status: 403, message: 'Player command failed', reason: 'PREMIUM_REQUIRED' } },
      kind: 'premium-required',
    },
    {
      // The JSON message is never matched, however familiar its wording.
      name: 'JSON 403 whose message looks like a dev-mode text',
      status: 403,
      body: { error: { status: 403, message: 'User not registered in the Developer Dashboard' } },
      kind: 'forbidden',
    },
    { name: 'empty 403', status: 403, body: '', kind: 'forbidden' },
    {
      name: '404 NO_ACTIVE_DEVICE',
      status: 404,
      body: { error: { status: 404, message: 'Player command failed', reason: 'NO_ACTIVE_DEVICE' } },
      kind: 'no-active-device',
    },
    { name: 'HTML 404', status: 404, body: '<html><body>Not found</body></html>', kind: 'unexpected' },
    { name: 'truncated JSON 400', status: 400, body: '{"error": {"status": 4', kind: 'unexpected' },
  ];

  for (const { name, status, body, kind } of cases) {
    it(`maps ${name} to ${kind}`, async () => {
      h.server.reply({ status, body });
      const problem = await problemFrom(h.client().getCurrentlyPlaying(), kind);
      expect(problem.status).toBe(status);
      expect(h.server.requests).toHaveLength(1);
    });
  }

  it('reports a garbled 200 body as unexpected', async () => {
    h.server.reply({ status: 200, body: '{"is_playing": tru', headers: { 'content-type': 'application/json' } });
    await problemFrom(h.client().getCurrentlyPlaying(), 'unexpected');
  });

  it('reports a profile without an id as unexpected', async () => {
    h.server.reply({ status: 200, body: { display_name: 'x' } });
    await problemFrom(h.client().getMe(), 'unexpected');
  });
});

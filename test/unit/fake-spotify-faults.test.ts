// The fake Spotify's fault injection, shutdown and command line, over real
// HTTP and a real child process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeSpotify } from '../fake-spotify/index.ts';
import {
  fakeSpotifyHelpers,
  pkcePair,
  PUBLIC_ID,
  REDIRECT,
  START_MS,
  startTestFake,
} from '../support/fake-spotify-helpers.ts';

let clock = 0;
let fake: FakeSpotify;

beforeEach(async () => {
  clock = START_MS;
  fake = await startTestFake(() => clock);
});

afterEach(async () => {
  await fake.close();
});

const { api, tokenFor, tokenRequest } = fakeSpotifyHelpers(() => fake);

describe('faults', () => {
  it('answers 429 with Retry-After and reason, for `times` requests only', async () => {
    const token = tokenFor();
    const fault = fake.inject({ path: '/v1/me', status: 429, retryAfterS: 7, reason: 'QUOTA_EXCEEDED', times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api('/me', token);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toEqual({
        error: { status: 429, message: 'API rate limit exceeded', reason: 'QUOTA_EXCEEDED' },
      });
    }
    expect(fault.remaining).toBe(0);
    expect((await api('/me', token)).status).toBe(200);
  });

  it.each([500, 502, 503] as const)('answers %i with a JSON error', async (status) => {
    fake.inject({ method: 'POST', path: /^\/api\/token$/, status });
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: PUBLIC_ID });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { status } });
  });

  it.each([
    ['user-not-registered', 'User not registered in the Developer Dashboard'],
    ['owner-needs-premium', 'Active premium subscription required for the owner of the app'],
  ] as const)('answers the plain-text 403 %s', async (kind, text) => {
    fake.inject({ method: 'GET', plainText403: kind });
    const res = await api('/me', tokenFor());
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(text);
  });

  it('delays a response, then answers normally', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me/library', delayMs: 300 });
    const order: string[] = [];
    const started = performance.now();
    const slow = api('/me/library/contains?uris=spotify:track:a', token).then((r) => order.push(`slow ${r.status}`));
    await api('/me', token).then((r) => order.push(`fast ${r.status}`));
    await slow;
    expect(order).toEqual(['fast 200', 'slow 200']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hits only requests matching its method and path', async () => {
    const token = tokenFor();
    const byMethod = fake.inject({ method: 'PUT', path: '/v1/me', status: 500 });
    const byRegExp = fake.inject({ path: /^\/v1\/me\/player$/, status: 502 });
    expect((await api('/me', token)).status).toBe(200);
    expect((await api('/me/player/currently-playing', token)).status).toBe(204);
    expect([byMethod.remaining, byRegExp.remaining]).toEqual([1, 1]);
    expect((await api('/me/library?uris=spotify:track:a', token, { method: 'PUT' })).status).toBe(500);
    expect((await api('/me/player', token)).status).toBe(502);
    expect([byMethod.remaining, byRegExp.remaining]).toEqual([0, 0]);
  });

  it('resets the connection without an answer, and clearFaults removes rules', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me', reset: true });
    await expect(api('/me', token)).rejects.toThrow();
    fake.inject({ path: '/v1', status: 503, times: Infinity });
    expect((await api('/me', token)).status).toBe(503);
    expect((await fetch(`${fake.accountsUrl}/authorize?client_id=nope`)).status).toBe(400);
    fake.clearFaults();
    expect((await api('/me', token)).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('closes promptly with a keep-alive connection open', async () => {
    const token = tokenFor();
    fake.inject({ path: '/v1/me', delayMs: 60_000 });
    const hanging = api('/me', token).catch((error: unknown) => error);
    await api('/me/library/contains?uris=spotify:track:a', token);
    await fake.close();
    expect(await hanging).toBeInstanceOf(Error);
    await expect(api('/me', token)).rejects.toThrow();
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../fake-spotify/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, '--port', '0', '--client-id', 'cli', '--redirect-uri', REDIRECT], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const urls = JSON.parse(line.toString()) as { accountsUrl: string; apiUrl: string };
      expect(urls.apiUrl).toBe(`${urls.accountsUrl}/v1`);
      expect(urls.accountsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { verifier, challenge } = pkcePair();
      const query = new URLSearchParams({
        client_id: 'cli',
        response_type: 'code',
        redirect_uri: REDIRECT,
        code_challenge_method: 'S256',
        code_challenge: challenge,
        scope: 'user-read-currently-playing',
      });
      const page = await (await fetch(`${urls.accountsUrl}/authorize?${query.toString()}`)).text();
      const pending = /name="pending" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const decided = await fetch(`${urls.accountsUrl}/authorize/decision`, {
        method: 'POST',
        body: new URLSearchParams({ pending, decision: 'agree' }),
        redirect: 'manual',
      });
      const code = new URL(decided.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const tokens = (await (
        await fetch(`${urls.accountsUrl}/api/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT,
            client_id: 'cli',
            code_verifier: verifier,
          }),
        })
      ).json()) as { access_token: string };
      const playing = await fetch(`${urls.apiUrl}/me/player/currently-playing`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(await playing.json()).toMatchObject({ is_playing: true, item: { type: 'track' } });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { TraytuneProblem } from '../../main/core/problems.ts';
import { closedPort } from '../support/scripted-http-server.ts';
import { problemFrom } from '../support/problems.ts';
import { startClientHarness } from '../support/spotify-client-harness.ts';
import type { ClientHarness } from '../support/spotify-client-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ME = {
  id: 'alice',
  display_name: 'Alice',
  images: [
    { url: 'https://i.example/640', width: 640, height: 640 },
    { url: 'https://i.example/300', width: 300, height: 300 },
    { url: 'https://i.example/64', width: 64, height: 64 },
  ],
  external_urls: { spotify: 'https://open.spotify.com/user/alice' },
};
const PLAYING = {
  timestamp: 1,
  progress_ms: 1000,
  is_playing: true,
  currently_playing_type: 'track',
  item: { type: 'track', id: 't1', name: 'Song', artists: [], album: { name: 'A' }, duration_ms: 1, uri: 'u' },
  actions: { disallows: { resuming: true } },
};

let h: ClientHarness;

beforeEach(async () => {
  h = await startClientHarness();
});

afterEach(async () => {
  await h.close();
});

describe('SpotifyClient: successful answers', () => {
  it('reads the profile and sends the bearer token', async () => {
    h.server.reply({ status: 200, body: ME });
    const me = await h.client().getMe();
    expect(me).toEqual({
      id: 'alice',
      displayName: 'Alice',
      avatarUrl: 'https://i.example/64',
      profileUrl: 'https://open.spotify.com/user/alice',
    });
    expect(h.server.requests[0]?.url).toBe('/v1/me');
    expect(h.server.requests[0]?.headers.authorization).toBe(`Bearer ${h.tokens.current}`);
  });

  it('falls back to the id without a display name and to null without images or links', async () => {
    h.server.reply({ status: 200, body: { id: 'bob', display_name: null, images: [] } });
    expect(await h.client().getMe()).toEqual({ id: 'bob', displayName: 'bob', avatarUrl: null, profileUrl: null });
  });

  it('picks the first avatar when none is 64 px or more', async () => {
    const images = [
      { url: 'https://i.example/a', width: null, height: null },
      { url: 'https://i.example/b', width: 32, height: 32 },
    ];
    h.server.reply({ status: 200, body: { id: 'c', images } });
    expect((await h.client().getMe()).avatarUrl).toBe('https://i.example/a');
  });

  it('asks currently-playing for tracks and episodes and returns the body', async () => {
    h.server.reply({ status: 200, body: PLAYING });
    expect(await h.client().getCurrentlyPlaying()).toEqual(PLAYING);
    const url = new URL(h.server.requests[0]?.url ?? '', h.server.origin);
    expect(url.pathname).toBe('/v1/me/player/currently-playing');
    expect(url.searchParams.get('additional_types')).toBe('track,episode');
  });

  it('returns null for 204 on currently-playing and on the playback state', async () => {
    h.server.reply({ status: 204 }, { status: 204 });
    const api = h.client();
    expect(await api.getCurrentlyPlaying()).toBeNull();
    expect(await api.getPlaybackState()).toBeNull();
    expect(new URL(h.server.requests[1]?.url ?? '', h.server.origin).pathname).toBe('/v1/me/player');
  });

  it('returns the playback state with its device', async () => {
    const state = { ...PLAYING, device: { id: 'd', name: 'Desk', type: 'Computer', is_active: true } };
    h.server.reply({ status: 200, body: state });
    expect(await h.client().getPlaybackState()).toEqual(state);
  });

  it('treats a 200 with an empty body as nothing playing', async () => {
    h.server.reply({ status: 200, body: '' });
    expect(await h.client().getCurrentlyPlaying()).toBeNull();
  });
});

describe('SpotifyClient: 401', () => {
  it('renews the token once and retries with the new one', async () => {
    const first = h.tokens.current;
    h.server.reply({ status: 401, body: { error: { status: 401, message: 'The access token expired' } } });
    h.server.reply({ status: 200, body: ME });
    expect((await h.client().getMe()).id).toBe('alice');
    expect(h.tokens.rejected).toEqual([first]);
    expect(h.server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${first}`,
      `Bearer ${h.tokens.current}`,
    ]);
    expect(first).not.toBe(h.tokens.current);
  });

  it('reports login-lost after a second 401, with exactly one renewal', async () => {
    h.server.reply({ status: 401, body: '' }, { status: 401, body: '' });
    await problemFrom(h.client().getMe(), 'login-lost');
    expect(h.tokens.renewals).toBe(1);
    expect(h.server.requests).toHaveLength(2);
  });

  it('passes on the token source own problems without sending anything', async () => {
    h.tokens.failure = new TraytuneProblem('not-logged-in', 'no login');
    await problemFrom(h.client().getMe(), 'not-logged-in');
    expect(h.server.requests).toHaveLength(0);
  });
});

describe('SpotifyClient: 429 and the rate-limit gate', () => {
  it('waits Retry-After on the clock before retrying', async () => {
    h.server.reply({ status: 429, headers: { 'retry-after': '3' }, body: { error: { status: 429 } } });
    h.server.reply({ status: 200, body: ME });
    expect((await h.client().getMe()).id).toBe('alice');
    expect(h.server.requests.map((r) => r.at - h.start)).toEqual([0, 3000]);
    expect(h.retries).toEqual([{ kind: 'rate-limited', retryInS: 3, attempt: 1 }]);
  });

  it('holds every other call until Retry-After has passed', async () => {
    h.clock.setAutoAdvance(false);
    h.server.reply({ status: 429, headers: { 'retry-after': '3' } }, { status: 200, body: ME }, { status: 204 });
    const api = h.client();
    const me = api.getMe();
    await waitFor(() => h.clock.pendingTimers === 1, 'the first call waiting at the gate');
    const state = api.getPlaybackState();
    await waitFor(() => h.clock.pendingTimers === 2, 'the second call waiting at the gate');

    h.clock.advance(2999);
    expect(h.clock.pendingTimers).toBe(2);
    expect(h.server.requests).toHaveLength(1);

    h.clock.advance(1);
    expect(await state).toBeNull();
    expect((await me).id).toBe('alice');
    expect(h.server.requests).toHaveLength(3);
    for (const request of h.server.requests.slice(1)) expect(request.at - h.start).toBeGreaterThanOrEqual(3000);
  });

  it('throws rate-limited for a long Retry-After and refuses other calls until it has passed', async () => {
    h.server.reply({ status: 429, headers: { 'retry-after': '30' } }, { status: 204 });
    const api = h.client({ maxInlineRetryAfterS: 10 });
    const first = await problemFrom(api.getMe(), 'rate-limited');
    expect(first.retryAfterS).toBe(30);
    const second = await problemFrom(api.getPlaybackState(), 'rate-limited');
    expect(second.retryAfterS).toBe(30);
    expect(h.server.requests).toHaveLength(1);
    expect(h.retries).toEqual([]);

    h.clock.advance(30_000);
    expect(await api.getPlaybackState()).toBeNull();
    expect(h.server.requests[1]?.at).toBe(h.start + 30_000);
  });

  it('throws quota-exceeded at once, without retrying, and keeps refusing', async () => {
    h.server.reply({
      status: 429,
      headers: { 'retry-after': '5' },
      body: { error: { status: 429, message: 'Quota exceeded', reason: 'QUOTA_EXCEEDED' } },
    });
    const api = h.client();
    const problem = await problemFrom(api.getCurrentlyPlaying(), 'quota-exceeded');
    expect(problem.retryAfterS).toBe(5);
    expect(problem.reason).toBe('QUOTA_EXCEEDED');
    await problemFrom(api.getMe(), 'quota-exceeded');
    expect(h.server.requests).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it('waits one second when Retry-After is missing or garbage', async () => {
    h.server.reply({ status: 429 }, { status: 429, headers: { 'retry-after': 'soon' } }, { status: 204 });
    expect(await h.client().getCurrentlyPlaying()).toBeNull();
    expect(h.server.requests.map((r) => r.at - h.start)).toEqual([0, 1000, 2000]);
  });

  it('gives up with rate-limited when 429s outlast the retries', async () => {
    h.server.reply(...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'retry-after': '1' } })));
    const problem = await problemFrom(h.client({ maxRetries: 2 }).getMe(), 'rate-limited');
    expect(problem.retryAfterS).toBe(1);
    expect(h.server.requests).toHaveLength(3);
  });
});

describe('SpotifyClient: secrets', () => {
  it('never puts a token in an error or a log line', async () => {
    h.server.reply({ status: 401 }, { status: 401 });
    const lost = await problemFrom(h.client().getMe(), 'login-lost');
    h.server.reply(...Array.from({ length: 4 }, () => ({ status: 500, body: 'oops' })));
    const failed = await problemFrom(h.client().getMe(), 'server-error');
    const port = await closedPort();
    const offline = await problemFrom(h.client({ apiBaseUrl: `http://127.0.0.1:${port}/v1` }).getMe(), 'offline');

    expect(h.logger.lines.length).toBeGreaterThan(0);
    const everything = [
      h.logger.text(),
      ...[lost, failed, offline].flatMap((e) => [e.message, JSON.stringify(e), String(e.cause)]),
    ];
    for (const token of h.tokens.issued) {
      expect(h.server.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      for (const text of everything) expect(text).not.toContain(token);
    }
  });
});

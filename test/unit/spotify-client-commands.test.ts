/**
 * The player and library calls of SpotifyClient against the fake Spotify
 * over real HTTP: the exact request each one sends (method, path, query,
 * token), 204 and empty answers, and the problems PREMIUM_REQUIRED and
 * NO_ACTIVE_DEVICE become.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AccessTokenSource } from '../../main/core/auth/token-source.ts';
import { systemClock } from '../../main/core/clock.ts';
import { SCOPES } from '../../main/core/config/config.ts';
import { silentLogger } from '../../main/core/log.ts';
import { SpotifyClient } from '../../main/core/spotify/client.ts';
import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/index.ts';
import { CLIENT_ID, REDIRECT_URI } from '../support/core-harness.ts';

let fake: FakeSpotify;
let client: SpotifyClient;
let token: string;
const dispatcher = createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' });

beforeEach(async () => {
  fake = await startFakeSpotify();
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], name: 'client test' });
  token = fake.issueTokens({ clientId: CLIENT_ID, scopes: SCOPES }).accessToken;
  const tokens: AccessTokenSource = {
    getAccessToken: async () => token,
    renewAfterRejection: async () => token,
  };
  client = new SpotifyClient({
    apiBaseUrl: fake.apiUrl,
    dispatcher,
    tokens,
    clock: systemClock,
    logger: silentLogger,
    maxRetries: 0,
  });
  fake.setPlayback({ item: fake.fixtures.track({ name: 'Now' }), isPlaying: true, progressMs: 60_000 });
  fake.setQueue([fake.fixtures.track({ name: 'Later' })]);
  fake.clearRequests();
});

afterEach(async () => {
  await fake.close();
});

const last = () => fake.requests.at(-1);

describe('SpotifyClient player commands', () => {
  it('pauses and plays with PUT, answered 204, changing what the fake plays', async () => {
    await expect(client.pause()).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'PUT', path: '/v1/me/player/pause', query: {}, token });
    expect(fake.playback()?.isPlaying).toBe(false);
    await client.play();
    expect(last()).toMatchObject({ method: 'PUT', path: '/v1/me/player/play', query: {}, token });
    expect(fake.playback()?.isPlaying).toBe(true);
  });

  it('skips with POST next and previous', async () => {
    await client.next();
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/me/player/next', query: {}, token });
    expect(fake.playback()?.item?.name).toBe('Later');
    await client.previous();
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/me/player/previous', query: {}, token });
    expect(fake.playback()?.item?.name).toBe('Now');
    expect(fake.requests).toHaveLength(2);
  });

  it('turns 403 PREMIUM_REQUIRED and 404 NO_ACTIVE_DEVICE into their problems', async () => {
    fake.setPremium(false);
    await expect(client.pause()).rejects.toMatchObject({ kind: 'premium-required', status: 403 });
    fake.setPremium(true);
    fake.setPlayback({ item: fake.fixtures.track(), device: null });
    await expect(client.next()).rejects.toMatchObject({ kind: 'no-active-device', status: 404 });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('SpotifyClient library calls', () => {
  it('saves, checks and removes with /me/library?uris=…', async () => {
    const uri = 'spotify:track:4uLU6hMCjMI75M1A2tKUQC';
    expect(await client.libraryContains(uri)).toBe(false);
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/me/library/contains', query: { uris: uri }, token });

    await client.saveToLibrary(uri);
    expect(last()).toMatchObject({ method: 'PUT', path: '/v1/me/library', query: { uris: uri }, token });
    expect(fake.savedUris()).toEqual([uri]);
    expect(await client.libraryContains(uri)).toBe(true);

    await client.removeFromLibrary(uri);
    expect(last()).toMatchObject({ method: 'DELETE', path: '/v1/me/library', query: { uris: uri }, token });
    expect(fake.savedUris()).toEqual([]);
  });
});

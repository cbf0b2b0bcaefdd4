// The fake Spotify's Web API over real HTTP: token checks, scopes, profile,
// playback, player controls and the library. If it drifts from the platform
// facts, every integration test built on it would pass for the wrong reasons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeSpotify } from '../fake-spotify/index.ts';
import { fakeSpotifyHelpers, PUBLIC_ID, START_MS, startTestFake } from '../support/fake-spotify-helpers.ts';

let clock = 0;
let fake: FakeSpotify;

beforeEach(async () => {
  clock = START_MS;
  fake = await startTestFake(() => clock);
});

afterEach(async () => {
  await fake.close();
});

const { api, tokenFor } = fakeSpotifyHelpers(() => fake);

describe('web API auth', () => {
  it('answers 401 after expireAccessTokens, after the lifetime, and without a token', async () => {
    const token = tokenFor();
    expect((await api('/me', token)).status).toBe(200);
    fake.expireAccessTokens();
    const res = await api('/me', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { status: 401, message: 'The access token expired' } });

    fake.setAccessTokenLifetime(60);
    const short = fake.issueTokens({ clientId: PUBLIC_ID, scopes: [] });
    expect(short.expiresIn).toBe(60);
    clock += 59_999;
    expect((await api('/me', short.accessToken)).status).toBe(200);
    clock += 1;
    expect((await api('/me', short.accessToken)).status).toBe(401);
    expect((await fetch(`${fake.apiUrl}/me`)).status).toBe(401);
  });

  it('enforces scopes with a 403', async () => {
    const token = tokenFor(['user-read-playback-state']);
    fake.setPlayback({ item: fake.fixtures.track() });
    const res = await api('/me/player/currently-playing', token);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
    expect((await api('/me/player', token)).status).toBe(200);
    expect((await api('/me/library?uris=spotify:track:abc', token, { method: 'PUT' })).status).toBe(403);
    expect((await api('/me/library/contains?uris=spotify:track:abc', token)).status).toBe(403);
    expect((await api('/me/player/pause', token, { method: 'PUT' })).status).toBe(403);
  });

  it('logs each request with the token it carried', async () => {
    const token = tokenFor();
    fake.clearRequests();
    await api('/me/library/contains?uris=spotify:track:abc', token);
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: '/v1/me/library/contains',
        query: { uris: 'spotify:track:abc' },
        authorization: 'bearer',
        token,
        at: clock,
      },
    ]);
  });
});

describe('profile and playback', () => {
  it('serves a development-mode profile without product, email or country', async () => {
    fake.setUser({ id: 'listener1', displayName: null });
    const me = (await (await api('/me', tokenFor([]))).json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      id: 'listener1',
      account_id: expect.any(String),
      display_name: null,
      type: 'user',
      uri: 'spotify:user:listener1',
      external_urls: { spotify: expect.stringContaining('listener1') },
      images: [
        expect.objectContaining({ url: expect.stringContaining(fake.accountsUrl), width: 300, height: 300 }),
        expect.anything(),
      ],
    });
    expect(me).not.toHaveProperty('product');
    expect(me).not.toHaveProperty('email');
    expect(me).not.toHaveProperty('country');
    const image = await fetch((me['images'] as { url: string }[])[0]?.url ?? '');
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers 204 with nothing scripted and 200 with a track whose progress follows the clock', async () => {
    const token = tokenFor();
    const res204 = await api('/me/player/currently-playing?additional_types=track,episode', token);
    expect(res204.status).toBe(204);
    expect(await res204.text()).toBe('');
    expect((await api('/me/player', token)).status).toBe(204);

    const track = fake.fixtures.track({ name: 'Song', artists: ['A', 'B'], durationMs: 100_000 });
    fake.setPlayback({ item: track, progressMs: 10_000 });
    clock += 5000;
    const res = await api('/me/player/currently-playing?additional_types=track,episode', token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      timestamp: clock - 5000,
      context: null,
      progress_ms: 15_000,
      item: track,
      currently_playing_type: 'track',
      actions: { disallows: { resuming: true } },
      is_playing: true,
    });
    expect(track).toMatchObject({
      artists: [{ name: 'A' }, { name: 'B' }],
      album: { images: [{ width: 640 }, { width: 300 }, { width: 64 }] },
      uri: `spotify:track:${track.id}`,
      external_urls: { spotify: expect.any(String) },
      is_local: false,
    });
    clock += 1_000_000;
    expect(fake.playback()?.progressMs).toBe(100_000);
    fake.pause();
    clock += 5000;
    expect(fake.playback()).toMatchObject({ isPlaying: false, progressMs: 100_000 });
  });

  it('hides an episode from clients that did not ask for episodes', async () => {
    const token = tokenFor();
    const episode = fake.fixtures.episode({ show: 'Pod' });
    fake.setPlayback({ item: episode });
    const hidden = (await (await api('/me/player/currently-playing', token)).json()) as Record<string, unknown>;
    expect(hidden).toMatchObject({ item: null, currently_playing_type: 'episode', is_playing: true });
    const shown = (await (await api('/me/player?additional_types=track,episode', token)).json()) as Record<
      string,
      unknown
    >;
    expect(shown['item']).toEqual(episode);
    expect(shown).toMatchObject({
      device: { is_active: true, volume_percent: 60 },
      shuffle_state: false,
      repeat_state: 'off',
    });
  });

  it('answers 204 from the player endpoints when no device is active', async () => {
    fake.setPlayback({ item: fake.fixtures.track(), device: null });
    expect((await api('/me/player', tokenFor())).status).toBe(204);
    expect((await api('/me/player/currently-playing', tokenFor())).status).toBe(204);
  });
});

describe('player controls', () => {
  it('pause, play, next and previous change the scripted state', async () => {
    const token = tokenFor();
    const [first, second] = [fake.fixtures.track({ name: 'One' }), fake.fixtures.track({ name: 'Two' })];
    fake.setPlayback({ item: first, progressMs: 50_000 });
    fake.setQueue([second]);
    expect((await api('/me/player/pause', token, { method: 'PUT' })).status).toBe(204);
    expect(fake.playback()?.isPlaying).toBe(false);
    const again = await api('/me/player/pause', token, { method: 'PUT' });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error: { reason: 'UNKNOWN' } });
    expect((await api('/me/player/play', token, { method: 'PUT' })).status).toBe(204);
    expect(fake.playback()).toMatchObject({ isPlaying: true, progressMs: 50_000 });
    expect((await api('/me/player/play', token, { method: 'PUT' })).status).toBe(403);
    const startAt = await api('/me/player/play', token, { method: 'PUT', body: JSON.stringify({ position_ms: 1000 }) });
    expect(startAt.status).toBe(204);
    expect(fake.playback()?.progressMs).toBe(1000);
    expect((await api('/me/player/next', token, { method: 'POST' })).status).toBe(204);
    expect(fake.playback()).toMatchObject({ item: { name: 'Two' }, progressMs: 0, queue: [] });
    expect((await api('/me/player/previous', token, { method: 'POST' })).status).toBe(204);
    expect(fake.playback()?.item).toEqual(first);
    fake.nextTrack();
    fake.nextTrack();
    expect(fake.playback()?.item?.name).toBe('Autoplay Track');
  });

  it('answers 403 PREMIUM_REQUIRED without Premium and 404 NO_ACTIVE_DEVICE without a device', async () => {
    const token = tokenFor();
    fake.setPlayback({ item: fake.fixtures.track() });
    fake.setPremium(false);
    const premium = await api('/me/player/next', token, { method: 'POST' });
    expect(premium.status).toBe(403);
    expect(await premium.json()).toEqual({
      error: { status: 403, message: 'Player command failed: Premium required', reason: 'PREMIUM_REQUIRED' },
    });
    fake.setPremium(true);
    fake.setPlayback({ item: fake.fixtures.track(), device: null });
    const device = await api('/me/player/pause', token, { method: 'PUT' });
    expect(device.status).toBe(404);
    expect(await device.json()).toMatchObject({ error: { status: 404, reason: 'NO_ACTIVE_DEVICE' } });
  });
});

describe('library', () => {
  it('saves, checks and removes items', async () => {
    const token = tokenFor();
    const uris = 'spotify:track:aaa,spotify:track:bbb';
    const contains = async (): Promise<unknown> => (await api(`/me/library/contains?uris=${uris}`, token)).json();
    expect(await contains()).toEqual([false, false]);
    expect((await api('/me/library?uris=spotify:track:bbb', token, { method: 'PUT' })).status).toBe(200);
    expect(await contains()).toEqual([false, true]);
    expect(fake.savedUris()).toEqual(['spotify:track:bbb']);
    expect((await api('/me/library?uris=spotify:track:bbb', token, { method: 'DELETE' })).status).toBe(200);
    expect(await contains()).toEqual([false, false]);
    expect((await api('/me/library?uris=not-a-uri', token, { method: 'PUT' })).status).toBe(400);
    expect((await api('/me/library/contains', token)).status).toBe(400);
  });
});

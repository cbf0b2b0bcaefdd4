/**
 * The demo's Web API: the profile, the two playback reads, the player
 * commands and the library calls Traytune uses,
 * in Spotify's JSON shapes (typed with the core's own response types, so the
 * demo cannot drift from what the core reads). Links point back at the demo
 * server, which explains that the tracks are made up.
 */
import type { ServerResponse } from 'node:http';

import type {
  SpotifyCurrentlyPlaying,
  SpotifyPlaybackState,
  SpotifyTrack,
  SpotifyUserProfile,
} from '../core/spotify/types.ts';
import { avatarUrl, coverArtUrl, DEMO_USER, type DemoTrack } from './catalog.ts';
import { sendJson } from './http.ts';
import type { DemoPlayer } from './player.ts';

/** Where the demo's "Open in Spotify" links go, on the demo server itself. */
export const OPEN_PATH = '/open/';

function apiError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { status, message } });
}

/** A request below `/v1`. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'cache-control': 'no-store' });
  res.end();
}

function track(origin: string, item: DemoTrack): SpotifyTrack {
  const art = coverArtUrl(item);
  return {
    type: 'track',
    id: item.id,
    name: item.title,
    artists: item.artists.map((name, n) => ({ id: `${item.id.slice(0, 18)}art${n}`, name })),
    album: {
      id: `${item.id.slice(0, 18)}alb0`,
      name: item.album,
      images: [640, 300, 64].map((size) => ({ url: art, width: size, height: size })),
    },
    duration_ms: item.durationMs,
    uri: `spotify:track:${item.id}`,
    external_urls: { spotify: `${origin}${OPEN_PATH}track/${item.id}` },
    is_local: false,
  };
}

function currentlyPlaying(origin: string, player: DemoPlayer): SpotifyCurrentlyPlaying {
  const now = player.current();
  return {
    timestamp: now.startedAt,
    context: null,
    progress_ms: now.progressMs,
    item: track(origin, now.track),
    currently_playing_type: 'track',
    // As Spotify does: what is already happening is disallowed.
    actions: { disallows: now.isPlaying ? { resuming: true } : { pausing: true } },
    is_playing: now.isPlaying,
  };
}

export function profile(origin: string): SpotifyUserProfile {
  return {
    id: DEMO_USER.id,
    display_name: DEMO_USER.displayName,
    images: [{ url: avatarUrl(), width: 64, height: 64 }],
    external_urls: { spotify: `${origin}${OPEN_PATH}user/${DEMO_USER.id}` },
    uri: `spotify:user:${DEMO_USER.id}`,
  };
}

/**
 * Answers a request below `/v1`. `authorized` is whether the bearer token
 * is one the demo issued and still valid.
 */
export function handleApi(
  origin: string,
  player: DemoPlayer,
  call: ApiCall,
  authorized: boolean,
  res: ServerResponse,
): void {
  const { method, path } = call;
  if (!authorized) return apiError(res, 401, 'Invalid access token');
  if (path.startsWith('/me/player/') && method !== 'GET') return command(player, call, res);
  if (path.startsWith('/me/library')) return library(player, call, res);
  if (method !== 'GET') return apiError(res, 405, 'Method not allowed');
  if (path === '/me') return sendJson(res, 200, profile(origin));
  if (path === '/me/player/currently-playing') return sendJson(res, 200, currentlyPlaying(origin, player));
  if (path === '/me/player') {
    const state: SpotifyPlaybackState = {
      ...currentlyPlaying(origin, player),
      device: { id: 'traytunedemodevice', name: 'Demo Speaker', type: 'Computer', is_active: true, volume_percent: 70 },
      shuffle_state: false,
      repeat_state: 'context',
    };
    return sendJson(res, 200, state);
  }
  apiError(res, 404, 'Service not found');
}

/** Play, pause, next and previous; 204 like Spotify (the demo user has Premium). */
function command(player: DemoPlayer, call: ApiCall, res: ServerResponse): void {
  const run: Partial<Record<string, () => void>> = {
    'PUT /me/player/play': () => player.play(),
    'PUT /me/player/pause': () => player.pause(),
    'POST /me/player/next': () => player.next(),
    'POST /me/player/previous': () => player.previous(),
  };
  const action = run[`${call.method} ${call.path}`];
  if (action === undefined) return apiError(res, 404, 'Service not found');
  action();
  sendEmpty(res, 204);
}

/** `PUT` / `DELETE /me/library?uris=…` and `GET /me/library/contains?uris=…`. */
function library(player: DemoPlayer, call: ApiCall, res: ServerResponse): void {
  const uris = (call.query.get('uris') ?? '').split(',').filter((uri) => uri !== '');
  if (uris.length === 0) return apiError(res, 400, 'Missing required field: uris');
  if (call.path === '/me/library/contains' && call.method === 'GET') {
    return sendJson(
      res,
      200,
      uris.map((uri) => player.library.has(uri)),
    );
  }
  if (call.path !== '/me/library') return apiError(res, 404, 'Service not found');
  if (call.method === 'PUT') uris.forEach((uri) => player.library.add(uri));
  else if (call.method === 'DELETE') uris.forEach((uri) => player.library.delete(uri));
  else return apiError(res, 405, 'Method not allowed');
  sendEmpty(res, 200);
}

/** The title of what an `/open/…` link names, or null when the demo has no such thing. */
export function openTarget(path: string, tracks: readonly DemoTrack[]): string | null {
  const [kind, id] = path.slice(OPEN_PATH.length).split('/');
  if (kind === 'user' && id === DEMO_USER.id) return `${DEMO_USER.displayName}’s profile`;
  const item = kind === 'track' ? tracks.find((t) => t.id === id) : undefined;
  return item === undefined ? null : `“${item.title}” by ${item.artists.join(', ')}`;
}

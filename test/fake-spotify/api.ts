/**
 * The Web API routes under `/v1` a tray player uses: profile, playback
 * state, player controls and the library. Checks run in Spotify's order:
 * bearer token (401), route (404/405), scope (403), then the route's own
 * rules (Premium, active device, restrictions).
 */
import type { ServerResponse } from 'node:http';

import type { FakeContext } from './context.ts';
import type { ParsedAuthorization } from './http.ts';
import { sendApiError, sendEmpty, sendJson } from './http.ts';
import type { Grant } from './tokens.ts';
import type { Disallows } from './wire.ts';

interface ApiRequest {
  query: URLSearchParams;
  body: string;
  grant: Grant;
}

interface Route {
  method: string;
  /** Path below `/v1`, matched exactly. */
  path: string;
  /** Scope the token must carry; none for `/me`. */
  scope?: string;
  handle(ctx: FakeContext, req: ApiRequest, res: ServerResponse): void;
}

const PLAYER_CONTROL = 'user-modify-playback-state';
/** Spotify's limit on `uris` for the library endpoints. */
const MAX_URIS = 40;
const URI_PATTERN = /^spotify:(track|album|episode|show|audiobook|artist|user|playlist):[A-Za-z0-9]+$/;

function wantsEpisodes(query: URLSearchParams): boolean {
  return (query.get('additional_types') ?? '').split(',').includes('episode');
}

function sendPlayback(ctx: FakeContext, req: ApiRequest, res: ServerResponse, withDevice: boolean): void {
  const body = ctx.player.render(wantsEpisodes(req.query), withDevice);
  if (body === null) sendEmpty(res, 204);
  else sendJson(res, 200, body);
}

/** What Spotify answers to, say, pausing what is already paused. */
function sendRestrictionViolated(res: ServerResponse): void {
  sendApiError(res, 403, 'Player command failed: Restriction violated', 'UNKNOWN');
}

/**
 * A player command: Premium, then an active device, then the device the
 * request names, then the context's restrictions, as Spotify checks them.
 */
function command(
  restriction: keyof Disallows | undefined,
  run: (ctx: FakeContext, req: ApiRequest, res: ServerResponse) => boolean,
): Route['handle'] {
  return (ctx, req, res) => {
    if (!ctx.premium) {
      sendApiError(res, 403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED');
      return;
    }
    if (!ctx.player.hasActiveDevice()) {
      sendApiError(res, 404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
      return;
    }
    const deviceId = req.query.get('device_id');
    if (deviceId !== null && deviceId !== ctx.player.deviceId()) {
      sendApiError(res, 404, 'Device not found');
      return;
    }
    if (restriction !== undefined && ctx.player.disallowed(restriction)) {
      sendRestrictionViolated(res);
      return;
    }
    if (run(ctx, req, res)) sendEmpty(res, 204);
  };
}

/** `position_ms` from a `PUT /me/player/play` body; other body fields (uris, context) are not modelled. */
function playPosition(body: string): number | undefined | 'malformed' {
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return 'malformed';
    const position = (parsed as Record<string, unknown>)['position_ms'];
    return typeof position === 'number' ? position : undefined;
  } catch {
    return 'malformed';
  }
}

/** The `uris` query parameter, or an error message for a 400. */
function parseUris(query: URLSearchParams): string[] | string {
  const raw = query.get('uris');
  if (raw === null || raw === '') return 'Missing required field: uris';
  const uris = raw.split(',');
  if (uris.length > MAX_URIS) return 'Too many ids requested';
  const bad = uris.find((u) => !URI_PATTERN.test(u));
  return bad === undefined ? uris : `Unsupported URL / URI: ${bad}`;
}

function library(change: (ctx: FakeContext, uris: string[]) => void): Route['handle'] {
  return (ctx, req, res) => {
    const uris = parseUris(req.query);
    if (typeof uris === 'string') {
      sendApiError(res, 400, uris);
      return;
    }
    change(ctx, uris);
    sendEmpty(res, 200);
  };
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/me', handle: (ctx, _req, res) => sendJson(res, 200, ctx.user) },
  {
    method: 'GET',
    path: '/me/player',
    scope: 'user-read-playback-state',
    handle: (ctx, req, res) => sendPlayback(ctx, req, res, true),
  },
  {
    method: 'GET',
    path: '/me/player/currently-playing',
    scope: 'user-read-currently-playing',
    handle: (ctx, req, res) => sendPlayback(ctx, req, res, false),
  },
  {
    method: 'PUT',
    path: '/me/player/play',
    scope: PLAYER_CONTROL,
    handle: command(undefined, (ctx, req, res) => {
      const position = playPosition(req.body);
      if (position === 'malformed') {
        sendApiError(res, 400, 'Malformed json');
        return false;
      }
      // Resuming what already plays is refused; starting at a position is not.
      if (position === undefined && ctx.player.disallowed('resuming')) {
        sendRestrictionViolated(res);
        return false;
      }
      ctx.player.play(position);
      return true;
    }),
  },
  {
    method: 'PUT',
    path: '/me/player/pause',
    scope: PLAYER_CONTROL,
    handle: command('pausing', (ctx) => {
      ctx.player.pause();
      return true;
    }),
  },
  {
    method: 'POST',
    path: '/me/player/next',
    scope: PLAYER_CONTROL,
    handle: command('skipping_next', (ctx) => {
      ctx.player.next();
      return true;
    }),
  },
  {
    method: 'POST',
    path: '/me/player/previous',
    scope: PLAYER_CONTROL,
    handle: command('skipping_prev', (ctx) => {
      ctx.player.previous();
      return true;
    }),
  },
  {
    method: 'PUT',
    path: '/me/player/seek',
    scope: PLAYER_CONTROL,
    handle: command('seeking', (ctx, req, res) => {
      const position = Number(req.query.get('position_ms') ?? Number.NaN);
      if (!Number.isInteger(position) || position < 0) {
        sendApiError(res, 400, 'Required parameter position_ms missing or invalid');
        return false;
      }
      ctx.player.seek(position);
      return true;
    }),
  },
  {
    method: 'PUT',
    path: '/me/library',
    scope: 'user-library-modify',
    handle: library((ctx, uris) => uris.forEach((u) => ctx.library.add(u))),
  },
  {
    method: 'DELETE',
    path: '/me/library',
    scope: 'user-library-modify',
    handle: library((ctx, uris) => uris.forEach((u) => ctx.library.delete(u))),
  },
  {
    method: 'GET',
    path: '/me/library/contains',
    scope: 'user-library-read',
    handle: (ctx, req, res) => {
      const uris = parseUris(req.query);
      if (typeof uris === 'string') sendApiError(res, 400, uris);
      else
        sendJson(
          res,
          200,
          uris.map((u) => ctx.library.has(u)),
        );
    },
  },
];

/** Handles a request whose path starts with `/v1`; `path` is the part after it. */
export function handleApi(
  ctx: FakeContext,
  method: string,
  path: string,
  query: URLSearchParams,
  auth: ParsedAuthorization,
  body: string,
  res: ServerResponse,
): void {
  if (auth.kind === undefined) {
    sendApiError(res, 401, 'No token provided');
    return;
  }
  if (auth.kind !== 'bearer') {
    sendApiError(res, 400, 'Only valid bearer authentication supported');
    return;
  }
  const grant = ctx.tokens.checkAccess(auth.credentials);
  if (grant === undefined) {
    // Spotify says "expired" for unknown tokens too; clients must not read the message anyway.
    sendApiError(res, 401, 'The access token expired');
    return;
  }
  const candidates = ROUTES.filter((r) => r.path === path);
  const route = candidates.find((r) => r.method === method);
  if (route === undefined) {
    if (candidates.length > 0) sendApiError(res, 405, 'Method not allowed');
    else sendApiError(res, 404, 'Service not found');
    return;
  }
  if (route.scope !== undefined && !grant.scopes.includes(route.scope)) {
    sendApiError(res, 403, 'Insufficient client scope');
    return;
  }
  route.handle(ctx, { query, body, grant }, res);
}

/**
 * The built-in simulated Spotify behind "Try the demo": an accounts service
 * with a consent page clearly labelled as the demo, and a Web API playing a
 * made-up queue. It listens on 127.0.0.1 only, on a free port, and lives as
 * long as the demo does.
 *
 * @example
 *   const demo = await startDemoSpotify();
 *   // TRAYTUNE_ACCOUNTS_URL=demo.accountsUrl, TRAYTUNE_API_URL=demo.apiUrl, SPOTIFY_CLIENT_ID=DEMO_CLIENT_ID
 *   await demo.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { DemoAccounts } from './accounts.ts';
import { handleApi, OPEN_PATH, openTarget } from './api.ts';
import { DEMO_TRACKS, DEMO_USER, type DemoTrack } from './catalog.ts';
import { BodyTooLargeError, closeServer, mediaType, readBody, sendHtml, sendJson, sendText } from './http.ts';
import { DECISION_PATH, DEMO_PAGE_CSP, errorPage, openPage } from './pages.ts';
import { DemoPlayer } from './player.ts';

export { DEMO_CLIENT_ID } from './accounts.ts';
export { DEMO_LABEL } from './pages.ts';

/** The redirect URI the demo core registers: port-less loopback, so each login picks a free port. */
export const DEMO_REDIRECT_URI = 'http://127.0.0.1/callback';

export interface DemoSpotifyOptions {
  /** Clock, ms since the epoch; default Date.now. */
  now?: () => number;
  /** Default: the built-in queue. */
  tracks?: readonly DemoTrack[];
  /** How long the first track has left at start; see DemoPlayerOptions. */
  firstTrackLeftMs?: number;
}

export interface DemoSpotify {
  /** `http://127.0.0.1:PORT`: authorize at `/authorize`, tokens at `/api/token`. */
  readonly accountsUrl: string;
  /** `http://127.0.0.1:PORT/v1`. */
  readonly apiUrl: string;
  /** What plays now; `next()` skips ahead. */
  readonly player: DemoPlayer;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startDemoSpotify(options: DemoSpotifyOptions = {}): Promise<DemoSpotify> {
  const now = options.now ?? Date.now;
  const tracks = options.tracks ?? DEMO_TRACKS;
  const accounts = new DemoAccounts(now, DEMO_USER.displayName);
  const player = new DemoPlayer(tracks, {
    now,
    ...(options.firstTrackLeftMs === undefined ? {} : { firstTrackLeftMs: options.firstTrackLeftMs }),
  });
  let origin = '';

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (path === '/authorize' && method === 'GET') return accounts.authorize(url.searchParams, res);
    if ((path === DECISION_PATH || path === '/api/token') && method === 'POST') {
      if (mediaType(req) !== 'application/x-www-form-urlencoded') {
        return sendText(res, 415, 'Expected a form (application/x-www-form-urlencoded).');
      }
      const form = new URLSearchParams(await readBody(req));
      return path === DECISION_PATH ? accounts.decide(form, res) : accounts.token(form, res);
    }
    if (path === '/v1' || path.startsWith('/v1/')) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const authorized = bearer !== undefined && accounts.isValidAccessToken(bearer);
      return handleApi(
        origin,
        player,
        { method, path: path.slice('/v1'.length), query: url.searchParams },
        authorized,
        res,
      );
    }
    if (path.startsWith(OPEN_PATH) && method === 'GET') {
      const what = openTarget(path, tracks);
      if (what !== null) return sendHtml(res, 200, openPage(what), DEMO_PAGE_CSP);
    }
    sendHtml(res, 404, errorPage('There is nothing at this address in the Traytune demo.'), DEMO_PAGE_CSP);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLargeError) return sendText(res, 413, 'Request body too large.');
      sendJson(res, 500, { error: { status: 500, message: 'The Traytune demo failed to answer.' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    await closeServer(server);
    throw new Error('The demo server has no TCP port.');
  }
  origin = `http://${HOST}:${address.port}`;

  return {
    accountsUrl: origin,
    apiUrl: `${origin}/v1`,
    player,
    close: () => closeServer(server),
  };
}

/**
 * The wire protocol between the browser preview's bridge (renderer/bridge)
 * and its server (main/app/bridge-server.ts). Constants only, no imports, so
 * both the browser bundle and Node can use it.
 *
 * - `POST /api/<channel>` with a JSON array of arguments answers
 *   `{ "result": … }` (200) or `{ "error": "…" }` (4xx/5xx).
 * - `GET /api/events` streams `text/event-stream` with one `state` event per
 *   ViewState, the current one first.
 *
 * Every /api request must carry the per-run token (from the page's meta tag)
 * in TOKEN_HEADER: other pages in the same browser cannot read the page, so
 * they cannot drive the app (CSRF).
 */

/** Prefix of every bridge endpoint. */
export const API_PREFIX = '/api/';
/** The Server-Sent Events stream of view states. */
export const EVENTS_PATH = '/api/events';
/** SSE event name of a view state. */
export const STATE_EVENT = 'state';
/** Request header carrying the per-run token. */
export const TOKEN_HEADER = 'x-traytune-bridge';
/** `<meta name=… content=token>` injected into the served index.html. */
export const TOKEN_META = 'traytune-bridge-token';
/** Where the bundled bridge script is served; index.html loads it before app.js. */
export const BRIDGE_SCRIPT = 'bridge.js';

/**
 * The URLs "Open in Spotify", "Open the dashboard" and "Open my profile" may
 * open. The renderer only names a target; the URL is built here from state
 * the core already holds and is checked before anything opens it, so a
 * compromised renderer or an odd API answer cannot make the app open an
 * arbitrary URL or scheme.
 */
import type { AppState } from '../core/app-state.ts';
import type { ExternalTarget } from '../contract/ipc.ts';

/** Where Spotify apps are registered; shown on the setup screen. */
export const DASHBOARD_URL = 'https://developer.spotify.com/dashboard';

const SPOTIFY_WEB_ORIGIN = 'https://open.spotify.com';
/** `spotify:track:…` / `spotify:episode:…` / `spotify:user:…`, as the desktop client accepts them. */
const SPOTIFY_URI = /^spotify:(track|episode|user):[A-Za-z0-9._-]+$/;

export interface ExternalUrlContext {
  state: AppState;
  /** Open the Spotify desktop app (`spotify:` URI) instead of the web player, where one is known. */
  preferSpotifyUri: boolean;
  /** In the demo, the demo server's origin: its made-up items link there. */
  demoOrigin: string | null;
}

/** The URL to open for `target`, or null when there is nothing to open (or nothing safe). */
export function externalUrl(target: ExternalTarget, context: ExternalUrlContext): string | null {
  if (target === 'dashboard') return DASHBOARD_URL;
  const { state } = context;
  if (state.screen !== 'logged-in') return null;
  if (target === 'profile') return checked(state.user?.profileUrl ?? null, context);
  const item = state.nowPlaying;
  if (item === null || (item.kind !== 'track' && item.kind !== 'episode')) return null;
  if (context.preferSpotifyUri && context.demoOrigin === null && SPOTIFY_URI.test(item.uri)) return item.uri;
  return checked(item.url, context);
}

/** https on open.spotify.com, or (demo only) the demo server; anything else is refused. */
function checked(url: string | null, context: ExternalUrlContext): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.origin === SPOTIFY_WEB_ORIGIN) return parsed.href;
  if (context.demoOrigin !== null && parsed.origin === context.demoOrigin) return parsed.href;
  return null;
}

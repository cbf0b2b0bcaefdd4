/**
 * `shell.openExternal` hands a URL to the operating system, which will run
 * whatever handler the scheme has: a classic way for a compromised renderer
 * to run programs. Here only main builds URLs (the renderer sends a target
 * name, see ExternalTarget), and even those must match this allowlist.
 */
import type { Logger } from '../core/log.ts';

/** The parts of the allowlist that depend on configuration and state. */
export interface ExternalUrlPolicy {
  /**
   * The accounts services in use (`TRAYTUNE_ACCOUNTS_URL` or Spotify's, and
   * the demo's once started); their `/authorize` pages are allowed.
   */
  accountsUrls(): readonly string[];
  /**
   * True while the built-in demo runs: its simulated Spotify on 127.0.0.1
   * (random port) serves the consent page and the demo items' links.
   */
  loopbackAllowed(): boolean;
}

const SPOTIFY_ACCOUNTS = 'https://accounts.spotify.com';
// Track, album, artist, episode, show and user URIs: `spotify:<type>:<id>` (users may be `spotify:user:<name>`).
const SPOTIFY_URI = /^spotify:[a-z]+(?::[A-Za-z0-9._-]+)+$/;

/**
 * True for the URLs Traytune opens: the authorize page (Spotify's or the
 * configured accounts service's), anything on https://open.spotify.com, the
 * developer dashboard, and `spotify:` URIs; while the demo runs, also http
 * URLs on 127.0.0.1/[::1]. No credentials in the URL, and plain http only on
 * loopback (the test fake, the demo).
 */
export function isAllowedExternalUrl(url: string, policy: ExternalUrlPolicy): boolean {
  if (SPOTIFY_URI.test(url)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if ([SPOTIFY_ACCOUNTS, ...policy.accountsUrls()].some((base) => isAuthorizeUrl(parsed, base))) return true;
  if (policy.loopbackAllowed() && parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return true;
  if (parsed.protocol !== 'https:' || parsed.port !== '') return false;
  if (parsed.hostname === 'open.spotify.com') return true;
  return (
    parsed.hostname === 'developer.spotify.com' &&
    (parsed.pathname === '/dashboard' || parsed.pathname.startsWith('/dashboard/'))
  );
}

function isAuthorizeUrl(url: URL, accountsUrl: string): boolean {
  let base: URL;
  try {
    base = new URL(accountsUrl);
  } catch {
    return false;
  }
  const secure = base.protocol === 'https:' || (base.protocol === 'http:' && isLoopback(base.hostname));
  const path = `${base.pathname.replace(/\/+$/, '')}/authorize`;
  return secure && url.protocol === base.protocol && url.host === base.host && url.pathname === path;
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * The `openUrl` main gives the core and the app service: `shell.openExternal`
 * behind the allowlist. A refused URL is logged (origin only) and rejected.
 */
export function createOpenExternal(
  shell: { openExternal(url: string): Promise<void> },
  policy: ExternalUrlPolicy,
  logger: Logger,
): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url, policy)) {
      logger.warn('Refused to open a URL outside the allowlist', { origin: safeOrigin(url) });
      throw new Error('Traytune does not open that address.');
    }
    await shell.openExternal(url);
  };
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'unparseable';
  }
}

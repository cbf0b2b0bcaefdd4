/**
 * Redirect URI rules. Spotify rejects `localhost` (new apps since 2025-04-09,
 * all apps since 2025-11-27) and allows plain http only on the loopback IP
 * literals. A loopback URI registered without a port means "any port"
 * (RFC 8252 §7.3): Traytune then picks a free port for each login.
 */

/** Below the Linux (32768+) and Windows (49152+) ephemeral ranges; clear of AirPlay's 5000/7000 and dev servers. */
export const DEFAULT_CALLBACK_PORT = 29593;
export const DEFAULT_CALLBACK_PATH = '/callback';
export const DEFAULT_REDIRECT_URI = `http://127.0.0.1:${DEFAULT_CALLBACK_PORT}${DEFAULT_CALLBACK_PATH}`;

/** Where the login callback is received, derived from the registered redirect URI. */
export interface RedirectTarget {
  /** The URI exactly as registered in the Spotify dashboard. */
  registered: string;
  /** Host the callback server binds to: always a loopback literal. */
  listenHost: '127.0.0.1' | '::1';
  /** Fixed port, or null to pick a free one per login (port-less loopback registration). */
  listenPort: number | null;
  /** Path the callback arrives on. */
  path: string;
  /**
   * https URIs are accepted for setups where a page on the user's domain
   * forwards the query to Traytune's default loopback address.
   */
  kind: 'loopback' | 'https-forwarding';
}

export class RedirectUriError extends Error {
  override readonly name = 'RedirectUriError';
}

const LOOPBACK_HOSTS: Record<string, RedirectTarget['listenHost']> = {
  '127.0.0.1': '127.0.0.1',
  '[::1]': '::1',
};

/** Parses and validates a redirect URI, throwing RedirectUriError with a message a user can act on. */
export function parseRedirectUri(input: string): RedirectTarget {
  const raw = input.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RedirectUriError(
      `"${raw}" is not a valid URL. Use ${DEFAULT_REDIRECT_URI} and register the same URI in the Spotify dashboard.`,
    );
  }
  if (url.hash !== '' || raw.includes('#')) {
    throw new RedirectUriError('The redirect URI must not contain a "#" fragment.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new RedirectUriError('The redirect URI must not contain a user name or password.');
  }
  if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) {
    throw new RedirectUriError(
      'Spotify rejects "localhost" in redirect URIs. Use the loopback address instead: ' +
        `${url.protocol}//127.0.0.1${url.port === '' ? '' : `:${url.port}`}${url.pathname} ` +
        '(and register that exact URI in the Spotify dashboard).',
    );
  }
  if (url.protocol === 'https:') {
    return {
      registered: raw,
      listenHost: '127.0.0.1',
      listenPort: DEFAULT_CALLBACK_PORT,
      path: DEFAULT_CALLBACK_PATH,
      kind: 'https-forwarding',
    };
  }
  if (url.protocol !== 'http:') {
    throw new RedirectUriError(`The redirect URI must start with http:// or https:// (got "${url.protocol}").`);
  }
  const listenHost = LOOPBACK_HOSTS[url.host.replace(/:\d+$/, '')];
  if (listenHost === undefined) {
    throw new RedirectUriError(
      `Plain http is only allowed on the loopback address 127.0.0.1 or [::1], not "${url.hostname}". ` +
        `Use ${DEFAULT_REDIRECT_URI}.`,
    );
  }
  return { registered: raw, listenHost, listenPort: explicitPort(raw, url), path: url.pathname, kind: 'loopback' };
}

/** WHATWG URL drops a default port (":80"), so read an explicit one from the text itself. */
function explicitPort(raw: string, url: URL): number | null {
  const text = url.port !== '' ? url.port : /^http:\/\/(?:127\.0\.0\.1|\[::1\]):(\d+)(?:[/?]|$)/i.exec(raw)?.[1];
  if (text === undefined) return null;
  const port = Number(text);
  if (port === 0) throw new RedirectUriError('Port 0 is not a real port; leave the port out to pick one at login.');
  return port;
}

/** The redirect URI to send for one login, once the callback server knows its port. */
export function redirectUriForPort(target: RedirectTarget, port: number): string {
  if (target.kind === 'https-forwarding' || target.listenPort !== null) return target.registered;
  const host = target.listenHost === '::1' ? '[::1]' : target.listenHost;
  const url = new URL(target.registered);
  return `http://${host}:${port}${url.pathname}${url.search}`;
}

/**
 * Registered apps (the Developer Dashboard) and Spotify's redirect-URI rules:
 * exact match, loopback literals only for plain HTTP, no `localhost`, and a
 * port-less loopback registration matching any port (RFC 8252 §7.3).
 */

/** An app as registered in the Developer Dashboard. */
export interface ClientRegistration {
  clientId: string;
  /**
   * Omit for a public (PKCE-only) client: it must then send PKCE on
   * authorize and `client_id` + `code_verifier` to the token endpoint.
   * With a secret, token requests need `Authorization: Basic` and PKCE is optional.
   */
  clientSecret?: string;
  /** Matched exactly, except a port-less `http://127.0.0.1/…` or `http://[::1]/…` matches any port. */
  redirectUris: string[];
  /** Shown on the consent page; defaults to the client id. */
  name?: string;
}

/** Why a redirect URI is refused, in the words Spotify's authorize page uses. */
export type RedirectProblem = 'INVALID_CLIENT: Insecure redirect URI' | 'INVALID_CLIENT: Invalid redirect URI';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * Spotify refuses `localhost` outright and plain HTTP to anything but a
 * loopback IP literal, before it even looks at the registration.
 */
function isInsecure(uri: URL): boolean {
  const host = uri.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return uri.protocol === 'http:' && !LOOPBACK_HOSTS.has(host);
}

/** A registration without an explicit port, written as such (not `:80`). */
function isPortlessLoopback(registered: string, uri: URL): boolean {
  return (
    uri.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(uri.hostname) &&
    !/^http:\/\/(127\.0\.0\.1|\[::1\]):/.test(registered)
  );
}

function matchesRegistration(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const reg = parse(registered);
  const req = parse(requested);
  if (reg === undefined || req === undefined || !isPortlessLoopback(registered, reg)) return false;
  return (
    req.protocol === 'http:' &&
    req.hostname === reg.hostname &&
    req.pathname === reg.pathname &&
    req.search === reg.search &&
    req.hash === '' &&
    req.username === '' &&
    req.password === ''
  );
}

export class ClientRegistry {
  private readonly clients = new Map<string, ClientRegistration>();

  register(registration: ClientRegistration): void {
    if (registration.clientId === '') throw new Error('registerClient: clientId must not be empty');
    for (const uri of registration.redirectUris) {
      if (parse(uri) === undefined) throw new Error(`registerClient: not a URL: ${uri}`);
    }
    this.clients.set(registration.clientId, { ...registration, redirectUris: [...registration.redirectUris] });
  }

  get(clientId: string | undefined): ClientRegistration | undefined {
    return clientId === undefined ? undefined : this.clients.get(clientId);
  }

  secrets(): string[] {
    return [...this.clients.values()].flatMap((c) => (c.clientSecret === undefined ? [] : [c.clientSecret]));
  }

  /** `undefined` when `redirectUri` is acceptable for `client`. */
  checkRedirect(client: ClientRegistration, redirectUri: string | undefined): RedirectProblem | undefined {
    const uri = redirectUri === undefined ? undefined : parse(redirectUri);
    if (redirectUri === undefined || uri === undefined) return 'INVALID_CLIENT: Invalid redirect URI';
    if (isInsecure(uri)) return 'INVALID_CLIENT: Insecure redirect URI';
    return client.redirectUris.some((r) => matchesRegistration(r, redirectUri))
      ? undefined
      : 'INVALID_CLIENT: Invalid redirect URI';
  }
}

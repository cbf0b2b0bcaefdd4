/**
 * The OAuth 2.0 protocol details, delegated to oauth4webapi (a maintained,
 * spec-conformant client with no dependencies): PKCE S256, state, the
 * authorization response checks and the token endpoint requests. This module
 * only adapts it to Spotify's endpoints and to Traytune's TokenSet and errors.
 */
import * as oauth from 'oauth4webapi';

import type { Clock } from '../clock.ts';
import { TraytuneProblem } from '../problems.ts';
import type { TokenSet } from './token.ts';

/** `fetch` with the app's dispatcher (proxy, timeouts) bound in. */
export type FetchLike = (input: string | URL, init: RequestInit) => Promise<Response>;

export interface SpotifyOAuthOptions {
  clientId: string;
  clientSecret: string | null;
  /** Base of the accounts service: `/authorize` and `/api/token` hang off it. */
  accountsUrl: string;
  fetch: FetchLike;
  clock: Clock;
  /** Abort a token request after this long. */
  timeoutMs?: number;
}

/** What one login attempt must remember between the authorize request and the callback. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  /** PKCE verifier; null in the client-secret flow. */
  codeVerifier: string | null;
  redirectUri: string;
}

/** The token endpoint's answer to a refresh, before it is merged with the old TokenSet. */
export interface RefreshResult {
  accessToken: string;
  /** Absent when Spotify did not rotate the refresh token: keep the old one. */
  refreshToken: string | undefined;
  expiresAt: number;
  scopes: string[] | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class SpotifyOAuth {
  readonly #as: oauth.AuthorizationServer;
  readonly #client: oauth.Client;
  readonly #auth: oauth.ClientAuth;
  readonly #options: SpotifyOAuthOptions;
  readonly #usesPkce: boolean;

  constructor(options: SpotifyOAuthOptions) {
    this.#options = options;
    this.#as = {
      issuer: options.accountsUrl,
      authorization_endpoint: `${options.accountsUrl}/authorize`,
      token_endpoint: `${options.accountsUrl}/api/token`,
    };
    this.#client = { client_id: options.clientId };
    this.#usesPkce = options.clientSecret === null;
    this.#auth = options.clientSecret === null ? oauth.None() : oauth.ClientSecretBasic(options.clientSecret);
  }

  /** Builds the authorize URL with a fresh 256-bit state and, without a secret, a PKCE S256 challenge. */
  async createAuthorization(redirectUri: string, scopes: readonly string[]): Promise<AuthorizationRequest> {
    const state = oauth.generateRandomState();
    const codeVerifier = this.#usesPkce ? oauth.generateRandomCodeVerifier() : null;
    const url = new URL(this.#as.authorization_endpoint as string);
    url.searchParams.set('client_id', this.#client.client_id);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('scope', scopes.join(' '));
    if (codeVerifier !== null) {
      url.searchParams.set('code_challenge_method', 'S256');
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    }
    return { url, state, codeVerifier, redirectUri };
  }

  /**
   * Checks the callback parameters against the expected state and returns the
   * code grant parameters; an `error=` response becomes 'login-cancelled' or 'login-failed'.
   */
  validateCallback(params: URLSearchParams, expectedState: string): URLSearchParams {
    try {
      return oauth.validateAuthResponse(this.#as, this.#client, params, expectedState);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        const cancelled = error.error === 'access_denied';
        throw new TraytuneProblem(
          cancelled ? 'login-cancelled' : 'login-failed',
          cancelled ? 'You cancelled the login on Spotify.' : `Spotify refused the login (${error.error}).`,
          { reason: error.error, cause: error },
        );
      }
      throw new TraytuneProblem('login-failed', 'Spotify sent back an incomplete login response.', { cause: error });
    }
  }

  /** Exchanges an authorization code for tokens. */
  async exchangeCode(grant: URLSearchParams, request: AuthorizationRequest): Promise<TokenSet> {
    const now = this.#options.clock.now();
    const response = await this.#call(() =>
      oauth.authorizationCodeGrantRequest(
        this.#as,
        this.#client,
        this.#auth,
        grant,
        request.redirectUri,
        request.codeVerifier ?? oauth.nopkce,
        this.#requestOptions(),
      ),
    );
    const body = await this.#call(() => oauth.processAuthorizationCodeResponse(this.#as, this.#client, response));
    if (body.refresh_token === undefined) {
      throw new TraytuneProblem('login-failed', 'Spotify did not send a refresh token; try logging in again.');
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: now + expiresInMs(body.expires_in),
      scopes: parseScopes(body.scope) ?? [],
      authorizedAt: now,
    };
  }

  /** Uses a refresh token. Spotify may or may not rotate it; the caller keeps the old one when it does not. */
  async refresh(refreshToken: string): Promise<RefreshResult> {
    const now = this.#options.clock.now();
    const response = await this.#call(() =>
      oauth.refreshTokenGrantRequest(this.#as, this.#client, this.#auth, refreshToken, this.#requestOptions()),
    );
    const body = await this.#call(() => oauth.processRefreshTokenResponse(this.#as, this.#client, response));
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: now + expiresInMs(body.expires_in),
      scopes: parseScopes(body.scope),
    };
  }

  #requestOptions(): oauth.TokenEndpointRequestOptions {
    const options: oauth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: this.#options.fetch as typeof fetch,
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    };
    // Plain http is only ever allowed toward a loopback test server or demo.
    if (isLoopbackHttp(this.#options.accountsUrl)) options[oauth.allowInsecureRequests] = true;
    return options;
  }

  /** Runs one protocol step and turns library and network errors into TraytuneProblems. */
  async #call<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw toProblem(error);
    }
  }
}

function expiresInMs(expiresIn: number | undefined): number {
  // Spotify always sends 3600; if it ever does not, assume the documented hour.
  return (typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 3600) * 1000;
}

function parseScopes(scope: string | undefined): string[] | undefined {
  return scope === undefined ? undefined : scope.split(/\s+/).filter((s) => s !== '');
}

function isLoopbackHttp(base: string): boolean {
  const url = new URL(base);
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]');
}

/** Maps oauth4webapi and network errors to the problem kinds the UI understands. */
export function toProblem(error: unknown): TraytuneProblem {
  if (error instanceof TraytuneProblem) return error;
  if (error instanceof oauth.ResponseBodyError) {
    if (error.error === 'invalid_grant') {
      return new TraytuneProblem('login-lost', describeOAuthError(error), {
        status: error.status,
        reason: error.error,
      });
    }
    if (error.error === 'invalid_client') {
      return new TraytuneProblem(
        'invalid-client',
        'Spotify does not recognise this Client ID (or secret). Check it on your app’s page in the Spotify Developer Dashboard.',
        { status: error.status, reason: error.error },
      );
    }
    return new TraytuneProblem(error.status >= 500 ? 'server-error' : 'login-failed', describeOAuthError(error), {
      status: error.status,
      reason: error.error,
    });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new TraytuneProblem(
      'invalid-client',
      'Spotify refused this app’s credentials. Check the Client ID (and secret) in the Spotify Developer Dashboard.',
      { status: error.status },
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = statusOf(error);
    if (status === 429)
      return new TraytuneProblem('rate-limited', 'Spotify is rate limiting logins.', { status, retryAfterS: 30 });
    if (status !== undefined && status >= 500) {
      return new TraytuneProblem('server-error', `Spotify’s accounts service failed (HTTP ${status}).`, { status });
    }
    return new TraytuneProblem('login-failed', `Spotify’s accounts service answered unexpectedly: ${error.message}`, {
      ...(status === undefined ? {} : { status }),
    });
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new TraytuneProblem('timeout', 'Spotify’s accounts service did not answer in time.', { cause: error });
  }
  return new TraytuneProblem('offline', 'Could not reach Spotify’s accounts service. Check your connection.', {
    cause: error,
  });
}

function describeOAuthError(error: oauth.ResponseBodyError): string {
  return error.error_description === undefined ? error.error : `${error.error}: ${error.error_description}`;
}

function statusOf(error: oauth.OperationProcessingError): number | undefined {
  // The cause is a Response, but possibly from undici's own copy of the class, so no instanceof.
  const cause: unknown = error.cause;
  if (typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number') {
    return cause.status;
  }
  return undefined;
}

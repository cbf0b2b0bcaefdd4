/**
 * What the Spotify client needs from the token lifecycle, and nothing more:
 * it never sees refresh tokens, only short-lived access tokens.
 */
export interface AccessTokenSource {
  /**
   * A usable access token. Refreshes first (single flight) when the token
   * expires within the safety margin. Throws TraytuneProblem 'not-logged-in'
   * or 'login-lost', or 'offline' when a needed refresh cannot reach Spotify.
   */
  getAccessToken(): Promise<string>;
  /**
   * Spotify answered 401 to `rejectedToken`. Refreshes once (concurrent
   * callers share that one refresh; a token that already changed is returned
   * as is) and returns the new access token for a single retry.
   */
  renewAfterRejection(rejectedToken: string): Promise<string>;
}

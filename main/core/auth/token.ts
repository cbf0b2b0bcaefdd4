/**
 * A Spotify login as the core keeps it. Lives only in main-process memory
 * and, encrypted, in the token vault; never crosses IPC or reaches a log.
 */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Absolute expiry of the access token, ms since epoch. */
  expiresAt: number;
  /** Scopes Spotify granted (may be fewer than asked for). */
  scopes: string[];
  /**
   * When the user authorised (ms since epoch). Spotify ends a refresh
   * token six months after this, however often it is refreshed.
   */
  authorizedAt: number;
}

/** Refresh this long before expiry, and treat a token this close to expiry as expired. */
export const REFRESH_MARGIN_MS = 60_000;

/** Spotify's refresh-token lifetime since July 2026, counted from authorisation. */
export const REFRESH_TOKEN_LIFETIME_MS = 182 * 24 * 60 * 60 * 1000;

export function expiresWithin(tokens: TokenSet, now: number, marginMs = REFRESH_MARGIN_MS): boolean {
  return tokens.expiresAt - marginMs <= now;
}

/** True when the six-month refresh-token lifetime has run out. */
export function loginLifetimeOver(tokens: TokenSet, now: number): boolean {
  return now >= tokens.authorizedAt + REFRESH_TOKEN_LIFETIME_MS;
}

/** Runtime check for data read back from disk: bad input is rejected, not trusted. */
export function isTokenSet(value: unknown): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['accessToken'] === 'string' &&
    v['accessToken'] !== '' &&
    typeof v['refreshToken'] === 'string' &&
    v['refreshToken'] !== '' &&
    typeof v['expiresAt'] === 'number' &&
    Number.isFinite(v['expiresAt']) &&
    typeof v['authorizedAt'] === 'number' &&
    Number.isFinite(v['authorizedAt']) &&
    Array.isArray(v['scopes']) &&
    v['scopes'].every((s) => typeof s === 'string')
  );
}

/**
 * The public face of the fake: options and the handle a test scripts it
 * through. Implementation in index.ts.
 */
import type { ClientRegistration } from './clients.ts';
import type { FaultRule, InjectedFault } from './faults.ts';
import type { Fixtures, UserInit } from './fixtures.ts';
import type { PlaybackScript, PlaybackView } from './playback.ts';
import type { RecordedRequest } from './server.ts';
import type { RefreshRotation } from './tokens.ts';
import type { PlayableItem } from './wire.ts';

export interface FakeOptions {
  /** Port on 127.0.0.1. Default 0: any free port (read it back from the URLs). */
  port?: number;
  /**
   * The fake clock, ms since the epoch. Drives access-token expiry, the
   * ten-minute code lifetime, the six-month refresh-token lifetime and
   * playback progress. Default `Date.now`.
   */
  now?: () => number;
  /** `expires_in` of new access tokens, seconds. Default 3600. */
  accessTokenLifetimeS?: number;
  /** Default 'rotate'. See {@link FakeSpotify.setRefreshRotation}. */
  refreshRotation?: RefreshRotation;
  /** Default true. See {@link FakeSpotify.setPremium}. */
  premium?: boolean;
  /** Clients to register before the first request. */
  clients?: ClientRegistration[];
}

/** Tokens minted directly by {@link FakeSpotify.issueTokens}, as if the user had just logged in. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Space-separated, as the token endpoint sends it. */
  scope: string;
  expiresIn: number;
  /** Fake-clock time of the (pretend) consent. */
  authorizedAt: number;
}

/** A running fake Spotify (accounts service + Web API) on 127.0.0.1. */
export interface FakeSpotify {
  /** `http://127.0.0.1:PORT`: authorize at `/authorize`, tokens at `/api/token`. */
  readonly accountsUrl: string;
  /** `http://127.0.0.1:PORT/v1`. */
  readonly apiUrl: string;
  readonly port: number;
  /** Builders for tracks, episodes, users and devices whose images are served by this fake. */
  readonly fixtures: Fixtures;

  // ── Accounts ───────────────────────────────────────────────────────────

  /** Registers (or replaces) an app, as in the Developer Dashboard. */
  registerClient(registration: ClientRegistration): void;
  /**
   * Plays the user at the consent page, over real HTTP: loads `authorizeUrl`
   * (which must point at this fake), presses Agree or Cancel, and resolves
   * with where the browser would be sent (`?code=…&state=…`,
   * `?error=access_denied&state=…`, or the app's error redirect). Rejects
   * when the page shows an error instead (bad client or redirect URI).
   */
  consent(authorizeUrl: string, decision: 'agree' | 'cancel'): Promise<URL>;
  /** Mints tokens without the OAuth dance, for tests that start logged in. The client must be registered. */
  issueTokens(options: { clientId: string; scopes: readonly string[]; authorizedAt?: number }): IssuedTokens;
  /** `expires_in` for tokens minted from now on. */
  setAccessTokenLifetime(seconds: number): void;
  /**
   * 'rotate': a refresh answers with a new `refresh_token` and revokes the
   * one used. 'keep': the answer has no `refresh_token`; the old one stays valid.
   */
  setRefreshRotation(mode: RefreshRotation): void;
  /** Every access token issued so far now gets 401 (a token dying mid-session). */
  expireAccessTokens(): void;
  /** The user removed the app: every code, access and refresh token stops working. */
  revokeAll(): void;
  /** `grant_type=refresh_token` requests received, including failed ones. */
  readonly refreshCount: number;
  activeAccessTokens(): string[];
  activeRefreshTokens(): string[];
  /** Every code, access token, refresh token and client secret ever issued or registered, for leak checks. */
  issuedSecrets(): string[];

  // ── Web API state ──────────────────────────────────────────────────────

  /** Replaces the `/me` profile (built with `fixtures.user`). */
  setUser(user: UserInit): void;
  /** false: player commands answer 403 `PREMIUM_REQUIRED`. */
  setPremium(premium: boolean): void;
  /** Scripts what is playing; `null`: nothing (player GETs answer 204). Clears the "previous" history. */
  setPlayback(state: PlaybackScript | null): void;
  /** The current playback (progress as of now on the fake clock), or null. */
  playback(): PlaybackView | null;
  /** What `next` plays, in order; once empty, next plays a generated "autoplay" track. */
  setQueue(items: readonly PlayableItem[]): void;
  /** Resume (or start at `positionMs`). Throws if nothing is scripted. */
  play(positionMs?: number): void;
  pause(): void;
  seek(positionMs: number): void;
  nextTrack(): void;
  /** Restarts the item, or goes back one when within its first 3 s. */
  previousTrack(): void;
  /** Replaces the saved-items library with `uris`. */
  setSaved(uris: readonly string[]): void;
  savedUris(): string[];

  // ── Faults and observation ─────────────────────────────────────────────

  /** Makes the next matching request(s) fail; see {@link FaultRule}. Rules are tried in injection order. */
  inject(rule: FaultRule): InjectedFault;
  clearFaults(): void;
  /** Every request received, oldest first (live array). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;

  /** Stops listening and destroys every open socket, keep-alive ones included. */
  close(): Promise<void>;
}

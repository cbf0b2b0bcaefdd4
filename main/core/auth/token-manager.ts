/**
 * Keeps the login fresh. Refreshes a minute before expiry and before any use
 * of an expiring token; one refresh at a time however many callers ask; a
 * rotated refresh token is persisted before the new access token is used; an
 * `invalid_grant` ends the login; a network failure keeps the tokens and
 * retries with backoff. Logout cancels everything and wipes the tokens.
 */
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../backoff.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import { isProblem, TraytuneProblem } from '../problems.ts';
import type { RefreshResult } from './oauth.ts';
import { expiresWithin, loginLifetimeOver, REFRESH_MARGIN_MS, type TokenSet } from './token.ts';
import type { AccessTokenSource } from './token-source.ts';

/** Where tokens are kept between runs (the encrypted vault in the app). */
export interface TokenStorage {
  save(tokens: TokenSet): Promise<void>;
  clear(): Promise<void>;
}

/** Why the login ended without the user asking: shown on the logged-out screen. */
export type LoginLossReason = 'expired' | 'revoked';

export interface TokenManagerOptions {
  refresh: (refreshToken: string) => Promise<RefreshResult>;
  storage: TokenStorage;
  clock: Clock;
  logger: Logger;
  /** Called once when Spotify ends the login (invalid_grant). */
  onLoginLost: (reason: LoginLossReason, problem: TraytuneProblem) => void;
  /** Called when refreshing fails for a reason worth showing (offline) and again with null when it recovers. */
  onRefreshProblem?: (problem: TraytuneProblem | null) => void;
  backoff?: BackoffPolicy;
}

export class TokenManager implements AccessTokenSource {
  readonly #options: TokenManagerOptions;
  #tokens: TokenSet | null = null;
  #inFlight: Promise<TokenSet> | null = null;
  #timer: TimerHandle | null = null;
  #failures = 0;
  /** Bumped on every adopt/logout so a refresh that started earlier cannot resurrect old tokens. */
  #generation = 0;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
  }

  get isLoggedIn(): boolean {
    return this.#tokens !== null;
  }

  /** Granted scopes of the current login. */
  get scopes(): readonly string[] {
    return this.#tokens?.scopes ?? [];
  }

  /** When the current login must end at the latest (six months after authorising). */
  get authorizedAt(): number | null {
    return this.#tokens?.authorizedAt ?? null;
  }

  /** Takes over a login: from the vault at start-up (already stored) or a fresh one (stored first). */
  async adopt(tokens: TokenSet, options: { persist: boolean }): Promise<void> {
    const generation = ++this.#generation;
    this.#cancelTimer();
    this.#inFlight = null;
    this.#failures = 0;
    if (options.persist) await this.#options.storage.save(tokens);
    if (generation !== this.#generation) return;
    this.#tokens = tokens;
    this.#schedule();
  }

  async getAccessToken(): Promise<string> {
    const tokens = this.#requireTokens();
    if (!expiresWithin(tokens, this.#options.clock.now())) return tokens.accessToken;
    try {
      return (await this.#refreshOnce()).accessToken;
    } catch (error) {
      // Offline with a token that has not quite expired yet: better a few more requests than none.
      const current = this.#tokens;
      if (current !== null && isProblem(error) && isTransient(error) && current.expiresAt > this.#options.clock.now()) {
        return current.accessToken;
      }
      throw error;
    }
  }

  async renewAfterRejection(rejectedToken: string): Promise<string> {
    const tokens = this.#requireTokens();
    if (tokens.accessToken !== rejectedToken) return tokens.accessToken;
    return (await this.#refreshOnce()).accessToken;
  }

  /** Forgets the login: timers stop, memory and disk are cleared. */
  async logout(): Promise<void> {
    this.#generation += 1;
    this.#cancelTimer();
    this.#tokens = null;
    this.#inFlight = null;
    await this.#options.storage.clear();
  }

  /** Stops timers without touching the stored login (app quit). */
  dispose(): void {
    this.#generation += 1;
    this.#cancelTimer();
  }

  #requireTokens(): TokenSet {
    if (this.#tokens === null) throw new TraytuneProblem('not-logged-in', 'Not logged in to Spotify.');
    return this.#tokens;
  }

  /** Single flight: every caller during a refresh shares its promise. */
  #refreshOnce(): Promise<TokenSet> {
    if (this.#inFlight !== null) return this.#inFlight;
    const flight = this.#refresh(this.#requireTokens(), this.#generation).finally(() => {
      if (this.#inFlight === flight) this.#inFlight = null;
    });
    this.#inFlight = flight;
    return flight;
  }

  async #refresh(old: TokenSet, generation: number): Promise<TokenSet> {
    this.#cancelTimer();
    let result: RefreshResult;
    try {
      result = await this.#options.refresh(old.refreshToken);
    } catch (error) {
      if (generation !== this.#generation) throw loggedOut();
      throw this.#onRefreshFailure(error, old);
    }
    if (generation !== this.#generation) throw loggedOut();
    const next: TokenSet = {
      accessToken: result.accessToken,
      // No refresh_token in the answer means Spotify did not rotate it: keep using the old one.
      refreshToken: result.refreshToken ?? old.refreshToken,
      expiresAt: result.expiresAt,
      scopes: result.scopes ?? old.scopes,
      authorizedAt: old.authorizedAt,
    };
    // Persist first: if Spotify rotated, the old refresh token is already dead.
    try {
      await this.#options.storage.save(next);
    } catch (error) {
      // A locked keyring or a full disk must not cost the login: the old refresh token may
      // already be dead, so keep the new one in memory and save it again with the next refresh.
      this.#options.logger.error('could not save the refreshed login; keeping it in memory', error);
    }
    if (generation !== this.#generation) {
      // Logged out while saving: the logout's clear may have run before this save, so clear again.
      // (A login adopted meanwhile has saved its own tokens and is left alone.)
      if (this.#tokens === null) await this.#options.storage.clear();
      throw loggedOut();
    }
    this.#tokens = next;
    if (this.#failures > 0) this.#options.onRefreshProblem?.(null);
    this.#failures = 0;
    this.#schedule();
    this.#options.logger.debug('access token refreshed');
    return next;
  }

  #onRefreshFailure(error: unknown, old: TokenSet): TraytuneProblem {
    const problem = isProblem(error)
      ? error
      : new TraytuneProblem('unexpected', 'Refreshing the login failed.', { cause: error });
    if (problem.kind === 'login-lost') {
      const reason: LoginLossReason = loginLifetimeOver(old, this.#options.clock.now()) ? 'expired' : 'revoked';
      this.#options.logger.info(`Spotify ended the login (${reason})`);
      this.#generation += 1;
      this.#tokens = null;
      void this.#options.storage.clear().catch((clearError: unknown) => {
        this.#options.logger.error('could not delete the ended login', clearError);
      });
      this.#options.onLoginLost(reason, problem);
      return problem;
    }
    // Network and server trouble: keep the tokens, retry with backoff.
    const delay =
      problem.kind === 'rate-limited' && problem.retryAfterS !== undefined
        ? problem.retryAfterS * 1000
        : backoffDelayMs(this.#failures, this.#options.backoff ?? DEFAULT_BACKOFF);
    this.#failures += 1;
    this.#options.logger.warn(`token refresh failed (${problem.kind}); retrying in ${Math.round(delay / 1000)} s`);
    this.#options.onRefreshProblem?.(problem);
    this.#scheduleAt(this.#options.clock.now() + delay);
    return problem;
  }

  #schedule(): void {
    if (this.#tokens === null) return;
    this.#scheduleAt(this.#tokens.expiresAt - REFRESH_MARGIN_MS);
  }

  #scheduleAt(when: number): void {
    this.#cancelTimer();
    const delay = Math.max(0, when - this.#options.clock.now());
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = null;
      if (this.#tokens === null) return;
      this.#refreshOnce().catch(() => undefined /* already reported and rescheduled */);
    }, delay);
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function isTransient(problem: TraytuneProblem): boolean {
  return ['offline', 'timeout', 'server-error', 'rate-limited'].includes(problem.kind);
}

function loggedOut(): TraytuneProblem {
  return new TraytuneProblem('not-logged-in', 'Logged out while the login was being refreshed.');
}

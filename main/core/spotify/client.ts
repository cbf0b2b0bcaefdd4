/**
 * The Spotify Web API client. Every call goes through one private `send`,
 * which owns the whole failure policy (token renewal on 401, the client-wide
 * rate-limit gate, backoff for 5xx and network trouble) so that player
 * commands and library calls added later inherit it by calling `send`.
 */
import { request } from 'undici';
import type { Dispatcher } from 'undici';

import type { AccessTokenSource } from '../auth/token-source.ts';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../backoff.ts';
import type { BackoffPolicy } from '../backoff.ts';
import { sleep } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { TraytuneProblem } from '../problems.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS } from './http.ts';
import { toUserProfile } from './profile.ts';
import type { UserProfile } from './profile.ts';
import {
  classifyNetworkError,
  isRecord,
  parseJson,
  parseRetryAfterS,
  problemForClientError,
  readErrorBody,
} from './responses.ts';
import type { SpotifyCurrentlyPlaying, SpotifyPlaybackState, SpotifyUserProfile } from './types.ts';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Why the client is about to retry, for a "retrying in N s" hint in the UI. */
export interface RetryInfo {
  kind: 'rate-limited' | 'server-error' | 'offline' | 'timeout';
  /** Seconds until the retry goes out. */
  retryInS: number;
  /** 1 for the first retry of this call. */
  attempt: number;
}

export interface SpotifyClientOptions {
  /** e.g. `https://api.spotify.com/v1`, without a trailing slash. */
  apiBaseUrl: string;
  dispatcher: Dispatcher;
  tokens: AccessTokenSource;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Retries per call for 5xx, network errors, timeouts and short 429s. Default 3. */
  maxRetries?: number;
  /** A 429 asking for a longer wait than this is thrown instead of waited out. Default 10. */
  maxInlineRetryAfterS?: number;
  /** Headers and body timeout per request, in ms. Default DEFAULT_HEADERS_TIMEOUT_MS. */
  timeoutMs?: number;
  onRetry?: (info: RetryInfo) => void;
}

/** A successful answer: `data` is the parsed JSON, or null for 204 / an empty body. */
export interface ApiResponse {
  status: number;
  data: unknown;
}

type Attempt =
  | { type: 'response'; status: number; retryAfter: string | string[] | undefined; text: string }
  | { type: 'failure'; kind: 'offline' | 'timeout'; sent: boolean; code: string; error: unknown };

/** The rate-limit gate: no request leaves before `until` (clock ms). */
interface Gate {
  until: number;
  quota: boolean;
}

const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_INLINE_RETRY_AFTER_S = 10;

/** Talks to the Spotify Web API on behalf of the signed-in user. */
export class SpotifyClient {
  readonly #options: SpotifyClientOptions;
  readonly #maxRetries: number;
  readonly #maxInlineRetryAfterMs: number;
  #gate: Gate | null = null;

  constructor(options: SpotifyClientOptions) {
    this.#options = options;
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#maxInlineRetryAfterMs = (options.maxInlineRetryAfterS ?? DEFAULT_MAX_INLINE_RETRY_AFTER_S) * 1000;
  }

  /** The signed-in user's profile (`GET /me`). */
  async getMe(): Promise<UserProfile> {
    const { data } = await this.send('GET', '/me');
    if (!isRecord(data) || typeof data['id'] !== 'string') {
      throw new TraytuneProblem('unexpected', 'GET /me: the profile has no id');
    }
    return toUserProfile(data as unknown as SpotifyUserProfile);
  }

  /** What is playing, tracks and episodes alike; null when nothing is (204). */
  async getCurrentlyPlaying(): Promise<SpotifyCurrentlyPlaying | null> {
    const { data } = await this.send('GET', '/me/player/currently-playing', { additional_types: 'track,episode' });
    return this.#playbackBody(data, '/me/player/currently-playing') as SpotifyCurrentlyPlaying | null;
  }

  /** Playback state including the device; null when no device is active (204). */
  async getPlaybackState(): Promise<SpotifyPlaybackState | null> {
    const { data } = await this.send('GET', '/me/player', { additional_types: 'track,episode' });
    return this.#playbackBody(data, '/me/player') as SpotifyPlaybackState | null;
  }

  /** Resumes playback on the active device (`PUT /me/player/play`, no body: "resume", not "start over"). */
  async play(): Promise<void> {
    await this.send('PUT', '/me/player/play');
  }

  /** `PUT /me/player/pause`. Player commands answer 204; Premium only (403 PREMIUM_REQUIRED). */
  async pause(): Promise<void> {
    await this.send('PUT', '/me/player/pause');
  }

  /** `POST /me/player/next`; not retried once it may have reached Spotify (it would skip twice). */
  async next(): Promise<void> {
    await this.send('POST', '/me/player/next');
  }

  /** `POST /me/player/previous`; retried like `next`. */
  async previous(): Promise<void> {
    await this.send('POST', '/me/player/previous');
  }

  /** Saves an item (`spotify:track:…`) to the user's library: `PUT /me/library?uris=…`. */
  async saveToLibrary(uri: string): Promise<void> {
    await this.send('PUT', '/me/library', { uris: uri });
  }

  /** Removes an item from the user's library: `DELETE /me/library?uris=…`. */
  async removeFromLibrary(uri: string): Promise<void> {
    await this.send('DELETE', '/me/library', { uris: uri });
  }

  /** Whether the item is in the user's library: `GET /me/library/contains?uris=…` answers `[boolean]`. */
  async libraryContains(uri: string): Promise<boolean> {
    const { data } = await this.send('GET', '/me/library/contains', { uris: uri });
    if (!Array.isArray(data) || typeof data[0] !== 'boolean') {
      throw new TraytuneProblem('unexpected', 'GET /me/library/contains: the answer is not a list of booleans');
    }
    return data[0];
  }

  #playbackBody(data: unknown, path: string): Record<string, unknown> | null {
    if (data === null) return null;
    if (!isRecord(data)) throw new TraytuneProblem('unexpected', `GET ${path}: the answer is not an object`);
    return data;
  }

  /**
   * Sends one API call with the full retry policy and returns the parsed
   * answer, or throws a TraytuneProblem. Calls that are not idempotent (POST,
   * e.g. "next track") are not retried when the request may have reached
   * Spotify, since repeating them would skip twice. Protected rather than
   * private only so tests can drive it with other methods.
   */
  protected async send(
    method: HttpMethod,
    path: string,
    query: Readonly<Record<string, string>> = {},
    body?: unknown,
  ): Promise<ApiResponse> {
    const where = `${method} ${path}`;
    const idempotent = method !== 'POST';
    const url = new URL(this.#options.apiBaseUrl + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const payload = body === undefined ? undefined : JSON.stringify(body);

    let renewedToken: string | undefined;
    let renewed = false;
    let retries = 0;
    for (;;) {
      await this.#waitForGate(where);
      const token = renewedToken ?? (await this.#options.tokens.getAccessToken());
      renewedToken = undefined;
      const attempt = await this.#attempt(method, url, token, payload, where);

      if (attempt.type === 'failure') {
        if (retries < this.#maxRetries && (idempotent || !attempt.sent)) {
          retries = await this.#backoff(where, attempt.kind, retries, attempt.code);
          continue;
        }
        const message = attempt.kind === 'timeout' ? 'Spotify did not answer in time' : 'cannot reach Spotify';
        throw new TraytuneProblem(attempt.kind, `${where}: ${message} (${attempt.code})`, { cause: attempt.error });
      }

      const { status, text } = attempt;
      if (status >= 200 && status < 300) return { status, data: this.#parseSuccess(text, where) };

      if (status === 401) {
        // Any 401 gets exactly one renewal and one retry; a second means the login is gone.
        if (renewed) throw new TraytuneProblem('login-lost', `${where}: Spotify rejected a renewed token`, { status });
        renewed = true;
        this.#options.logger.debug(`${where}: 401, renewing the access token`);
        renewedToken = await this.#options.tokens.renewAfterRejection(token);
        continue;
      }

      if (status === 429) {
        const retryAfterS = parseRetryAfterS(attempt.retryAfter);
        const { reason } = readErrorBody(text);
        const quota = reason === 'QUOTA_EXCEEDED';
        this.#closeGate(retryAfterS, quota);
        if (quota) {
          throw new TraytuneProblem('quota-exceeded', `${where}: the developer account's quota is used up`, {
            status,
            retryAfterS,
            reason,
          });
        }
        if (retries < this.#maxRetries && retryAfterS * 1000 <= this.#maxInlineRetryAfterMs) {
          retries += 1;
          this.#options.logger.debug(`${where}: 429, retry ${retries} in ${retryAfterS} s`);
          this.#options.onRetry?.({ kind: 'rate-limited', retryInS: retryAfterS, attempt: retries });
          continue; // #waitForGate does the waiting, shared with every other call.
        }
        throw new TraytuneProblem('rate-limited', `${where}: rate limited for ${retryAfterS} s`, {
          status,
          retryAfterS,
          ...(reason === undefined ? {} : { reason }),
        });
      }

      if (status >= 500) {
        if (retries < this.#maxRetries && idempotent) {
          retries = await this.#backoff(where, 'server-error', retries, String(status));
          continue;
        }
        throw new TraytuneProblem('server-error', `${where}: Spotify answered ${status}`, { status });
      }

      throw problemForClientError(status, text, where);
    }
  }

  /** One HTTP exchange. Network errors come back as values; anything else is a bug and throws. */
  async #attempt(
    method: HttpMethod,
    url: URL,
    token: string,
    payload: string | undefined,
    where: string,
  ): Promise<Attempt> {
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await request(url, {
        dispatcher: this.#options.dispatcher,
        method,
        headers,
        body: payload ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      // Always drain the body: an unread body pins the keep-alive connection.
      const text = await response.body.text();
      return { type: 'response', status: response.statusCode, retryAfter: response.headers['retry-after'], text };
    } catch (error) {
      const failure = classifyNetworkError(error);
      if (failure === null) {
        throw new TraytuneProblem('unexpected', `${where}: request failed`, { cause: error });
      }
      return { type: 'failure', ...failure, error };
    }
  }

  /** Waits out a backoff delay and returns the new retry count. */
  async #backoff(where: string, kind: RetryInfo['kind'], retries: number, detail: string): Promise<number> {
    const delayMs = backoffDelayMs(retries, this.#options.backoff ?? DEFAULT_BACKOFF);
    const attempt = retries + 1;
    this.#options.logger.debug(`${where}: ${detail}, retry ${attempt} in ${delayMs} ms`);
    this.#options.onRetry?.({ kind, retryInS: delayMs / 1000, attempt });
    await sleep(this.#options.clock, delayMs);
    return attempt;
  }

  #parseSuccess(text: string, where: string): unknown {
    if (text.trim() === '') return null;
    const parsed = parseJson(text);
    if (!parsed.ok) throw new TraytuneProblem('unexpected', `${where}: the answer is not JSON`);
    return parsed.value;
  }

  /** After a 429 nothing may go out before Retry-After; a gate only ever moves later. */
  #closeGate(retryAfterS: number, quota: boolean): void {
    const now = this.#options.clock.now();
    const open = this.#gate !== null && this.#gate.until > now ? this.#gate : null;
    this.#gate = {
      until: Math.max(now + retryAfterS * 1000, open?.until ?? 0),
      quota: quota || open?.quota === true,
    };
  }

  /**
   * Holds a call until the gate opens, or throws when the wait is too long for
   * a caller to sit through (or the quota is gone, which waiting will not fix).
   */
  async #waitForGate(where: string): Promise<void> {
    for (;;) {
      const gate = this.#gate;
      const waitMs = gate === null ? 0 : gate.until - this.#options.clock.now();
      if (gate === null || waitMs <= 0) return;
      const retryAfterS = Math.ceil(waitMs / 1000);
      if (gate.quota) {
        throw new TraytuneProblem('quota-exceeded', `${where}: the developer account's quota is used up`, {
          retryAfterS,
          reason: 'QUOTA_EXCEEDED',
        });
      }
      if (waitMs > this.#maxInlineRetryAfterMs) {
        throw new TraytuneProblem('rate-limited', `${where}: rate limited for ${retryAfterS} s`, { retryAfterS });
      }
      await sleep(this.#options.clock, waitMs);
    }
  }
}

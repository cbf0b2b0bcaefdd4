/**
 * One login at a time, from "Log in" to stored tokens: the seed's /login and
 * /callback. A pending login is kept by its single-use `state` for ten
 * minutes; the callback server runs only while one is pending. Starting a new
 * login replaces the old one cleanly, and a callback for an unknown state
 * never disturbs the pending one (that is what a CSRF attempt looks like).
 */
import type { Clock, TimerHandle } from '../clock.ts';
import { redirectUriForPort, type RedirectTarget } from '../config/redirect-uri.ts';
import type { Logger } from '../log.ts';
import { isProblem, TraytuneProblem } from '../problems.ts';
import { pages, type CallbackPage } from './callback-pages.ts';
import { CallbackServer } from './callback-server.ts';
import type { AuthorizationRequest, SpotifyOAuth } from './oauth.ts';
import type { TokenSet } from './token.ts';

export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;

/** How a login attempt ended, for the app state. */
export type LoginOutcome =
  | { kind: 'succeeded' }
  | { kind: 'cancelled'; problem: TraytuneProblem }
  | { kind: 'failed'; problem: TraytuneProblem };

export interface LoginFlowOptions {
  oauth: Pick<SpotifyOAuth, 'createAuthorization' | 'validateCallback' | 'exchangeCode'>;
  redirect: RedirectTarget;
  scopes: readonly string[];
  /** Opens the authorize URL in the system browser. */
  openExternal: (url: string) => Promise<void>;
  /** Stores the new tokens; the success page is shown only after this resolves. */
  onTokens: (tokens: TokenSet) => Promise<void>;
  /** Reports the end of every login attempt that was not replaced by a newer one. */
  onOutcome: (outcome: LoginOutcome) => void;
  clock: Clock;
  logger: Logger;
  ttlMs?: number;
  /** For tests: build the server differently (e.g. to observe it). */
  createServer?: (options: ConstructorParameters<typeof CallbackServer>[0]) => CallbackServer;
}

interface PendingLogin {
  request: AuthorizationRequest;
  expiry: TimerHandle;
}

export class LoginFlow {
  readonly #options: LoginFlowOptions;
  readonly #pending = new Map<string, PendingLogin>();
  #server: CallbackServer | null = null;
  #ready: Promise<number> | null = null;
  #closing: Promise<void> = Promise.resolve();
  /** Bumped by every start() and cancel(), so a superseded start() knows to stand down. */
  #generation = 0;

  constructor(options: LoginFlowOptions) {
    this.#options = options;
  }

  get isPending(): boolean {
    return this.#pending.size > 0;
  }

  /** The callback server's port while a login is pending. */
  get callbackPort(): number | null {
    return this.#server?.port ?? null;
  }

  /**
   * Starts a login: listens for the callback, creates state and PKCE values,
   * and opens the authorize URL. Returns that URL (for "copy link" fallbacks).
   * Throws 'port-busy' when the callback port is taken.
   */
  async start(): Promise<string> {
    const generation = ++this.#generation;
    this.#dropAllPending();
    const port = await this.#ensureServer();
    const redirectUri = redirectUriForPort(this.#options.redirect, port);
    let request: AuthorizationRequest;
    try {
      request = await this.#options.oauth.createAuthorization(redirectUri, this.#options.scopes);
    } catch (error) {
      // Nothing is pending, so nothing may keep listening.
      await this.#closeServerIfIdle();
      throw error;
    }
    if (generation !== this.#generation) {
      // A newer start() or a cancel() came in while this one was setting up; it owns the server now.
      throw new TraytuneProblem('login-cancelled', 'This login was replaced or cancelled before it opened.');
    }
    const ttl = this.#options.ttlMs ?? PENDING_LOGIN_TTL_MS;
    const expiry = this.#options.clock.setTimeout(() => this.#expire(request.state), ttl);
    this.#pending.set(request.state, { request, expiry });
    const url = request.url.toString();
    try {
      await this.#options.openExternal(url);
    } catch (error) {
      // The URL is still usable: the UI offers to copy it. Log, do not fail the login.
      this.#options.logger.warn('could not open the browser for the login', error);
    }
    return url;
  }

  /** Cancels the pending login (if any) and stops listening. */
  async cancel(): Promise<void> {
    this.#generation += 1;
    this.#dropAllPending();
    await this.#closeServerIfIdle();
  }

  /** One server for all logins: concurrent starts share it, and it only reopens after it fully closed. */
  #ensureServer(): Promise<number> {
    if (this.#ready !== null) return this.#ready;
    const target = this.#options.redirect;
    const settings = {
      host: target.listenHost,
      port: target.listenPort ?? 0,
      path: target.path,
      onCallback: (params: URLSearchParams) => this.#onCallback(params),
      logger: this.#options.logger,
    };
    const server = this.#options.createServer?.(settings) ?? new CallbackServer(settings);
    const ready = this.#closing.then(() => server.listen());
    this.#server = server;
    this.#ready = ready;
    ready.catch(() => {
      if (this.#ready !== ready) return;
      this.#ready = null;
      this.#server = null;
    });
    return ready;
  }

  async #onCallback(params: URLSearchParams): Promise<CallbackPage> {
    const state = params.get('state');
    const pending = state === null ? undefined : this.#pending.get(state);
    if (state === null || pending === undefined) {
      this.#options.logger.warn('login callback with an unknown, used or expired state was refused');
      return pages.invalidState();
    }
    // Single use: the state is gone before anything else can happen.
    this.#pending.delete(state);
    this.#options.clock.clearTimeout(pending.expiry);
    try {
      return await this.#complete(params, pending.request, this.#generation);
    } finally {
      void this.#closeServerIfIdle();
    }
  }

  async #complete(params: URLSearchParams, request: AuthorizationRequest, generation: number): Promise<CallbackPage> {
    let grant: URLSearchParams;
    try {
      grant = this.#options.oauth.validateCallback(params, request.state);
    } catch (error) {
      const problem = asProblem(error);
      if (problem.kind === 'login-cancelled') {
        this.#options.onOutcome({ kind: 'cancelled', problem });
        return pages.cancelled();
      }
      this.#options.onOutcome({ kind: 'failed', problem });
      return params.has('error') ? pages.refused(params.get('error') ?? 'unknown error') : pages.missingCode();
    }
    if (!grant.get('code')) {
      this.#options.onOutcome({
        kind: 'failed',
        problem: new TraytuneProblem('login-failed', 'Spotify’s answer had no authorization code.'),
      });
      return pages.missingCode();
    }
    try {
      const tokens = await this.#options.oauth.exchangeCode(grant, request);
      if (generation !== this.#generation) {
        // Logged out, forgotten or reconfigured while the code was being exchanged: these tokens must not land.
        this.#options.logger.info('login finished after it was cancelled; its tokens were discarded');
        return pages.cancelled();
      }
      await this.#options.onTokens(tokens);
      this.#options.onOutcome({ kind: 'succeeded' });
      return pages.loggedIn();
    } catch (error) {
      const problem = asProblem(error);
      this.#options.logger.warn('code exchange failed', problem);
      this.#options.onOutcome({ kind: 'failed', problem });
      return pages.exchangeFailed(exchangeAdvice(problem));
    }
  }

  #expire(state: string): void {
    if (!this.#pending.delete(state)) return;
    this.#options.onOutcome({
      kind: 'failed',
      problem: new TraytuneProblem('login-failed', 'The login was not finished within 10 minutes. Start it again.'),
    });
    void this.#closeServerIfIdle();
  }

  #dropAllPending(): void {
    for (const pending of this.#pending.values()) this.#options.clock.clearTimeout(pending.expiry);
    this.#pending.clear();
  }

  async #closeServerIfIdle(): Promise<void> {
    if (this.#pending.size > 0 || this.#ready === null) return;
    const ready = this.#ready;
    const server = this.#server;
    this.#ready = null;
    this.#server = null;
    // Wait for a listen() still in progress, or close() would find nothing to close.
    this.#closing = ready.then(
      () => server?.close(),
      () => undefined,
    );
    await this.#closing;
  }
}

function asProblem(error: unknown): TraytuneProblem {
  if (isProblem(error)) return error;
  return new TraytuneProblem('login-failed', 'The login failed unexpectedly.', { cause: error });
}

function exchangeAdvice(problem: TraytuneProblem): string {
  switch (problem.kind) {
    case 'offline':
    case 'timeout':
      return 'Spotify could not be reached. Check your connection.';
    case 'invalid-client':
      return 'Spotify does not recognise this app’s Client ID or secret. Check them in the Spotify Developer Dashboard.';
    case 'login-lost':
      return 'Spotify refused the authorization code (it may have expired, or the redirect URI does not match the one registered in the dashboard).';
    default:
      return `${problem.message}`;
  }
}

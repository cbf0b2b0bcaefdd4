/**
 * The main-process core: the seed app's behaviour (log in, keep the token
 * fresh, show who is logged in and what is playing, log out) as one object
 * with injected platform parts. The Electron adapter, the browser preview and
 * the CLI all drive this same class and render its AppState.
 */
import type { Dispatcher } from 'undici';

import { DEFAULT_ACTIVITY, mergeActivity, type Activity } from './activity.ts';
import type { AppState, LogoutReason } from './app-state.ts';
import { AppStateStore, type StateListener } from './app-state-store.ts';
import { problemView } from './app-state.ts';
import type { LoginOutcome } from './auth/login-flow.ts';
import type { TokenSet } from './auth/token.ts';
import { TokenManager, type LoginLossReason } from './auth/token-manager.ts';
import { systemClock, type Clock } from './clock.ts';
import { resolveConfig, type ConfigProblem, type ConfigResult } from './config/config.ts';
import { DEFAULT_REDIRECT_URI } from './config/redirect-uri.ts';
import { silentLogger, type Logger } from './log.ts';
import type { TokenCipher } from './persistence/cipher.ts';
import type { SettingsStore } from './persistence/store.ts';
import { TokenVault } from './persistence/token-vault.ts';
import { PlayerControls } from './player-controls.ts';
import { isProblem, TraytuneProblem } from './problems.ts';
import { createHttpDispatcher } from './spotify/http.ts';
import type { NowPlaying } from './spotify/now-playing.ts';
import { toNowPlaying } from './spotify/now-playing.ts';
import type { Scheduler } from './spotify/schedule.ts';
import { NowPlayingWatcher } from './spotify/watcher.ts';
import { wire, type Wiring } from './wiring.ts';

export type { StateListener } from './app-state-store.ts';

export interface TraytuneCoreOptions {
  /** Environment variables (SPOTIFY_*, TRAYTUNE_*); they win over saved settings. */
  env: Readonly<Record<string, string | undefined>>;
  store: SettingsStore;
  /**
   * Where the encrypted login goes; defaults to `store`. The Electron adapter
   * passes an in-memory store when the OS offers no real keyring (Linux
   * `basic_text`) and the user has not opted in to keeping tokens anyway.
   */
  tokenStore?: SettingsStore;
  cipher: TokenCipher;
  /** Opens a URL in the system browser. */
  openExternal: (url: string) => Promise<void>;
  clock?: Clock;
  logger?: Logger;
  dispatcher?: Dispatcher;
  pollIntervalMs?: number;
  /** When to poll now-playing; default the adaptive scheduler (a `pollIntervalMs` means a fixed one). */
  scheduler?: Scheduler;
  /** A sentence to show once, when the settings file had to be set aside at start-up. */
  startupNotice?: string;
}

export type SaveSettingsResult = { ok: true } | { ok: false; problems: ConfigProblem[] };

export class TraytuneCore {
  readonly #options: TraytuneCoreOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #dispatcher: Dispatcher;
  readonly #vault: TokenVault;
  readonly #tokens: TokenManager;
  readonly #states: AppStateStore;
  readonly #controls: PlayerControls;
  #wiring: Wiring | null = null;
  #watcher: NowPlayingWatcher | null = null;
  #startupNotice: string | undefined;
  /** The problem on screen is a "retrying in N s" notice, to clear once a request gets through. */
  #showingRetryNotice = false;
  /** Power and visibility as the adapter last reported them; a new watcher starts from it. */
  #activity: Activity = { ...DEFAULT_ACTIVITY };

  constructor(options: TraytuneCoreOptions) {
    this.#options = options;
    this.#startupNotice = options.startupNotice;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#states = new AppStateStore(this.#logger);
    this.#dispatcher = options.dispatcher ?? createHttpDispatcher();
    this.#vault = new TokenVault({
      store: options.tokenStore ?? options.store,
      cipher: options.cipher,
      logger: this.#logger,
    });
    this.#tokens = new TokenManager({
      refresh: (refreshToken) => this.#requireWiring().oauth.refresh(refreshToken),
      storage: this.#vault,
      clock: this.#clock,
      logger: this.#logger,
      onLoginLost: (reason, problem) => this.#onLoginLost(reason, problem),
      onRefreshProblem: (problem) => this.#setProblem(problem),
    });
    this.#controls = new PlayerControls({
      clock: this.#clock,
      logger: this.#logger,
      state: () => this.#states.loggedIn,
      patch: (patch) => this.#states.patchLoggedIn(patch),
      client: () => (this.#tokens.isLoggedIn ? (this.#wiring?.client ?? null) : null),
      refresh: () => this.#watcher?.refreshNow(),
      onLoginProblem: (problem) => this.#setProblem(problem),
    });
  }

  get state(): AppState {
    return this.#states.state;
  }

  /** Calls `listener` with every new state; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void {
    return this.#states.subscribe(listener);
  }

  /** Reads the configuration and any saved login, then starts watching what is playing. */
  async start(): Promise<void> {
    const config = this.#configure();
    if (!config.ok) return;
    if (this.#tokens.isLoggedIn) {
      // A restart after new settings for the same app: keep the live login rather than re-reading
      // the vault, which could be a step behind a refresh in flight.
      this.#enterLoggedIn();
      return;
    }
    const loaded = await this.#vault.load();
    if (loaded.status === 'ok') {
      await this.#tokens.adopt(loaded.tokens, { persist: false });
      this.#enterLoggedIn();
      return;
    }
    // Shown once: a later restart (new settings) must not repeat it.
    const startupNotice = this.#startupNotice;
    this.#startupNotice = undefined;
    if (loaded.status === 'unreadable') this.#states.loggedOut('store-unreadable', loaded.reason);
    else if (startupNotice !== undefined) this.#states.loggedOut('store-unreadable', startupNotice);
    else this.#states.set({ screen: 'logged-out', notice: null });
  }

  /**
   * Starts a login in the system browser and returns the authorize URL (for
   * a "copy link" fallback). The state moves to logging-in at once.
   */
  async login(): Promise<string | null> {
    const wiring = this.#wiring;
    if (wiring === null) return null;
    this.#states.set({ screen: 'logging-in' });
    try {
      return await wiring.loginFlow.start();
    } catch (error) {
      if (isProblem(error, 'login-cancelled')) return null; // superseded by a newer login or a cancel
      const problem = asProblem(error);
      this.#states.loggedOut(problem.kind === 'port-busy' ? 'port-busy' : 'login-failed', problem.message);
      return null;
    }
  }

  async cancelLogin(): Promise<void> {
    await this.#wiring?.loginFlow.cancel();
    if (this.#states.state.screen === 'logging-in') this.#states.set({ screen: 'logged-out', notice: null });
  }

  /** The seed's /logout: timers stop, the tokens leave memory and disk. */
  async logout(): Promise<void> {
    this.#stopWatching();
    await this.#wiring?.loginFlow.cancel();
    await this.#tokens.logout();
    this.#controls.reset();
    this.#states.set({ screen: 'logged-out', notice: null });
  }

  /** Play/pause; shown at once, rolled back if Spotify refuses (see player-controls.ts). */
  togglePlayback(): Promise<void> {
    return this.#controls.togglePlayback();
  }

  /** Next track, unless Spotify disallows skipping now. */
  next(): Promise<void> {
    return this.#controls.next();
  }

  /** Previous track (or the start of this one, as Spotify decides). */
  previous(): Promise<void> {
    return this.#controls.previous();
  }

  /** Saves or removes the current track in the user's library. */
  toggleLike(): Promise<void> {
    return this.#controls.toggleLike();
  }

  /** The logged-in user's Spotify ID, or null before login (the seed's `/`). */
  async getUserId(): Promise<string | null> {
    if (!this.#tokens.isLoggedIn) return null;
    return (await this.#requireWiring().client.getMe()).id;
  }

  /** What is playing right now, fetched on demand (the seed's `/`). Throws a TraytuneProblem. */
  async getCurrentlyPlaying(): Promise<NowPlaying> {
    const body = await this.#requireWiring().client.getCurrentlyPlaying();
    return toNowPlaying(body, this.#clock.now());
  }

  /**
   * Saves the client ID and redirect URI (the setup screen). Invalid input is
   * refused with a message per field and nothing is saved. A different client
   * ID ends the current login: its tokens belong to the other app.
   */
  async saveSettings(input: { clientId: string; redirectUri?: string | undefined }): Promise<SaveSettingsResult> {
    const store = this.#options.store;
    const clientId = input.clientId.trim();
    const redirectUri = input.redirectUri?.trim() || store.get('redirectUri');
    // Validate what would be saved on its own, so an environment override cannot hide a bad entry.
    const check = resolveConfig({}, { clientId, redirectUri });
    const problems = check.ok ? [] : check.problems.filter((p) => p.field === 'clientId' || p.field === 'redirectUri');
    if (problems.length > 0) return { ok: false, problems };
    // With SPOTIFY_CLIENT_ID set, the saved ID is not the one in use, so saving it changes nothing live.
    const envClientId = this.#options.env['SPOTIFY_CLIENT_ID']?.trim();
    const clientChanged = (envClientId === undefined || envClientId === '') && store.get('clientId') !== clientId;
    store.set('clientId', clientId);
    if (redirectUri !== undefined) store.set('redirectUri', redirectUri);
    if (clientChanged && this.#tokens.isLoggedIn) {
      this.#stopWatching();
      await this.#tokens.logout();
    }
    await this.#wiring?.loginFlow.cancel();
    await this.start();
    return { ok: true };
  }

  /** The redirect URI in effect (what to register in the dashboard). */
  get redirectUri(): string {
    // Same precedence as resolveConfig, so the setup screen shows what login would use.
    const fromEnv = this.#options.env['SPOTIFY_REDIRECT_URI']?.trim();
    return (
      this.#wiring?.config.redirect.registered ??
      (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv) ??
      this.#options.store.get('redirectUri') ??
      DEFAULT_REDIRECT_URI
    );
  }

  /**
   * Power and visibility signals from the adapter (popover shown or hidden,
   * tooltip or notifications on, idle, lock, suspend); only the fields given
   * change. The now-playing watcher polls faster or slower (or not at all) to suit.
   */
  setActivity(activity: Partial<Activity>): void {
    this.#activity = mergeActivity(this.#activity, activity);
    this.#watcher?.setActivity(this.#activity);
  }

  /** Stops timers and the callback server; the saved login stays for the next start. */
  async dispose(): Promise<void> {
    this.#stopWatching();
    this.#tokens.dispose();
    await this.#wiring?.loginFlow.cancel();
    this.#states.clearListeners();
  }

  #configure(): ConfigResult {
    const store = this.#options.store;
    const result = resolveConfig(this.#options.env, {
      clientId: store.get('clientId'),
      redirectUri: store.get('redirectUri'),
    });
    if (!result.ok) {
      this.#wiring = null;
      this.#states.set({ screen: 'setup', problems: result.problems });
      return result;
    }
    this.#wiring = wire(result.config, {
      dispatcher: this.#dispatcher,
      clock: this.#clock,
      logger: this.#logger,
      openExternal: this.#options.openExternal,
      tokens: this.#tokens,
      onTokens: (tokens) => this.#onNewLogin(tokens),
      onLoginOutcome: (outcome) => this.#onLoginOutcome(outcome),
      onRetry: (info) => {
        this.#setProblem(
          new TraytuneProblem(info.kind, retryMessage(info.kind, info.retryInS), { retryAfterS: info.retryInS }),
        );
        this.#showingRetryNotice = true;
      },
    });
    return result;
  }

  async #onNewLogin(tokens: TokenSet): Promise<void> {
    // A new consent may be another account: Premium and liked states are asked again.
    this.#controls.reset();
    await this.#tokens.adopt(tokens, { persist: true });
  }

  #onLoginOutcome(outcome: LoginOutcome): void {
    if (outcome.kind === 'succeeded') {
      this.#enterLoggedIn();
    } else if (outcome.kind === 'cancelled') {
      this.#states.loggedOut('login-cancelled', 'You cancelled the login on Spotify.');
    } else {
      const reason: LogoutReason = outcome.problem.kind === 'invalid-client' ? 'invalid-client' : 'login-failed';
      this.#states.loggedOut(reason, outcome.problem.message);
    }
  }

  #enterLoggedIn(): void {
    const wiring = this.#requireWiring();
    this.#controls.forgetTrack();
    this.#states.set({
      screen: 'logged-in',
      user: null,
      nowPlaying: null,
      problem: null,
      liked: null,
      controls: this.#controls.view(),
    });
    wiring.client.getMe().then(
      (user) => this.#states.patchLoggedIn({ user }),
      (error: unknown) => this.#setProblem(asProblem(error)),
    );
    this.#stopWatching();
    this.#watcher = new NowPlayingWatcher({
      client: {
        // A retry that succeeded inside the client never reaches the watcher as a problem, so clear its notice here.
        getCurrentlyPlaying: async () => {
          const body = await wiring.client.getCurrentlyPlaying();
          if (this.#showingRetryNotice) this.#setProblem(null);
          return body;
        },
      },
      clock: this.#clock,
      logger: this.#logger,
      ...(this.#options.pollIntervalMs === undefined ? {} : { intervalMs: this.#options.pollIntervalMs }),
      ...(this.#options.scheduler === undefined ? {} : { scheduler: this.#options.scheduler }),
      activity: this.#activity,
      onUpdate: (nowPlaying) => this.#controls.onNowPlaying(nowPlaying),
      onProblem: (problem) => this.#setProblem(problem),
    });
    this.#watcher.start();
  }

  #onLoginLost(reason: LoginLossReason, _problem: TraytuneProblem): void {
    this.#stopWatching();
    if (reason === 'expired') {
      this.#states.loggedOut(
        'login-expired',
        'Spotify ends logins six months after you authorise Traytune. Log in again to continue.',
      );
    } else {
      this.#states.loggedOut(
        'login-revoked',
        'Spotify ended this login (access was revoked or the app changed). Log in again.',
      );
    }
  }

  #setProblem(problem: TraytuneProblem | null): void {
    if (problem?.kind === 'login-lost' && this.#tokens.isLoggedIn) {
      // A 401 that survived a fresh token: Spotify no longer accepts this login at all.
      void this.#endRejectedLogin();
      return;
    }
    if (problem !== null && (problem.kind === 'login-lost' || problem.kind === 'not-logged-in')) return;
    this.#showingRetryNotice = false;
    this.#states.patchLoggedIn({ problem: problem === null ? null : problemView(problem) });
  }

  async #endRejectedLogin(): Promise<void> {
    this.#stopWatching();
    await this.#tokens.logout();
    this.#states.loggedOut(
      'login-revoked',
      'Spotify no longer accepts this login (access was revoked or the app changed). Log in again.',
    );
  }

  #stopWatching(): void {
    this.#watcher?.stop();
    this.#watcher = null;
  }

  #requireWiring(): Wiring {
    if (this.#wiring === null) throw new TraytuneProblem('not-logged-in', 'Traytune is not set up yet.');
    return this.#wiring;
  }
}

function asProblem(error: unknown): TraytuneProblem {
  return isProblem(error)
    ? error
    : new TraytuneProblem('unexpected', 'Something unexpected went wrong.', { cause: error });
}

function retryMessage(kind: string, retryInS: number): string {
  const seconds = Math.max(1, Math.round(retryInS));
  return kind === 'rate-limited'
    ? `Spotify is rate limiting Traytune; retrying in ${seconds} s.`
    : `Spotify could not be reached; retrying in ${seconds} s.`;
}

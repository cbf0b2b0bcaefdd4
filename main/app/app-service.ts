/**
 * The app behind the popover, without Electron: it owns the real
 * TraytuneCore and, while the demo runs, a demo core pointed at the built-in
 * simulated Spotify, and turns whichever is active into the contract's
 * ViewState. The Electron adapter (over IPC) and the browser preview (over
 * HTTP) both expose this one object, so they cannot behave differently.
 */
import { DEFAULT_ACTIVITY, mergeActivity, type Activity } from '../core/activity.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import { TraytuneCore, type TraytuneCoreOptions } from '../core/traytune-core.ts';
import type {
  ExternalTarget,
  Preferences,
  SaveSettingsResult,
  SetPreferencesResult,
  SettingsInput,
  TokenStorageMode,
  TraytuneApi,
  ViewState,
} from '../contract/ipc.ts';
import { startDemoSession, type DemoSession } from './demo-session.ts';
import { DASHBOARD_URL, externalUrl } from './external-url.ts';
import { currentPreferences, savePreferences, toPlatform } from './preferences.ts';

/** Why a URL is being opened: the authorize page of a login, or one of the contract's targets. */
export type OpenPurpose = 'login' | ExternalTarget;

export interface AppServiceOptions {
  /** The real core's options; AppService supplies its `openExternal` from `openUrl`. */
  core: Omit<TraytuneCoreOptions, 'openExternal'>;
  /**
   * Opens a URL in the system browser (or the Spotify app for a `spotify:`
   * URI). Only ever called with URLs built in the main process.
   */
  openUrl: (url: string, purpose: OpenPurpose) => Promise<void>;
  /** Hides the popover (Escape); the preview has none. */
  hidePopover?: () => void | Promise<void>;
  /** Where the real login is kept, shown by the UI. */
  tokenStorage: TokenStorageMode;
  /** Shown in the footer. */
  version: string;
  /** Asked on each "Open in Spotify": true opens the desktop app with a `spotify:` URI. */
  preferSpotifyUri?: () => boolean;
  /** The OS, for the settings view; default from `process.platform`. */
  platform?: ViewState['platform'];
  /** Demo tuning for tests: the simulated player's clock and the demo core's poll interval. */
  demo?: { now?: () => number; pollIntervalMs?: number };
}

export type ViewStateListener = (state: ViewState) => void;

/**
 * Implements the contract's API (minus the renderer-side `onState`, which
 * each front end builds on `subscribe`).
 */
export class AppService implements Omit<TraytuneApi, 'onState'> {
  readonly #options: AppServiceOptions;
  readonly #core: TraytuneCore;
  readonly #logger: Logger;
  readonly #listeners = new Set<ViewStateListener>();
  #demo: DemoSession | null = null;
  /** Starting and leaving the demo run one at a time, in order. */
  #demoQueue: Promise<unknown> = Promise.resolve();
  #disposed = false;
  /** Power and visibility as last reported, for a demo core started later. */
  #activity: Activity = { ...DEFAULT_ACTIVITY };

  constructor(options: AppServiceOptions) {
    this.#options = options;
    this.#logger = options.core.logger ?? silentLogger;
    this.#core = new TraytuneCore({ ...options.core, openExternal: (url) => options.openUrl(url, 'login') });
    // The real core keeps running under the demo; its changes show once the demo ends.
    this.#core.subscribe(() => {
      if (this.#demo === null) this.#emit();
    });
  }

  /** Reads the settings and any saved login of the real core. */
  start(): Promise<void> {
    return this.#core.start();
  }

  /** True while the demo is shown. */
  get demo(): boolean {
    return this.#demo !== null;
  }

  /** The contract's snapshot call; `view` is the same, synchronously. */
  async getState(): Promise<ViewState> {
    return this.view;
  }

  /** What the popover shows now. */
  get view(): ViewState {
    const clientId = this.#options.core.store.get('clientId');
    return {
      app: (this.#demo?.core ?? this.#core).state,
      setup: { redirectUri: this.#redirectUri(), clientId: clientId ?? null, dashboardUrl: DASHBOARD_URL },
      demo: this.#demo !== null,
      tokenStorage: this.#options.tokenStorage,
      version: this.#options.version,
      preferences: currentPreferences(this.#options.core.store),
      platform: this.#options.platform ?? toPlatform(process.platform),
    };
  }

  /** Calls `listener` with every new view state; returns the unsubscribe function. */
  subscribe(listener: ViewStateListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Starts a login in the browser with the active core (the demo's while it runs). */
  async login(): Promise<void> {
    await this.#active().login();
  }

  /** Abandons the pending login; the browser tab, if still open, then gets "Invalid state". */
  async cancelLogin(): Promise<void> {
    await this.#active().cancelLogin();
  }

  /** Logs out; in the demo, leaves it and shows the real app again (the demo login is simply dropped). */
  async logout(): Promise<void> {
    if (this.#demo !== null) return this.leaveDemo();
    await this.#core.logout();
  }

  /** Saves the real app's settings; on success a running demo ends, so the user sees the result. */
  async saveSettings(input: SettingsInput): Promise<SaveSettingsResult> {
    const result = await this.#core.saveSettings(input);
    if (result.ok && this.#demo !== null) await this.leaveDemo();
    return result;
  }

  /** Opens the URL for `target`, built here; does nothing when there is nothing to open. */
  async openExternal(target: ExternalTarget): Promise<void> {
    const demo = this.#demo;
    const url = externalUrl(target, {
      state: (demo?.core ?? this.#core).state,
      preferSpotifyUri: this.#options.preferSpotifyUri?.() ?? false,
      demoOrigin: demo?.origin ?? null,
    });
    if (url === null) {
      this.#logger.debug('nothing to open', { target });
      return;
    }
    await this.#options.openUrl(url, target);
  }

  /** Starts the built-in simulated Spotify and shows it (logged out, labelled as the demo). */
  startDemo(): Promise<void> {
    return this.#inOrder(async () => {
      if (this.#demo !== null || this.#disposed) return;
      const demo = await startDemoSession({
        openExternal: (url) => this.#options.openUrl(url, 'login'),
        logger: this.#logger,
        ...this.#options.demo,
      });
      this.#demo = demo;
      demo.core.setActivity(this.#activity);
      demo.core.subscribe(() => {
        if (this.#demo === demo) this.#emit();
      });
      await demo.core.start();
      this.#emit();
    });
  }

  /** Ends the demo (its login is dropped with it) and shows the real app again. */
  leaveDemo(): Promise<void> {
    return this.#inOrder(async () => {
      const demo = this.#demo;
      if (demo === null) return;
      this.#demo = null;
      this.#emit();
      await demo.close();
    });
  }

  /**
   * Power and visibility signals from the front end (popover shown, idle,
   * locked, suspended; see core/activity.ts), so polling suits them. Both
   * cores get them: the real one keeps running under the demo.
   */
  setActivity(activity: Partial<Activity>): void {
    this.#activity = mergeActivity(this.#activity, activity);
    this.#core.setActivity(activity);
    this.#demo?.core.setActivity(activity);
  }

  /** Play/pause on the active core (the demo's player while the demo runs). */
  async togglePlayback(): Promise<void> {
    await this.#active().togglePlayback();
  }

  async next(): Promise<void> {
    await this.#active().next();
  }

  async previous(): Promise<void> {
    await this.#active().previous();
  }

  /** Saves or removes the current track in the library. */
  async toggleLike(): Promise<void> {
    await this.#active().toggleLike();
  }

  /**
   * Saves preferences and tells every subscriber: the Electron adapter
   * applies them from the new view state, without a restart.
   */
  async setPreferences(patch: Partial<Preferences>): Promise<SetPreferencesResult> {
    const result = savePreferences(this.#options.core.store, patch);
    if (result.ok) this.#emit();
    return result;
  }

  /**
   * Leaves the demo, logs out and deletes everything saved: client ID,
   * redirect URI, the login, and the preferences (back to their defaults).
   */
  async forgetThisComputer(): Promise<void> {
    await this.leaveDemo();
    await this.#core.logout();
    const store = this.#options.core.store;
    for (const key of ['clientId', 'redirectUri', 'tokens', 'tokenCipher', 'preferences'] as const) store.delete(key);
    // Back to the setup screen (or logged out, when SPOTIFY_CLIENT_ID is set).
    await this.#core.start();
    this.#emit();
  }

  async hidePopover(): Promise<void> {
    await this.#options.hidePopover?.();
  }

  /** Stops both cores and the demo server; the real login stays saved for the next start. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.leaveDemo();
    this.#listeners.clear();
    await this.#core.dispose();
  }

  /**
   * The redirect URI to register. Before the core is configured (the setup
   * screen) its getter knows only the saved value, but SPOTIFY_REDIRECT_URI
   * wins over that, as everywhere else.
   */
  #redirectUri(): string {
    const fromEnv = this.#options.core.env['SPOTIFY_REDIRECT_URI']?.trim();
    return fromEnv === undefined || fromEnv === '' ? this.#core.redirectUri : fromEnv;
  }

  #active(): TraytuneCore {
    return this.#demo?.core ?? this.#core;
  }

  #inOrder(step: () => Promise<void>): Promise<void> {
    const run = this.#demoQueue.then(step);
    this.#demoQueue = run.catch(() => undefined);
    return run;
  }

  #emit(): void {
    const state = this.view;
    for (const listener of this.#listeners) {
      try {
        listener(state);
      } catch (error) {
        this.#logger.error('view state listener failed', error);
      }
    }
  }
}

/**
 * TEST DOUBLE of the service behind the Electron adapter (main/app's
 * AppService), reduced to what startTraytune needs: it holds a ViewState,
 * records calls and activity patches, and lets a test change the state as
 * the core would. Used by the adapter tests in test/unit/electron-*.test.ts.
 */
import {
  DEFAULT_PREFERENCES,
  type ExternalTarget,
  type Preferences,
  type SaveSettingsResult,
  type SetPreferencesResult,
  type SettingsInput,
  type ViewState,
} from '../../../main/contract/ipc.ts';
import type { Activity } from '../../../main/core/activity.ts';
import type { AppHandlers, HandlersContext } from '../../../main/electron/app.ts';
import type { TokenStorage } from '../../../main/electron/token-storage-mode.ts';

export const LOGGED_OUT: ViewState = {
  app: { screen: 'logged-out', notice: null },
  setup: {
    redirectUri: 'http://127.0.0.1:29593/callback',
    clientId: 'c',
    dashboardUrl: 'https://developer.spotify.com/dashboard',
  },
  demo: false,
  tokenStorage: 'keyring',
  version: '1.0.0',
  preferences: DEFAULT_PREFERENCES,
  platform: 'linux',
};

/** The service behind the popover, with the adapter's view of it. */
export class TestService implements AppHandlers {
  state = LOGGED_OUT;
  demo = false;
  started = false;
  disposed = false;
  readonly calls: string[] = [];
  readonly activity: Partial<Activity>[] = [];
  readonly #listeners = new Set<(state: ViewState) => void>();
  readonly context: HandlersContext;
  /** Unset by default, as the adapter must cope without it; a test sets it to see the switch. */
  switchTokenStorage?: (storage: TokenStorage) => Promise<void>;
  constructor(context: HandlersContext) {
    this.context = context;
  }
  async start(): Promise<void> {
    this.started = true;
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
  async getState(): Promise<ViewState> {
    return this.state;
  }
  subscribe(listener: (state: ViewState) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  /** Plays the core: a new state, pushed to every subscriber. */
  set(state: ViewState): void {
    this.state = state;
    for (const listener of this.#listeners) listener(state);
  }
  setActivity(patch: Partial<Activity>): void {
    this.activity.push(patch);
  }
  async login(): Promise<void> {
    this.calls.push('login');
    await this.context.openUrl('https://accounts.spotify.com/authorize?client_id=c');
    this.set({ ...this.state, app: { screen: 'logging-in' } });
  }
  async cancelLogin(): Promise<void> {}
  async logout(): Promise<void> {
    this.calls.push('logout');
  }
  async saveSettings(_input: SettingsInput): Promise<SaveSettingsResult> {
    return { ok: true };
  }
  async openExternal(_target: ExternalTarget): Promise<void> {}
  async startDemo(): Promise<void> {}
  async hidePopover(): Promise<void> {
    this.context.hidePopover();
  }
  async togglePlayback(): Promise<void> {
    this.calls.push('togglePlayback');
  }
  async next(): Promise<void> {
    this.calls.push('next');
  }
  async previous(): Promise<void> {
    this.calls.push('previous');
  }
  async toggleLike(): Promise<void> {
    this.calls.push('toggleLike');
  }
  /** Applies the patch to the state's preferences, as AppService does, and pushes the state. */
  async setPreferences(patch: Partial<Preferences>): Promise<SetPreferencesResult> {
    this.calls.push('setPreferences');
    this.set({ ...this.state, preferences: { ...this.state.preferences, ...patch } });
    return { ok: true };
  }
  async forgetThisComputer(): Promise<void> {
    this.calls.push('forgetThisComputer');
  }
}

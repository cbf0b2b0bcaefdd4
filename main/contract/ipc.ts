/**
 * The one IPC contract between the main process, the preload and the
 * renderer (and the browser preview's bridge, which implements the same
 * API over HTTP). Channels are `domain:action`. Only view state crosses:
 * nothing here can carry an access or refresh token.
 */
import type { AppState } from '../core/app-state.ts';

/** Where the saved login is kept, so the UI can say so (Linux without a keyring keeps it in memory only). */
export type TokenStorageMode = 'keyring' | 'memory-only' | 'plaintext-opt-in' | 'key-file';

/** Everything the popover renders. */
export interface ViewState {
  app: AppState;
  /** The redirect URI to register in the Spotify dashboard, and the saved client ID (not a secret). */
  setup: { redirectUri: string; clientId: string | null; dashboardUrl: string };
  /** True while the built-in simulated Spotify is in use; the UI labels it. */
  demo: boolean;
  tokenStorage: TokenStorageMode;
  /** Version shown in the footer. */
  version: string;
  /** The user's preferences, as saved (defaults applied). */
  preferences: Preferences;
  /** Which OS the app runs on, so the settings view only offers what applies (menu-bar title: macOS). */
  platform: 'darwin' | 'win32' | 'linux' | 'other';
}

/**
 * Preferences from the settings view. All off by default; each applies at
 * once, without a restart.
 */
export interface Preferences {
  /** A notification on track change (never while the popover is open). */
  notifications: boolean;
  /** Start Traytune when the user logs in to the computer. */
  launchAtLogin: boolean;
  /** macOS: "Title — Artist" next to the tray icon. */
  menuBarTitle: boolean;
  /** Play/pause, next and previous media keys control Spotify through Traytune. */
  mediaKeys: boolean;
  /** An Electron accelerator (e.g. "CommandOrControl+Alt+T") that toggles the popover; null for none. */
  shortcut: string | null;
  /** Linux without a keyring: keep the login on disk anyway (obfuscated, not encrypted). */
  allowPlaintextTokens: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  notifications: false,
  launchAtLogin: false,
  menuBarTitle: false,
  mediaKeys: false,
  shortcut: null,
  allowPlaintextTokens: false,
};

export type SetPreferencesResult = { ok: true } | { ok: false; message: string };

export interface SettingsInput {
  clientId: string;
  /** Omitted: keep the current (or default) redirect URI. */
  redirectUri?: string;
}

export type SaveSettingsResult = { ok: true } | { ok: false; problems: { field: string; message: string }[] };

/** What `openExternal` may open; main builds every URL itself. */
export type ExternalTarget = 'current-item' | 'dashboard' | 'profile';

/** The API the preload exposes as `window.traytune` (and the preview bridge implements). */
export interface TraytuneApi {
  getState(): Promise<ViewState>;
  /** Calls `listener` with each new state; returns an unsubscribe function. */
  onState(listener: (state: ViewState) => void): () => void;
  login(): Promise<void>;
  cancelLogin(): Promise<void>;
  logout(): Promise<void>;
  saveSettings(input: SettingsInput): Promise<SaveSettingsResult>;
  openExternal(target: ExternalTarget): Promise<void>;
  startDemo(): Promise<void>;
  /** Hides the popover (Escape key). */
  hidePopover(): Promise<void>;
  /** Play when paused, pause when playing. The UI updates at once and reconciles with Spotify's next state. */
  togglePlayback(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  /** Saves or removes the current track in the user's library (`/me/library`). */
  toggleLike(): Promise<void>;
  /** Changes some preferences; the rest stay. A bad shortcut is refused with a message. */
  setPreferences(patch: Partial<Preferences>): Promise<SetPreferencesResult>;
  /** Logs out and deletes every setting Traytune saved on this computer. */
  forgetThisComputer(): Promise<void>;
}

/** Request/response channels (ipcRenderer.invoke ↔ ipcMain.handle). */
export const invokeChannels = {
  getState: 'app:get-state',
  login: 'auth:login',
  cancelLogin: 'auth:cancel-login',
  logout: 'auth:logout',
  saveSettings: 'settings:save',
  openExternal: 'shell:open-external',
  startDemo: 'demo:start',
  hidePopover: 'window:hide-popover',
  togglePlayback: 'player:toggle',
  next: 'player:next',
  previous: 'player:previous',
  toggleLike: 'library:toggle-like',
  setPreferences: 'settings:set-preferences',
  forgetThisComputer: 'settings:forget',
} as const satisfies Record<Exclude<keyof TraytuneApi, 'onState'>, `${string}:${string}`>;

/** Main → renderer events (webContents.send ↔ ipcRenderer.on). */
export const eventChannels = {
  state: 'app:state-changed',
} as const;

export type InvokeChannel = (typeof invokeChannels)[keyof typeof invokeChannels];

/** Argument and result types per invoke channel, for the typed `handle()` gate. */
/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void`: these handlers resolve with nothing, like the API methods they mirror. */
export interface InvokeSignatures {
  'app:get-state': { args: []; result: ViewState };
  'auth:login': { args: []; result: void };
  'auth:cancel-login': { args: []; result: void };
  'auth:logout': { args: []; result: void };
  'settings:save': { args: [SettingsInput]; result: SaveSettingsResult };
  'shell:open-external': { args: [ExternalTarget]; result: void };
  'demo:start': { args: []; result: void };
  'window:hide-popover': { args: []; result: void };
  'player:toggle': { args: []; result: void };
  'player:next': { args: []; result: void };
  'player:previous': { args: []; result: void };
  'library:toggle-like': { args: []; result: void };
  'settings:set-preferences': { args: [Partial<Preferences>]; result: SetPreferencesResult };
  'settings:forget': { args: []; result: void };
}
/* eslint-enable @typescript-eslint/no-invalid-void-type */

const EXTERNAL_TARGETS: readonly ExternalTarget[] = ['current-item', 'dashboard', 'profile'];

/**
 * Argument validators, shared by the Electron IPC gate and the preview
 * bridge: a call whose arguments fail is rejected before any handler runs.
 */
export const validateArgs: { [C in InvokeChannel]: (args: unknown[]) => args is InvokeSignatures[C]['args'] } = {
  'app:get-state': isEmpty,
  'auth:login': isEmpty,
  'auth:cancel-login': isEmpty,
  'auth:logout': isEmpty,
  'settings:save': (args): args is [SettingsInput] => {
    if (args.length !== 1) return false;
    const input = args[0];
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
    const record = input as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!keys.every((key) => key === 'clientId' || key === 'redirectUri')) return false;
    return (
      typeof record['clientId'] === 'string' &&
      record['clientId'].length <= 256 &&
      (record['redirectUri'] === undefined ||
        (typeof record['redirectUri'] === 'string' && record['redirectUri'].length <= 2048))
    );
  },
  'shell:open-external': (args): args is [ExternalTarget] =>
    args.length === 1 && EXTERNAL_TARGETS.includes(args[0] as ExternalTarget),
  'demo:start': isEmpty,
  'window:hide-popover': isEmpty,
  'player:toggle': isEmpty,
  'player:next': isEmpty,
  'player:previous': isEmpty,
  'library:toggle-like': isEmpty,
  'settings:set-preferences': (args): args is [Partial<Preferences>] =>
    args.length === 1 && isPreferencesPatch(args[0]),
  'settings:forget': isEmpty,
};

/** Accelerators look like "CommandOrControl+Alt+T": modifiers and one key, joined by "+". */
export const SHORTCUT_PATTERN =
  /^(?:(?:Command|Cmd|Control|Ctrl|CommandOrControl|CmdOrCtrl|Alt|Option|AltGr|Shift|Super|Meta)\+){1,4}(?:[A-Z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Space|Up|Down|Left|Right|Home|End|PageUp|PageDown)$/;

const BOOLEAN_PREFERENCES = [
  'notifications',
  'launchAtLogin',
  'menuBarTitle',
  'mediaKeys',
  'allowPlaintextTokens',
] as const;

function isPreferencesPatch(value: unknown): value is Partial<Preferences> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(record).every(([key, v]) => {
    if ((BOOLEAN_PREFERENCES as readonly string[]).includes(key)) return typeof v === 'boolean';
    if (key === 'shortcut') return v === null || (typeof v === 'string' && v.length <= 64 && SHORTCUT_PATTERN.test(v));
    return false;
  });
}

function isEmpty(args: unknown[]): args is [] {
  return args.length === 0;
}

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
}

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
};

function isEmpty(args: unknown[]): args is [] {
  return args.length === 0;
}

/**
 * The IPC gate against the electron double: only the popover's main frame on
 * app://traytune reaches a handler, arguments are validated before any
 * handler runs, every contract channel is served, and state is pushed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  DEFAULT_PREFERENCES,
  invokeChannels,
  type ExternalTarget,
  type SaveSettingsResult,
  type Preferences,
  type SetPreferencesResult,
  type SettingsInput,
  type ViewState,
} from '../../main/contract/ipc.ts';
import { setupIpc, type ApiHandlers } from '../../main/electron/ipc.ts';
import { RENDERER_URL } from '../../main/electron/protocol.ts';
import { createRecordingLogger, type RecordingLogger } from '../support/recording-logger.ts';
import * as electron from '../doubles/electron.ts';

const STATE: ViewState = {
  app: { screen: 'logged-out', notice: null },
  setup: {
    redirectUri: 'http://127.0.0.1:29593/callback',
    clientId: null,
    dashboardUrl: 'https://developer.spotify.com/dashboard',
  },
  demo: false,
  tokenStorage: 'keyring',
  version: '1.0.0',
  preferences: DEFAULT_PREFERENCES,
  platform: 'linux',
};

/** A real implementation of the handlers the gate calls, recording each call. */
class RecordingHandlers implements ApiHandlers {
  readonly calls: { name: string; args: unknown[] }[] = [];
  readonly #listeners = new Set<(state: ViewState) => void>();
  failLogin = false;

  async getState(): Promise<ViewState> {
    this.calls.push({ name: 'getState', args: [] });
    return STATE;
  }
  subscribe(listener: (state: ViewState) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  emit(state: ViewState): void {
    for (const listener of this.#listeners) listener(state);
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
  async login(): Promise<void> {
    this.calls.push({ name: 'login', args: [] });
    if (this.failLogin) throw new Error('port 29593 is busy (internal detail)');
  }
  async cancelLogin(): Promise<void> {
    this.calls.push({ name: 'cancelLogin', args: [] });
  }
  async logout(): Promise<void> {
    this.calls.push({ name: 'logout', args: [] });
  }
  async saveSettings(input: SettingsInput): Promise<SaveSettingsResult> {
    this.calls.push({ name: 'saveSettings', args: [input] });
    return { ok: true };
  }
  async openExternal(target: ExternalTarget): Promise<void> {
    this.calls.push({ name: 'openExternal', args: [target] });
  }
  async startDemo(): Promise<void> {
    this.calls.push({ name: 'startDemo', args: [] });
  }
  async hidePopover(): Promise<void> {
    this.calls.push({ name: 'hidePopover', args: [] });
  }
  async togglePlayback(): Promise<void> {
    this.calls.push({ name: 'togglePlayback', args: [] });
  }
  async next(): Promise<void> {
    this.calls.push({ name: 'next', args: [] });
  }
  async previous(): Promise<void> {
    this.calls.push({ name: 'previous', args: [] });
  }
  async toggleLike(): Promise<void> {
    this.calls.push({ name: 'toggleLike', args: [] });
  }
  async setPreferences(patch: Partial<Preferences>): Promise<SetPreferencesResult> {
    this.calls.push({ name: 'setPreferences', args: [patch] });
    return { ok: true };
  }
  async forgetThisComputer(): Promise<void> {
    this.calls.push({ name: 'forgetThisComputer', args: [] });
  }
}

let window: electron.BrowserWindow;
let handlers: RecordingHandlers;
let logger: RecordingLogger;
let dispose: () => void;

beforeEach(async () => {
  electron.resetElectronDouble();
  window = new electron.BrowserWindow({});
  await window.loadURL(RENDERER_URL);
  handlers = new RecordingHandlers();
  logger = createRecordingLogger();
  dispose = setupIpc({ ipcMain: electron.ipcMain, popover: () => window.webContents, handlers, logger });
});
afterEach(() => dispose());

const fromPopover = () => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

describe('the IPC gate', () => {
  it('serves every invoke channel of the contract', () => {
    expect(electron.handledChannels()).toEqual(Object.values(invokeChannels).sort());
  });

  it('passes a good call from the popover to its handler', async () => {
    expect(await electron.invokeIpc('app:get-state', fromPopover())).toEqual(STATE);
    const input = { clientId: '0123456789abcdef0123456789abcdef', redirectUri: 'http://127.0.0.1/callback' };
    expect(await electron.invokeIpc('settings:save', fromPopover(), input)).toEqual({ ok: true });
    await electron.invokeIpc('shell:open-external', fromPopover(), 'current-item');
    expect(handlers.calls).toEqual([
      { name: 'getState', args: [] },
      { name: 'saveSettings', args: [input] },
      { name: 'openExternal', args: ['current-item'] },
    ]);
  });

  it('maps each channel to its own handler', async () => {
    for (const [name, channel] of Object.entries(invokeChannels)) {
      if (name === 'saveSettings' || name === 'openExternal' || name === 'setPreferences') continue;
      await electron.invokeIpc(channel, fromPopover());
      expect(handlers.calls.at(-1)?.name).toBe(name);
    }
  });

  it.each([
    [
      'another web contents',
      () => ({ sender: new electron.BrowserWindow({}).webContents, senderFrame: window.webContents.mainFrame }),
    ],
    [
      'a subframe of the popover',
      () => ({ sender: window.webContents, senderFrame: { ...window.webContents.mainFrame, routingId: 7 } }),
    ],
    ['a frame already gone', () => ({ sender: window.webContents, senderFrame: null })],
    [
      'the popover after navigating away',
      () => {
        window.webContents.mainFrame.url = 'https://evil.example/';
        return fromPopover();
      },
    ],
    [
      'a file:// page in the popover',
      () => {
        window.webContents.mainFrame.url = 'file:///tmp/index.html';
        return fromPopover();
      },
    ],
  ])('refuses %s before any handler runs', async (_name, event) => {
    await expect(electron.invokeIpc('auth:login', event())).rejects.toThrow('Refused.');
    expect(handlers.calls).toEqual([]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'IPC refused: not the popover' }),
    );
  });

  it('refuses calls once the popover is gone', async () => {
    window.destroy();
    await expect(electron.invokeIpc('app:get-state', fromPopover())).rejects.toThrow('Refused.');
    expect(handlers.calls).toEqual([]);
  });

  it.each([
    ['settings:save', [{ clientId: 42 }]],
    ['settings:save', [{ clientId: 'abc', token: 'x' }]],
    ['settings:save', []],
    ['shell:open-external', ['https://evil.example/']],
    ['shell:open-external', ['current-item', 'extra']],
    ['auth:login', ['unexpected']],
    ['app:get-state', [{}]],
    ['player:toggle', ['now']],
    ['player:next', [1]],
    ['player:previous', [null]],
    ['library:toggle-like', [true]],
    ['settings:forget', [{ really: true }]],
    ['settings:set-preferences', []],
    ['settings:set-preferences', [null]],
    ['settings:set-preferences', [['mediaKeys']]],
    ['settings:set-preferences', [{ mediaKeys: 'yes' }]],
    ['settings:set-preferences', [{ notifications: 1 }]],
    ['settings:set-preferences', [{ shortcut: 'rm -rf /' }]],
    ['settings:set-preferences', [{ shortcut: 'T' }]],
    ['settings:set-preferences', [{ shortcut: `CommandOrControl+${'A'.repeat(80)}` }]],
    ['settings:set-preferences', [{ launchAtLogin: true, exec: 'https://evil.example/' }]],
    ['settings:set-preferences', [{ mediaKeys: true }, {}]],
  ])('rejects %s with bad arguments %j before the handler', async (channel, args) => {
    await expect(electron.invokeIpc(channel, fromPopover(), ...args)).rejects.toThrow('Invalid arguments.');
    expect(handlers.calls).toEqual([]);
    // The arguments themselves never reach the log.
    expect(logger.text()).not.toContain('evil.example');
  });

  it('passes good preference patches to setPreferences as given', async () => {
    const patches: Partial<Preferences>[] = [
      { mediaKeys: true },
      { shortcut: 'CommandOrControl+Alt+T' },
      { shortcut: null, notifications: false },
      { ...DEFAULT_PREFERENCES, launchAtLogin: true },
      {},
    ];
    for (const patch of patches) {
      expect(await electron.invokeIpc('settings:set-preferences', fromPopover(), patch)).toEqual({ ok: true });
    }
    expect(handlers.calls).toEqual(patches.map((patch) => ({ name: 'setPreferences', args: [patch] })));
  });

  it('refuses the new player and settings channels from another page too', async () => {
    const stranger = { sender: new electron.BrowserWindow({}).webContents, senderFrame: window.webContents.mainFrame };
    for (const channel of [
      'player:toggle',
      'player:next',
      'player:previous',
      'library:toggle-like',
      'settings:forget',
    ]) {
      await expect(electron.invokeIpc(channel, stranger)).rejects.toThrow('Refused.');
    }
    await expect(electron.invokeIpc('settings:set-preferences', stranger, { mediaKeys: true })).rejects.toThrow(
      'Refused.',
    );
    expect(handlers.calls).toEqual([]);
  });

  it('answers a failing handler with a generic error and logs the cause', async () => {
    handlers.failLogin = true;
    await expect(electron.invokeIpc('auth:login', fromPopover())).rejects.toThrow(/^auth:login failed\.$/);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'IPC handler for auth:login failed' }),
    );
  });

  it('pushes each new state to the popover, and nothing once it is gone', () => {
    const next: ViewState = { ...STATE, app: { screen: 'logging-in' } };
    handlers.emit(next);
    expect(window.webContents.sent).toEqual([{ channel: 'app:state-changed', args: [next] }]);
    window.destroy();
    expect(() => handlers.emit(STATE)).not.toThrow();
    expect(window.webContents.sent).toHaveLength(1);
  });

  it('undoes everything on dispose', () => {
    dispose();
    expect(electron.handledChannels()).toEqual([]);
    expect(handlers.listenerCount).toBe(0);
    dispose = () => undefined;
  });
});

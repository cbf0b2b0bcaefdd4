/**
 * The preload as the sandboxed renderer sees it: exactly the contract's named
 * functions on `window.traytune`, each invoking its own channel; state events
 * without the IPC event object; unsubscribe removes exactly its listener.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  DEFAULT_PREFERENCES,
  eventChannels,
  invokeChannels,
  type TraytuneApi,
  type ViewState,
} from '../../main/contract/ipc.ts';
import * as electron from '../doubles/electron.ts';

const STATE: ViewState = {
  app: { screen: 'logging-in' },
  setup: {
    redirectUri: 'http://127.0.0.1:29593/callback',
    clientId: null,
    dashboardUrl: 'https://developer.spotify.com/dashboard',
  },
  demo: false,
  tokenStorage: 'memory-only',
  version: '1.0.0',
  preferences: DEFAULT_PREFERENCES,
  platform: 'linux',
};

let api: TraytuneApi;
let exposedKeys: string[];

beforeAll(async () => {
  electron.resetElectronDouble();
  // Importing runs the preload, as Electron does before the page loads (once per test file).
  await import('../../main/preload/index.ts');
  exposedKeys = [...electron.doubleState().exposed.keys()];
  api = electron.doubleState().exposed.get('traytune') as TraytuneApi;
});
// The exposed API keeps working across resets: ipcRenderer's double reads its state at each call.
beforeEach(() => electron.resetElectronDouble());

describe('the preload', () => {
  it('exposes exactly the named functions of the contract, and nothing else', () => {
    expect(exposedKeys).toEqual(['traytune']);
    expect(Object.keys(api).sort()).toEqual([
      'cancelLogin',
      'forgetThisComputer',
      'getState',
      'hidePopover',
      'login',
      'logout',
      'next',
      'onState',
      'openExternal',
      'previous',
      'saveSettings',
      'setPreferences',
      'startDemo',
      'toggleLike',
      'togglePlayback',
    ]);
    // Every invoke channel has its function, plus onState: 15 in all.
    expect(Object.keys(api)).toHaveLength(Object.keys(invokeChannels).length + 1);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer.invoke);
    }
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('invokes one contract channel per function, with only the given arguments', async () => {
    electron.doubleState().invokeResponder = (channel) => (channel === invokeChannels.getState ? STATE : undefined);
    expect(await api.getState()).toEqual(STATE);
    await api.login();
    await api.cancelLogin();
    await api.logout();
    await api.saveSettings({ clientId: 'abc' });
    await api.openExternal('dashboard');
    await api.startDemo();
    await api.hidePopover();
    await api.togglePlayback();
    await api.next();
    await api.previous();
    await api.toggleLike();
    await api.setPreferences({ mediaKeys: true, shortcut: 'CommandOrControl+Alt+T' });
    await api.forgetThisComputer();
    expect(electron.doubleState().rendererInvocations).toEqual([
      { channel: 'app:get-state', args: [] },
      { channel: 'auth:login', args: [] },
      { channel: 'auth:cancel-login', args: [] },
      { channel: 'auth:logout', args: [] },
      { channel: 'settings:save', args: [{ clientId: 'abc' }] },
      { channel: 'shell:open-external', args: ['dashboard'] },
      { channel: 'demo:start', args: [] },
      { channel: 'window:hide-popover', args: [] },
      { channel: 'player:toggle', args: [] },
      { channel: 'player:next', args: [] },
      { channel: 'player:previous', args: [] },
      { channel: 'library:toggle-like', args: [] },
      { channel: 'settings:set-preferences', args: [{ mediaKeys: true, shortcut: 'CommandOrControl+Alt+T' }] },
      { channel: 'settings:forget', args: [] },
    ]);
  });

  it('hands listeners the state only, never the IPC event', () => {
    const received: unknown[][] = [];
    api.onState((...args: unknown[]) => void received.push(args));
    electron.emitToRenderer(eventChannels.state, STATE);
    expect(received).toEqual([[STATE]]);
  });

  it('unsubscribe removes exactly its own listener, once', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = api.onState(first);
    api.onState(second);
    expect(electron.ipcRenderer.listenerCount(eventChannels.state)).toBe(2);
    unsubscribeFirst();
    unsubscribeFirst();
    expect(electron.ipcRenderer.listenerCount(eventChannels.state)).toBe(1);
    electron.emitToRenderer(eventChannels.state, STATE);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(STATE);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onState('alert(1)' as unknown as (state: ViewState) => void)).toThrow(TypeError);
    expect(electron.ipcRenderer.listenerCount(eventChannels.state)).toBe(0);
  });
});

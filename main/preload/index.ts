/**
 * The preload: exposes the contract's API as `window.traytune` and nothing
 * else. The renderer gets named functions, never `ipcRenderer` (which would
 * let it send on any channel) and never the IPC event object (whose `sender`
 * reaches back into Electron). Sandboxed preloads cannot load files, so this
 * is bundled into a single CommonJS file (main/dev/build-electron.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';

import {
  eventChannels,
  invokeChannels,
  type InvokeChannel,
  type InvokeSignatures,
  type TraytuneApi,
  type ViewState,
} from '../contract/ipc.ts';

/** The parts of Electron's ipcRenderer the API is built on. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The key of the API on `window`. */
export const API_KEY = 'traytune';

/** The contract's API over `ipc`. Exported for tests; the bundle exposes it once, below. */
export function createTraytuneApi(ipc: IpcRendererLike): TraytuneApi {
  function invoke<C extends InvokeChannel>(
    channel: C,
    ...args: InvokeSignatures[C]['args']
  ): Promise<InvokeSignatures[C]['result']> {
    // The main process answers each channel with its contract's result type (main/electron/ipc.ts).
    return ipc.invoke(channel, ...args) as Promise<InvokeSignatures[C]['result']>;
  }

  return {
    getState() {
      return invoke(invokeChannels.getState);
    },
    onState(listener) {
      if (typeof listener !== 'function') throw new TypeError('onState needs a function');
      const forward = (_event: unknown, state: unknown): void => listener(state as ViewState);
      ipc.on(eventChannels.state, forward);
      let subscribed = true;
      return function unsubscribe() {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(eventChannels.state, forward);
      };
    },
    login() {
      return invoke(invokeChannels.login);
    },
    cancelLogin() {
      return invoke(invokeChannels.cancelLogin);
    },
    logout() {
      return invoke(invokeChannels.logout);
    },
    saveSettings(input) {
      return invoke(invokeChannels.saveSettings, input);
    },
    openExternal(target) {
      return invoke(invokeChannels.openExternal, target);
    },
    startDemo() {
      return invoke(invokeChannels.startDemo);
    },
    hidePopover() {
      return invoke(invokeChannels.hidePopover);
    },
    togglePlayback() {
      return invoke(invokeChannels.togglePlayback);
    },
    next() {
      return invoke(invokeChannels.next);
    },
    previous() {
      return invoke(invokeChannels.previous);
    },
    toggleLike() {
      return invoke(invokeChannels.toggleLike);
    },
    setPreferences(patch) {
      return invoke(invokeChannels.setPreferences, patch);
    },
    forgetThisComputer() {
      return invoke(invokeChannels.forgetThisComputer);
    },
  };
}

contextBridge.exposeInMainWorld(API_KEY, createTraytuneApi(ipcRenderer));

/**
 * TEST DOUBLE for the `electron` module: NOT Electron. test/vitest.config.ts
 * aliases `electron` to this file for the whole suite, because Electron cannot
 * start in the test environment. It implements only what the code under test
 * touches, with Electron's signatures, and records calls so tests can assert
 * on them.
 *
 * To extend it: add the API to the matching section (or a new section for a
 * new module object), keep its state in `state`, reset that state in
 * `resetElectronDouble`, and export the object both by name and on the default
 * export (electron-store imports the default, app code imports names).
 *
 * Used today by electron-store 12, which at construction calls
 * `app.getPath('userData')`, `app.getVersion()` and `ipcMain.on(...)`, and
 * `shell.openPath` in `openInEditor()`.
 */
import os from 'node:os';
import path from 'node:path';

import type { App, Shell } from 'electron';

type IpcListener = (event: { returnValue?: unknown }, ...args: unknown[]) => void;

interface DoubleState {
  paths: Map<string, string>;
  name: string;
  version: string;
  ipcListeners: Map<string, IpcListener[]>;
  openedPaths: string[];
}

function freshState(): DoubleState {
  return {
    paths: new Map(),
    name: 'Traytune',
    version: '0.0.0-test',
    ipcListeners: new Map(),
    openedPaths: [],
  };
}

let state = freshState();

/**
 * Where `app.getPath(name)` points when a test has not called `app.setPath`:
 * a per-process path under the OS temp dir that is never created here. Tests
 * that let code write there must set their own temp dir (and remove it).
 */
function defaultPath(name: string): string {
  return path.join(os.tmpdir(), `traytune-electron-double-${process.pid}`, name);
}

// ---- app ---------------------------------------------------------------

/** The subset of Electron's `app` the code under test uses. */
export const app = {
  getPath(name: Parameters<App['getPath']>[0]): string {
    return state.paths.get(name) ?? defaultPath(name);
  },
  /** As in Electron; tests use it to point `userData` at a temp dir. */
  setPath(name: string, value: string): void {
    if (!path.isAbsolute(value)) throw new Error(`app.setPath(${name}) needs an absolute path (as in Electron)`);
    state.paths.set(name, value);
  },
  getName(): string {
    return state.name;
  },
  setName(name: string): void {
    state.name = name;
  },
  getVersion(): string {
    return state.version;
  },
  isPackaged: false,
} satisfies Pick<App, 'getPath' | 'setPath' | 'getName' | 'setName' | 'getVersion' | 'isPackaged'>;

// ---- ipcMain -------------------------------------------------------------

/** Electron's ipcMain as far as the code under test uses it (an EventEmitter there). */
export interface IpcMainDouble {
  on(channel: string, listener: IpcListener): IpcMainDouble;
  removeListener(channel: string, listener: IpcListener): IpcMainDouble;
  listenerCount(channel: string): number;
}

/** Records listeners; `emitIpc` lets a test play the renderer. */
export const ipcMain: IpcMainDouble = {
  on(channel, listener) {
    const listeners = state.ipcListeners.get(channel) ?? [];
    state.ipcListeners.set(channel, [...listeners, listener]);
    return ipcMain;
  },
  removeListener(channel, listener) {
    const listeners = state.ipcListeners.get(channel) ?? [];
    state.ipcListeners.set(
      channel,
      listeners.filter((l) => l !== listener),
    );
    return ipcMain;
  },
  listenerCount(channel) {
    return state.ipcListeners.get(channel)?.length ?? 0;
  },
};

/** Sends `channel` to the ipcMain listeners as a renderer's `sendSync` would; returns `event.returnValue`. */
export function emitIpc(channel: string, ...args: unknown[]): unknown {
  const event: { returnValue?: unknown } = {};
  for (const listener of state.ipcListeners.get(channel) ?? []) listener(event, ...args);
  return event.returnValue;
}

// ---- shell ---------------------------------------------------------------

export const shell = {
  /** Records the path; resolves to '' (success), as Electron does. */
  async openPath(target: string): Promise<string> {
    state.openedPaths.push(target);
    return '';
  },
} satisfies Pick<Shell, 'openPath'>;

/** Paths passed to `shell.openPath`, in order. */
export function openedPaths(): readonly string[] {
  return state.openedPaths;
}

// ---- test control ----------------------------------------------------------

/**
 * Forgets paths, name, version and recorded calls. ipcMain listeners are kept:
 * modules register them once per module instance (electron-store does, on its
 * first construction) and would not register again after a reset.
 */
export function resetElectronDouble(): void {
  state = { ...freshState(), ipcListeners: state.ipcListeners };
}

const electron = { app, ipcMain, shell };
export default electron;

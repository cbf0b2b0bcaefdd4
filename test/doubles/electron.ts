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
 * Used by electron-store 12 (`app.getPath('userData')`, `app.getVersion()`,
 * `ipcMain.on(...)`, `shell.openPath`), by the adapter in main/electron (app
 * lifecycle, BrowserWindow, Tray, Menu, ipcMain.handle, protocol, session,
 * screen, safeStorage, shell.openExternal, nativeTheme; globalShortcut,
 * Notification, nativeImage, powerMonitor and the login item settings live
 * in ./electron/desktop.ts) and by the preload (contextBridge, ipcRenderer).
 * Its error messages are Electron's own.
 */
import os from 'node:os';
import path from 'node:path';

import type { App, Shell } from 'electron';

import { call, EmitterDouble, preventableEvent, type Listener } from './electron/emitter.ts';
import {
  globalShortcut,
  loginItemSettings,
  nativeImage,
  Notification,
  powerMonitor,
  resetDesktopDouble,
} from './electron/desktop.ts';

export { EmitterDouble, preventableEvent } from './electron/emitter.ts';
export * from './electron/desktop.ts';

type IpcListener = (event: { returnValue?: unknown }, ...args: unknown[]) => void;
type InvokeHandler = Listener;

export interface RectDouble {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DisplayDouble {
  id: number;
  bounds: RectDouble;
  workArea: RectDouble;
}
export type StorageBackendDouble = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

interface DoubleState {
  paths: Map<string, string>;
  name: string;
  version: string;
  ipcListeners: Map<string, IpcListener[]>;
  openedPaths: string[];
  openedExternal: string[];
  appEvents: EmitterDouble;
  singleInstanceLock: boolean;
  quitCalls: number;
  exitCodes: number[];
  dockHidden: boolean;
  windows: BrowserWindow[];
  trays: Tray[];
  trayBounds: RectDouble;
  invokeHandlers: Map<string, InvokeHandler>;
  privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[];
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  permissionRequestHandler: Listener | null;
  permissionCheckHandler: Listener | null;
  displays: DisplayDouble[];
  cursor: { x: number; y: number };
  darkTheme: boolean;
  themeEvents: EmitterDouble;
  safeStorage: {
    backend: StorageBackendDouble;
    /** Whether the OS keyring works (basic_text counts as available only with setUsePlainTextEncryption(true)). */
    available: boolean;
    plainText: boolean;
    /** Stands for the keyring's key: a blob made under another key cannot be decrypted. */
    keyId: string;
    /** Makes decrypt fail as a locked or initialising keyring does. */
    temporarilyUnavailable: boolean;
    calls: string[];
  };
  exposed: Map<string, unknown>;
  rendererEvents: EmitterDouble;
  rendererInvocations: { channel: string; args: unknown[] }[];
  invokeResponder: (channel: string, args: unknown[]) => unknown;
  nextId: number;
  /** Set by holdReady: whenReady waits for releaseReady. */
  readyGate: { promise: Promise<void>; release: () => void } | null;
}

const PRIMARY: DisplayDouble = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
};

function freshState(): DoubleState {
  return {
    paths: new Map(),
    name: 'Traytune',
    version: '0.0.0-test',
    ipcListeners: new Map(),
    openedPaths: [],
    openedExternal: [],
    appEvents: new EmitterDouble(),
    singleInstanceLock: true,
    quitCalls: 0,
    exitCodes: [],
    dockHidden: false,
    windows: [],
    trays: [],
    trayBounds: { x: 0, y: 0, width: 0, height: 0 },
    invokeHandlers: new Map(),
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    displays: [PRIMARY],
    cursor: { x: 100, y: 100 },
    darkTheme: false,
    themeEvents: new EmitterDouble(),
    safeStorage: {
      backend: 'gnome_libsecret',
      available: true,
      plainText: false,
      keyId: 'keyring-1',
      temporarilyUnavailable: false,
      calls: [],
    },
    exposed: new Map(),
    rendererEvents: new EmitterDouble(),
    rendererInvocations: [],
    invokeResponder: () => undefined,
    nextId: 1,
    readyGate: null,
  };
}

let state = freshState();

/** The double's state, for tests to arrange and inspect (displays, tray bounds, safeStorage, recorded calls). */
export function doubleState(): DoubleState {
  return state;
}

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
  getName: (): string => state.name,
  setName(name: string): void {
    state.name = name;
  },
  getVersion: (): string => state.version,
  isPackaged: false,
  whenReady: (): Promise<void> => state.readyGate?.promise ?? Promise.resolve(),
  isReady: (): boolean => true,
  /** Answers `state.singleInstanceLock` (set it false to play the second instance). */
  requestSingleInstanceLock: (): boolean => state.singleInstanceLock,
  on(event: string, listener: Listener): unknown {
    return state.appEvents.on(event, listener);
  },
  emit: (event: string, ...args: unknown[]): boolean => state.appEvents.emit(event, ...args),
  listenerCount: (event: string): number => state.appEvents.listenerCount(event),
  /** Records the call and emits before-quit and will-quit, as Electron does on the way out. */
  quit(): void {
    state.quitCalls++;
    state.appEvents.emit('before-quit', preventableEvent({}));
    state.appEvents.emit('will-quit', preventableEvent({}));
  },
  exit(code = 0): void {
    state.exitCodes.push(code);
  },
  ...loginItemSettings,
  dock: {
    hide(): void {
      state.dockHidden = true;
    },
    show: (): Promise<void> => {
      state.dockHidden = false;
      return Promise.resolve();
    },
  },
};

/**
 * Makes `whenReady` wait for `releaseReady`, as Electron's does until the
 * entry module has finished evaluating: an entry that awaits `ready` at its
 * top level then never finishes importing, as it would hang in Electron.
 */
export function holdReady(): void {
  let release = (): void => undefined;
  const promise = new Promise<void>((resolve) => (release = resolve));
  state.readyGate = { promise, release };
}

export function releaseReady(): void {
  state.readyGate?.release();
  state.readyGate = null;
}

// ---- ipcMain -------------------------------------------------------------

/** Electron's ipcMain as far as the code under test uses it (an EventEmitter there). */
export interface IpcMainDouble {
  on(channel: string, listener: IpcListener): IpcMainDouble;
  removeListener(channel: string, listener: IpcListener): IpcMainDouble;
  listenerCount(channel: string): number;
  handle(channel: string, listener: InvokeHandler): void;
  removeHandler(channel: string): void;
}

/** Records listeners and handlers; `emitIpc` and `invokeIpc` let a test play the renderer. */
export const ipcMain: IpcMainDouble = {
  on(channel, listener) {
    state.ipcListeners.set(channel, [...(state.ipcListeners.get(channel) ?? []), listener]);
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
  listenerCount: (channel) => state.ipcListeners.get(channel)?.length ?? 0,
  handle(channel, listener) {
    if (state.invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.invokeHandlers.set(channel, listener);
  },
  removeHandler(channel) {
    state.invokeHandlers.delete(channel);
  },
};

/** Sends `channel` to the ipcMain listeners as a renderer's `sendSync` would; returns `event.returnValue`. */
export function emitIpc(channel: string, ...args: unknown[]): unknown {
  const event: { returnValue?: unknown } = {};
  for (const listener of state.ipcListeners.get(channel) ?? []) listener(event, ...args);
  return event.returnValue;
}

/** Calls the `ipcMain.handle` handler of `channel` as `ipcRenderer.invoke` from `event`'s sender would. */
export async function invokeIpc(
  channel: string,
  event: { sender: unknown; senderFrame: unknown },
  ...args: unknown[]
): Promise<unknown> {
  const handler = state.invokeHandlers.get(channel);
  if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
  return call(handler, [event, ...args]);
}

/** Channels with an `ipcMain.handle` handler. */
export function handledChannels(): string[] {
  return [...state.invokeHandlers.keys()].sort();
}

// ---- BrowserWindow, webContents, frames ------------------------------------

/** A WebFrameMain: the fields the IPC gate compares. */
export interface FrameDouble {
  url: string;
  processId: number;
  routingId: number;
}

export class WebContentsDouble extends EmitterDouble {
  readonly id = state.nextId++;
  readonly mainFrame: FrameDouble = { url: '', processId: 100 + this.id, routingId: 1 };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    // Electron serialises with the structured clone algorithm; so does the double, to catch unsendable state.
    this.sent.push({ channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed = (): boolean => this.destroyed;
  getURL = (): string => this.mainFrame.url;
}

export class BrowserWindow extends EmitterDouble {
  readonly webContents = new WebContentsDouble();
  readonly options: Record<string, unknown>;
  visible = false;
  destroyed = false;
  focused = false;
  position: [number, number] = [0, 0];
  constructor(options: object = {}) {
    super();
    this.options = structuredClone(options) as Record<string, unknown>;
    state.windows.push(this);
    state.appEvents.emit('web-contents-created', preventableEvent({}), this.webContents);
  }
  static getAllWindows = (): BrowserWindow[] => state.windows.filter((w) => !w.destroyed);
  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
  }
  /** Emits 'show' when the window becomes visible, as Electron does. */
  show(): void {
    if (this.visible) return;
    this.visible = true;
    this.emit('show');
  }
  /** Emits 'hide' when the window stops being visible, as Electron does. */
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
  }
  isVisible = (): boolean => this.visible;
  isDestroyed = (): boolean => this.destroyed;
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  getPosition = (): number[] => [...this.position];
  /** As Electron: 'close' can be prevented; otherwise the window is destroyed. */
  close(): void {
    const event = preventableEvent({});
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

// ---- Tray and Menu ---------------------------------------------------------

export class Tray extends EmitterDouble {
  image: string;
  tooltip = '';
  /** macOS: the text beside the icon. */
  title = '';
  contextMenu: MenuDouble | null = null;
  readonly poppedUp: (MenuDouble | undefined)[] = [];
  destroyed = false;
  constructor(image: string) {
    super();
    this.image = image;
    state.trays.push(this);
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: MenuDouble | null): void {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu?: MenuDouble): void {
    this.poppedUp.push(menu);
  }
  /** `state.trayBounds` (zeros by default, as Linux reports). */
  getBounds = (): RectDouble => ({ ...state.trayBounds });
  destroy(): void {
    this.destroyed = true;
  }
}

export interface MenuItemDouble {
  type?: string;
  label?: string;
  enabled?: boolean;
  click?: () => void;
}
export interface MenuDouble {
  items: MenuItemDouble[];
}

export const Menu = {
  buildFromTemplate: (template: MenuItemDouble[]): MenuDouble => ({ items: template.map((item) => ({ ...item })) }),
};

// ---- protocol, session, screen, nativeTheme ----------------------------------

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    state.privilegedSchemes.push(...structuredClone(schemes));
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (state.protocolHandlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    state.protocolHandlers.delete(scheme);
  },
};

/** Fetches `url` through the `protocol.handle` handler of its scheme, as the renderer's loads would. */
export async function fetchProtocol(url: string, init?: RequestInit): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = state.protocolHandlers.get(scheme);
  if (handler === undefined) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
  return handler(new Request(url, init));
}

/** Asks the session's permission request handler, as a page asking for `permission` would. */
export function requestPermission(contents: unknown, permission: string): Promise<boolean> {
  const handler = state.permissionRequestHandler;
  if (handler === null) return Promise.resolve(true); // Electron's default: granted
  return new Promise((resolve) => call(handler, [contents, permission, resolve, {}]));
}

/** Asks the session's permission check handler. */
export function checkPermission(contents: unknown, permission: string, origin: string): boolean {
  const handler = state.permissionCheckHandler;
  return handler === null ? true : call(handler, [contents, permission, origin, {}]) === true;
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Listener | null): void {
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener | null): void {
      state.permissionCheckHandler = handler;
    },
  },
};

function contains(rect: RectDouble, point: { x: number; y: number }): boolean {
  return point.x >= rect.x && point.y >= rect.y && point.x < rect.x + rect.width && point.y < rect.y + rect.height;
}

export const screen = {
  getPrimaryDisplay: (): DisplayDouble => state.displays[0] ?? PRIMARY,
  getCursorScreenPoint: (): { x: number; y: number } => ({ ...state.cursor }),
  /** The display containing the point, else the primary one (close enough for a double). */
  getDisplayNearestPoint: (point: { x: number; y: number }): DisplayDouble =>
    state.displays.find((display) => contains(display.bounds, point)) ?? screen.getPrimaryDisplay(),
};

export const nativeTheme = {
  get shouldUseDarkColors(): boolean {
    return state.darkTheme;
  },
  on(event: string, listener: Listener): unknown {
    return state.themeEvents.on(event, listener);
  },
};

/** Switches the OS theme and emits nativeTheme's 'updated'. */
export function setDarkTheme(dark: boolean): void {
  state.darkTheme = dark;
  state.themeEvents.emit('updated');
}

// ---- safeStorage -------------------------------------------------------------

function encryptWithKey(plain: string): Buffer {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error(
      'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
    );
  }
  return Buffer.from(`v11|${state.safeStorage.keyId}|${Buffer.from(plain).toString('base64')}`);
}

function decryptWithKey(blob: Buffer, api: string): string {
  const [version, keyId, body] = blob.toString('utf8').split('|');
  if (version !== 'v11' || keyId !== state.safeStorage.keyId || body === undefined) {
    throw new Error(`Error while decrypting the ciphertext provided to ${api}.`);
  }
  return Buffer.from(body, 'base64').toString('utf8');
}

/** safeStorage over a pretend keyring: `state.safeStorage` switches backend, availability and key. */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    const s = state.safeStorage;
    return s.backend === 'basic_text' ? s.plainText : s.available;
  },
  getSelectedStorageBackend: (): StorageBackendDouble => state.safeStorage.backend,
  setUsePlainTextEncryption(usePlainText: boolean): void {
    state.safeStorage.plainText = usePlainText;
  },
  encryptString(plain: string): Buffer {
    state.safeStorage.calls.push('encryptString');
    return encryptWithKey(plain);
  },
  decryptString(blob: Buffer): string {
    state.safeStorage.calls.push('decryptString');
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    }
    return decryptWithKey(blob, 'safeStorage.decryptString');
  },
  async encryptStringAsync(plain: string): Promise<Buffer> {
    state.safeStorage.calls.push('encryptStringAsync');
    return encryptWithKey(plain);
  },
  async decryptStringAsync(blob: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    state.safeStorage.calls.push('decryptStringAsync');
    if (state.safeStorage.temporarilyUnavailable) {
      throw new Error('safeStorage.decryptStringAsync is temporarily unavailable. Please try again.');
    }
    return { result: decryptWithKey(blob, 'safeStorage.decryptStringAsync'), shouldReEncrypt: false };
  },
};

// ---- shell -------------------------------------------------------------------

export const shell = {
  /** Records the path; resolves to '' (success), as Electron does. */
  async openPath(target: string): Promise<string> {
    state.openedPaths.push(target);
    return '';
  },
  /** Records the URL; resolves, as Electron does once the OS took it. */
  async openExternal(url: string): Promise<void> {
    state.openedExternal.push(url);
  },
} satisfies Pick<Shell, 'openPath' | 'openExternal'>;

/** Paths passed to `shell.openPath`, in order. */
export function openedPaths(): readonly string[] {
  return state.openedPaths;
}

// ---- preload: contextBridge and ipcRenderer ------------------------------------

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (state.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    state.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  /** Records the call and answers with `state.invokeResponder`. */
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    state.rendererInvocations.push({ channel, args: structuredClone(args) });
    return state.invokeResponder(channel, args);
  },
  on(channel: string, listener: Listener): unknown {
    return state.rendererEvents.on(channel, listener);
  },
  removeListener(channel: string, listener: Listener): unknown {
    return state.rendererEvents.removeListener(channel, listener);
  },
  listenerCount: (channel: string): number => state.rendererEvents.listenerCount(channel),
};

/** Delivers a main → renderer message to the preload's ipcRenderer listeners, with an event object first. */
export function emitToRenderer(channel: string, ...args: unknown[]): void {
  state.rendererEvents.emit(channel, { sender: ipcRenderer, senderId: 0 }, ...structuredClone(args));
}

// ---- test control ----------------------------------------------------------

/**
 * Forgets everything but the ipcMain listeners: modules register those once
 * per module instance (electron-store does, on its first construction) and
 * would not register again after a reset.
 */
export function resetElectronDouble(): void {
  state = { ...freshState(), ipcListeners: state.ipcListeners };
  resetDesktopDouble();
}

const electron = {
  app,
  ipcMain,
  shell,
  BrowserWindow,
  Tray,
  Menu,
  protocol,
  session,
  screen,
  nativeTheme,
  safeStorage,
  contextBridge,
  ipcRenderer,
  globalShortcut,
  Notification,
  nativeImage,
  powerMonitor,
};
export default electron;

/**
 * TEST DOUBLE sections of the `electron` module for desktop integration:
 * globalShortcut, Notification, nativeImage, powerMonitor and the login item
 * settings of `app`. NOT Electron: each records what the code under test asked
 * for, and lets a test play the OS (a shortcut taken by another app, a key
 * press, sleep, lock, idle). Re-exported by test/doubles/electron.ts, whose
 * `resetElectronDouble` also resets this state.
 */
import type { NativeImage } from 'electron';

import { EmitterDouble } from './emitter.ts';

/** What Electron's Notification is constructed with, as far as the app sets it. */
export interface NotificationOptionsDouble {
  title?: string;
  body?: string;
  icon?: NativeImage | string;
  silent?: boolean;
}

/** A NativeImage made by the double: only the buffer it came from. */
export interface ImageDouble {
  readonly fromBuffer: Buffer;
  isEmpty(): boolean;
}

interface DesktopState {
  /** Accelerator → callback, for shortcuts this app holds. */
  shortcuts: Map<string, () => void>;
  /** Accelerators another app holds: `register` answers false for them, as Electron does. */
  takenAccelerators: Set<string>;
  /** Every register/unregister call, in order ('+Accel', '-Accel', '-*' for unregisterAll). */
  shortcutCalls: string[];
  notificationsSupported: boolean;
  notifications: Notification[];
  powerEvents: EmitterDouble;
  idleState: 'active' | 'idle' | 'locked' | 'unknown';
  idleThresholds: number[];
  loginItem: { openAtLogin: boolean };
  loginItemCalls: { openAtLogin?: boolean }[];
}

function freshDesktopState(): DesktopState {
  return {
    shortcuts: new Map(),
    takenAccelerators: new Set(),
    shortcutCalls: [],
    notificationsSupported: true,
    notifications: [],
    powerEvents: new EmitterDouble(),
    idleState: 'active',
    idleThresholds: [],
    loginItem: { openAtLogin: false },
    loginItemCalls: [],
  };
}

let state = freshDesktopState();

/** The desktop sections' state, for tests to arrange and inspect. */
export function desktopState(): DesktopState {
  return state;
}

/** Called by `resetElectronDouble`. */
export function resetDesktopDouble(): void {
  state = freshDesktopState();
}

// ---- globalShortcut -------------------------------------------------------------

export const globalShortcut = {
  /** False when another app (or this one) already holds the accelerator, as Electron answers. */
  register(accelerator: string, callback: () => void): boolean {
    state.shortcutCalls.push(`+${accelerator}`);
    if (state.takenAccelerators.has(accelerator) || state.shortcuts.has(accelerator)) return false;
    state.shortcuts.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    state.shortcutCalls.push(`-${accelerator}`);
    state.shortcuts.delete(accelerator);
  },
  unregisterAll(): void {
    state.shortcutCalls.push('-*');
    state.shortcuts.clear();
  },
  isRegistered: (accelerator: string): boolean => state.shortcuts.has(accelerator),
};

/** Plays the user pressing a global shortcut; false when nothing of this app holds it. */
export function pressShortcut(accelerator: string): boolean {
  const callback = state.shortcuts.get(accelerator);
  callback?.();
  return callback !== undefined;
}

// ---- Notification and nativeImage ----------------------------------------------

export class Notification extends EmitterDouble {
  readonly options: NotificationOptionsDouble;
  shown = false;
  constructor(options: NotificationOptionsDouble = {}) {
    super();
    this.options = { ...options };
    state.notifications.push(this);
  }
  /** `state.notificationsSupported` (true by default). */
  static isSupported = (): boolean => state.notificationsSupported;
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.emit('close');
  }
}

export const nativeImage = {
  /** An image that remembers its buffer; typed as Electron's NativeImage so the app's types accept it. */
  createFromBuffer(buffer: Buffer): NativeImage {
    const image: ImageDouble = { fromBuffer: buffer, isEmpty: () => buffer.length === 0 };
    // The double implements only what tests look at; the app passes the image on without calling it.
    return image as unknown as NativeImage;
  },
};

// ---- powerMonitor ----------------------------------------------------------------

export const powerMonitor = {
  on(event: string, listener: () => void): unknown {
    return state.powerEvents.on(event, listener);
  },
  /** Answers `state.idleState` and records the threshold asked with. */
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    state.idleThresholds.push(idleThreshold);
    return state.idleState;
  },
};

/** Plays the OS: 'suspend', 'resume', 'lock-screen', 'unlock-screen' … */
export function emitPower(event: string): boolean {
  return state.powerEvents.emit(event);
}

// ---- app login item settings ----------------------------------------------------------

/** Mixed into the `app` double. */
export const loginItemSettings = {
  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    state.loginItemCalls.push({ ...settings });
    if (settings.openAtLogin !== undefined) state.loginItem.openAtLogin = settings.openAtLogin;
  },
  getLoginItemSettings: (): { openAtLogin: boolean } => ({ ...state.loginItem }),
};

/**
 * Desktop integration, applied from ViewState as it changes: global
 * shortcuts, launch at login, notifications on track change, and the token
 * storage opt-in follow `preferences` at once, without a restart; power
 * events feed the poller. app.ts creates one and calls `update` with every
 * state, so this module never subscribes to anything itself.
 */
import type { NativeImage } from 'electron';

import type { Preferences, ViewState } from '../contract/ipc.ts';
import type { Activity } from '../core/activity.ts';
import type { AppState } from '../core/app-state.ts';
import type { Logger } from '../core/log.ts';
import { applyLoginItem, type LoginItemApp } from './login-item.ts';
import { shouldNotify, TrackNotifier, type NotificationClass } from './notifications.ts';
import { setupPowerActivity, type PowerMonitorLike } from './power.ts';
import { ShortcutController, type GlobalShortcutLike, type ShortcutActions } from './shortcuts.ts';

/** The parts of the `electron` module desktop integration uses. */
export interface DesktopElectron {
  app: LoginItemApp;
  globalShortcut: GlobalShortcutLike;
  Notification: NotificationClass;
  nativeImage: { createFromBuffer(buffer: Buffer): NativeImage };
  powerMonitor: PowerMonitorLike;
}

/** What desktop integration is given. */
export interface DesktopOptions {
  electron: DesktopElectron;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** `process.execPath`, for the Linux autostart entry. */
  execPath: string;
  logger: Logger;
  /** What the media keys and the shortcut do. */
  actions: ShortcutActions;
  /** The service's `setActivity` (AppService → TraytuneCore → the poll scheduler). */
  setActivity(patch: Partial<Activity>): void;
  popoverVisible(): boolean;
  /** A sentence for the tray menu about a shortcut that could not be taken; null when none. */
  onNotice(message: string | null): void;
  /** `allowPlaintextTokens` changed after startup. */
  onAllowPlaintextTokens?(allow: boolean): void;
  /** Album art for notifications; without it they are text only. */
  fetchArt?(url: string): Promise<Buffer | null>;
  /** Overrides the idle check's period (tests). */
  idleCheckMs?: number;
}

/** The running integration. */
export interface Desktop {
  /** Applies a new state: the preferences that changed, and a notification if the track did. */
  update(state: ViewState): void;
  /** Unregisters every shortcut and stops the idle check (at quit). */
  dispose(): void;
}

/** Starts desktop integration; call `update` with the first state right away. */
export function setupDesktop(options: DesktopOptions): Desktop {
  const { electron, logger } = options;
  const shortcuts = new ShortcutController({
    globalShortcut: electron.globalShortcut,
    actions: options.actions,
    logger,
    onProblem: options.onNotice,
  });
  const notifier = new TrackNotifier({
    Notification: electron.Notification,
    createImage: (buffer) => electron.nativeImage.createFromBuffer(buffer),
    ...(options.fetchArt === undefined ? {} : { fetchArt: options.fetchArt }),
    logger,
  });
  const stopPower = setupPowerActivity({
    powerMonitor: electron.powerMonitor,
    setActivity: options.setActivity,
    ...(options.idleCheckMs === undefined ? {} : { idleCheckMs: options.idleCheckMs }),
  });
  // The tray tooltip always shows the track, so changes must show up promptly even with the popover hidden.
  options.setActivity({ needsFreshness: true });

  let applied: Preferences | null = null;
  let lastApp: AppState | null = null;

  function setLoginItem(openAtLogin: boolean): void {
    try {
      applyLoginItem(openAtLogin, electron.app, {
        platform: options.platform,
        env: options.env,
        execPath: options.execPath,
      });
    } catch (error) {
      // A read-only or full home directory: the preference stays as saved, the log says why it had no effect.
      logger.warn('Launch at login could not be changed', { openAtLogin, error: String(error) });
    }
  }

  function applyPreferences(next: Preferences): void {
    const before = applied;
    applied = next;
    shortcuts.apply(next);
    // At startup only "on" is applied: it refreshes the entry (an AppImage may have moved) without
    // overriding a login item the user removed in the OS settings while the preference was off.
    if (before === null ? next.launchAtLogin : before.launchAtLogin !== next.launchAtLogin)
      setLoginItem(next.launchAtLogin);
    if (before !== null && before.allowPlaintextTokens !== next.allowPlaintextTokens)
      options.onAllowPlaintextTokens?.(next.allowPlaintextTokens);
  }

  return {
    update(state) {
      applyPreferences(state.preferences);
      const item = shouldNotify(lastApp, state.app, {
        enabled: state.preferences.notifications,
        popoverVisible: options.popoverVisible(),
      });
      lastApp = state.app;
      if (item !== null) void notifier.notify(item);
    },
    dispose() {
      stopPower();
      shortcuts.dispose();
    },
  };
}

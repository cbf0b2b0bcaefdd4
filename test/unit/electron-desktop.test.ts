/**
 * Desktop integration through startTraytune and the electron double: global
 * shortcuts follow the preferences (and are released at quit), a taken key is
 * reported in the tray, notifications go out on track change, and power,
 * idle and popover events reach the service's setActivity.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ViewState } from '../../main/contract/ipc.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { silentLogger } from '../../main/core/log.ts';
import { startTraytune } from '../../main/electron/app.ts';
import * as electron from '../doubles/electron.ts';
import { TestService } from '../doubles/electron/app-handlers.ts';

let dir: string;
let service: TestService;
beforeEach(() => {
  electron.resetElectronDouble();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-electron-desktop-'));
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(platform: NodeJS.Platform = 'linux'): Promise<TestService> {
  await startTraytune({
    electron,
    env: { TRAYTUNE_DATA_DIR: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
    platform,
    paths: { preload: '/app/preload/preload.cjs', renderer: '/app/renderer', assets: '/app/assets' },
    logger: silentLogger,
    execPath: '/opt/Traytune/traytune',
    createHandlers: (context) => (service = new TestService(context)),
  });
  return service;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function playing(id: string, title: string): ViewState {
  const nowPlaying: NowPlaying = {
    kind: 'track',
    id,
    title,
    artists: ['Ada'],
    album: 'Notes',
    artUrl: null,
    durationMs: 1,
    uri: `spotify:track:${id}`,
    url: null,
    isLocal: false,
    disallows: { pausing: false, resuming: false, seeking: false, skippingNext: false, skippingPrev: false },
    isPlaying: true,
    progressMs: 0,
    sampledAt: 0,
  };
  return {
    ...service.state,
    app: {
      screen: 'logged-in',
      user: null,
      nowPlaying,
      problem: null,
      liked: false,
      controls: { available: true, note: null, pending: null },
    },
  };
}

describe('shortcuts from the preferences', () => {
  it('registers the media keys when switched on, routes them, and unregisters them when off', async () => {
    await start();
    expect(electron.desktopState().shortcuts.size).toBe(0);
    await service.setPreferences({ mediaKeys: true });
    expect([...electron.desktopState().shortcuts.keys()].sort()).toEqual([
      'MediaNextTrack',
      'MediaPlayPause',
      'MediaPreviousTrack',
    ]);
    electron.pressShortcut('MediaPlayPause');
    electron.pressShortcut('MediaNextTrack');
    electron.pressShortcut('MediaPreviousTrack');
    expect(service.calls.filter((call) => call !== 'setPreferences')).toEqual(['togglePlayback', 'next', 'previous']);
    await service.setPreferences({ mediaKeys: false });
    expect(electron.desktopState().shortcuts.size).toBe(0);
  });

  it('toggles the popover with the shortcut, moving it when the preference changes', async () => {
    await start();
    const window = electron.doubleState().windows[0];
    await service.setPreferences({ shortcut: 'CommandOrControl+Alt+T' });
    electron.pressShortcut('CommandOrControl+Alt+T');
    expect(window?.visible).toBe(true);
    await service.setPreferences({ shortcut: 'CommandOrControl+Shift+S' });
    expect(electron.globalShortcut.isRegistered('CommandOrControl+Alt+T')).toBe(false);
    expect(electron.pressShortcut('CommandOrControl+Shift+S')).toBe(true);
    expect(window?.visible).toBe(false);
    await service.setPreferences({ shortcut: null });
    expect(electron.desktopState().shortcuts.size).toBe(0);
  });

  it('reports a shortcut another app holds in the tray menu instead of failing, and clears it', async () => {
    await start();
    electron.desktopState().takenAccelerators.add('CommandOrControl+Alt+T');
    await service.setPreferences({ shortcut: 'CommandOrControl+Alt+T' });
    const tray = electron.doubleState().trays[0];
    expect(tray?.contextMenu?.items[1]).toMatchObject({
      label: 'Shortcut CommandOrControl+Alt+T is in use by another app',
      enabled: false,
    });
    await service.setPreferences({ shortcut: 'CommandOrControl+Alt+Y' });
    expect(tray?.contextMenu?.items.map((item) => item.label)).not.toContain(
      'Shortcut CommandOrControl+Alt+T is in use by another app',
    );
  });

  it('keeps the media keys it could take when another player holds one, and says so', async () => {
    await start();
    electron.desktopState().takenAccelerators.add('MediaPlayPause');
    await service.setPreferences({ mediaKeys: true });
    expect([...electron.desktopState().shortcuts.keys()].sort()).toEqual(['MediaNextTrack', 'MediaPreviousTrack']);
    const labels = electron.doubleState().trays[0]?.contextMenu?.items.map((item) => item.label);
    expect(labels).toContain('Media keys are in use by another app');
  });

  it('releases every shortcut at quit', async () => {
    await start();
    await service.setPreferences({ mediaKeys: true, shortcut: 'CommandOrControl+Alt+T' });
    electron.app.quit();
    await tick();
    expect(electron.desktopState().shortcutCalls.at(-1)).toBe('-*');
    expect(electron.desktopState().shortcuts.size).toBe(0);
  });
});

describe('launch at login and notifications through the app', () => {
  it('writes and removes the autostart entry as the preference changes', async () => {
    await start();
    const file = path.join(dir, 'config', 'autostart', 'traytune.desktop');
    await service.setPreferences({ launchAtLogin: true });
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec="/opt/Traytune/traytune"');
    await service.setPreferences({ launchAtLogin: false });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('hands a new token storage to the service when the plaintext opt-in changes (Linux without a keyring)', async () => {
    electron.doubleState().safeStorage.backend = 'basic_text';
    const switched: string[] = [];
    await start();
    expect(service.context.tokenStorage.mode).toBe('memory-only');
    service.switchTokenStorage = async (storage) => void switched.push(storage.mode);
    await service.setPreferences({ allowPlaintextTokens: true });
    await service.setPreferences({ allowPlaintextTokens: false });
    expect(switched).toEqual(['plaintext-opt-in', 'memory-only']);
    expect(electron.doubleState().safeStorage.plainText).toBe(false);
  });

  it('uses the login item on macOS', async () => {
    await start('darwin');
    await service.setPreferences({ launchAtLogin: true });
    expect(electron.desktopState().loginItemCalls).toEqual([{ openAtLogin: true }]);
  });

  it('notifies on a track change only when enabled and the popover is hidden', async () => {
    await start();
    service.set(playing('a', 'First'));
    service.set(playing('b', 'Second'));
    expect(electron.desktopState().notifications).toEqual([]);

    await service.setPreferences({ notifications: true });
    service.set(playing('c', 'Third'));
    await tick();
    const [shown] = electron.desktopState().notifications;
    expect(shown?.options).toEqual({ title: 'Third', body: 'Ada', silent: true });
    expect(shown?.shown).toBe(true);

    electron.doubleState().windows[0]?.show();
    service.set(playing('d', 'Fourth'));
    await tick();
    expect(electron.desktopState().notifications).toHaveLength(1);
  });
});

describe('activity for the poller', () => {
  it('says the tray needs freshness, and follows the popover, sleep and the lock screen', async () => {
    await start();
    expect(service.activity).toContainEqual({ needsFreshness: true });
    service.activity.length = 0;
    const window = electron.doubleState().windows[0];
    window?.show();
    window?.hide();
    electron.emitPower('suspend');
    electron.emitPower('resume');
    electron.emitPower('lock-screen');
    electron.emitPower('unlock-screen');
    expect(service.activity).toEqual([
      { popoverVisible: true },
      { popoverVisible: false },
      { suspended: true },
      { suspended: false },
      { locked: true },
      { locked: false },
    ]);
  });

  it('checks idleness every minute with a five-minute threshold, reporting changes only', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await start();
    service.activity.length = 0;
    vi.advanceTimersByTime(60_000);
    expect(service.activity).toEqual([]);
    electron.desktopState().idleState = 'idle';
    vi.advanceTimersByTime(60_000);
    vi.advanceTimersByTime(60_000);
    electron.desktopState().idleState = 'active';
    vi.advanceTimersByTime(60_000);
    expect(service.activity).toEqual([{ idle: true }, { idle: false }]);
    expect(new Set(electron.desktopState().idleThresholds)).toEqual(new Set([300]));
  });
});

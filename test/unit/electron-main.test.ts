/**
 * The whole adapter assembled by startTraytune against the electron double
 * and a small service of the test's own: single instance, tray, popover,
 * IPC, guards, quitting only from the menu.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../main/core/log.ts';
import { startTraytune, type RunningApp } from '../../main/electron/app.ts';
import { Popover } from '../../main/electron/popover.ts';
import { RENDERER_URL } from '../../main/electron/protocol.ts';
import * as electron from '../doubles/electron.ts';
import { TestService } from '../doubles/electron/app-handlers.ts';

let dir: string;
let service: TestService | undefined;
beforeEach(() => {
  electron.resetElectronDouble();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-electron-main-'));
  service = undefined;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function start(platform: NodeJS.Platform = 'linux', env: Record<string, string> = {}): Promise<RunningApp | null> {
  return startTraytune({
    electron,
    env: { TRAYTUNE_DATA_DIR: path.join(dir, 'data'), ...env },
    platform,
    paths: { preload: '/app/preload/preload.cjs', renderer: '/app/renderer', assets: '/app/assets' },
    logger: silentLogger,
    createHandlers: (context) => (service = new TestService(context)),
  });
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('startTraytune', () => {
  it('quits at once when another instance holds the lock', async () => {
    electron.doubleState().singleInstanceLock = false;
    expect(await start()).toBeNull();
    expect(electron.doubleState().quitCalls).toBe(1);
    expect(electron.doubleState().windows).toEqual([]);
    expect(electron.doubleState().trays).toEqual([]);
  });

  it('builds the tray, the popover, the IPC gate and the guards on Linux', async () => {
    const running = await start();
    const state = electron.doubleState();
    expect(electron.app.getPath('userData')).toBe(path.join(dir, 'data'));
    expect(state.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect([...state.protocolHandlers.keys()]).toEqual(['app']);

    const window = only(state.windows);
    expect(window.options['webPreferences']).toMatchObject({ preload: '/app/preload/preload.cjs', sandbox: true });
    expect(window.webContents.getURL()).toBe(RENDERER_URL);
    expect(window.visible).toBe(false);
    const navigate = electron.preventableEvent({ url: 'https://evil.example/' });
    window.webContents.emit('will-navigate', navigate);
    expect(navigate.defaultPrevented).toBe(true);

    const tray = only(state.trays);
    expect(tray.image).toBe(path.join('/app/assets', 'tray-dark.png'));
    expect(tray.tooltip).toBe('Traytune — not logged in');
    expect(tray.contextMenu?.items.map((i) => i.label ?? '—')).toEqual([
      'Not logged in',
      '—',
      'Show Traytune',
      'Log in',
      '—',
      'Quit',
    ]);

    expect(electron.handledChannels()).toHaveLength(14);
    expect(electron.app.listenerCount('window-all-closed')).toBe(1);
    expect(state.dockHidden).toBe(false);
    expect(service?.started).toBe(true);
    expect(running?.tokenStorage.mode).toBe('keyring');
    expect(service?.context.store.path.startsWith(path.join(dir, 'data'))).toBe(true);
    expect(service?.context.version).toBe('0.0.0-test');
  });

  it('re-renders the tray and pushes the state on every change', async () => {
    await start();
    const window = only(electron.doubleState().windows);
    const tray = only(electron.doubleState().trays);
    tray.contextMenu?.items.find((item) => item.label === 'Log in')?.click?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(service?.calls).toEqual(['login']);
    expect(electron.doubleState().openedExternal).toEqual(['https://accounts.spotify.com/authorize?client_id=c']);
    expect(tray.tooltip).toBe('Traytune — logging in');
    expect(window.webContents.sent.at(-1)).toEqual({ channel: 'app:state-changed', args: [service?.state] });
  });

  it('opens only allowlisted URLs, and the demo’s loopback pages only while it runs', async () => {
    await start();
    const open = service?.context.openUrl ?? (() => Promise.resolve());
    await expect(open('https://evil.example/')).rejects.toThrow();
    await expect(open('http://127.0.0.1:40000/authorize?x')).rejects.toThrow();
    if (service !== undefined) service.demo = true;
    await open('http://127.0.0.1:40000/authorize?x');
    expect(electron.doubleState().openedExternal).toEqual(['http://127.0.0.1:40000/authorize?x']);
  });

  it('shows the popover for a second launch, placed by the taskbar when the tray has no bounds', async () => {
    await start();
    electron.app.emit('second-instance', electron.preventableEvent({}), [], dir);
    const window = only(electron.doubleState().windows);
    expect(window.visible).toBe(true);
    expect(window.position).toEqual([1580, 580]);
  });

  it('hides instead of closing, and quits only from the menu', async () => {
    await start();
    const window = only(electron.doubleState().windows);
    const tray = only(electron.doubleState().trays);
    window.show();
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);

    tray.contextMenu?.items.find((item) => item.label === 'Quit')?.click?.();
    expect(tray.destroyed).toBe(true);
    expect(service?.disposed).toBe(true);
    // will-quit waited for the service to stop, then quit again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.doubleState().quitCalls).toBe(2);
    window.close();
    expect(window.destroyed).toBe(true);
  });

  it('hides the Dock icon and toggles the popover on click on macOS', async () => {
    electron.doubleState().trayBounds = { x: 1500, y: 0, width: 22, height: 24 };
    electron.doubleState().displays = [
      {
        id: 1,
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        workArea: { x: 0, y: 25, width: 1920, height: 1055 },
      },
    ];
    await start('darwin');
    expect(electron.doubleState().dockHidden).toBe(true);
    const tray = only(electron.doubleState().trays);
    const window = only(electron.doubleState().windows);
    expect(tray.image).toBe(path.join('/app/assets', 'trayTemplate.png'));
    tray.emit('click');
    expect(window.visible).toBe(true);
    expect(window.position).toEqual([1341, 25]);
    tray.emit('click');
    expect(window.visible).toBe(false);
  });

  it('follows the OS theme with the tray icon', async () => {
    await start('win32');
    const tray = only(electron.doubleState().trays);
    expect(tray.image).toBe(path.join('/app/assets', 'tray-dark.png'));
    electron.setDarkTheme(true);
    expect(tray.image).toBe(path.join('/app/assets', 'tray-light.png'));
  });

  it('keeps tokens in memory on Linux without a keyring', async () => {
    electron.doubleState().safeStorage.backend = 'basic_text';
    const running = await start();
    expect(running?.tokenStorage.mode).toBe('memory-only');
    expect(service?.context.tokenStorage.tokenStore).toBeDefined();
  });

  it('hides the popover when the service asks (Escape)', async () => {
    await start();
    const window = only(electron.doubleState().windows);
    window.show();
    await service?.hidePopover();
    expect(window.visible).toBe(false);
  });
});

describe('Popover', () => {
  it('hides on blur, and a tray click right after that blur does not reopen it', () => {
    let now = 1_000;
    const popover = new Popover({
      createWindow: (options) => new electron.BrowserWindow(options),
      windowOptions: { preloadPath: '/p.cjs', devTools: false, darkTheme: false },
      screen: electron.screen,
      platform: 'win32',
      trayBounds: () => ({ x: 1700, y: 1045, width: 24, height: 30 }),
      now: () => now,
    });
    const window = only(electron.doubleState().windows);
    popover.toggle();
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.position).toEqual([1542, 580]);
    window.emit('blur');
    expect(window.visible).toBe(false);
    now += 100;
    popover.toggle();
    expect(window.visible).toBe(false);
    now += 400;
    popover.toggle();
    expect(window.visible).toBe(true);
  });
});

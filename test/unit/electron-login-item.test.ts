/**
 * Launch at login: Electron's login item on macOS and Windows, and on Linux
 * an XDG autostart entry written to (and removed from) a temporary
 * XDG_CONFIG_HOME.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  applyLoginItem,
  autostartEntry,
  autostartPath,
  quoteExec,
  type LoginItemEnvironment,
} from '../../main/electron/login-item.ts';
import * as electron from '../doubles/electron.ts';

let dir: string;
beforeEach(() => {
  electron.resetElectronDouble();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-autostart-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function linux(env: Record<string, string> = {}): LoginItemEnvironment {
  return { platform: 'linux', env: { XDG_CONFIG_HOME: dir, ...env }, execPath: '/opt/Traytune/traytune', homeDir: dir };
}

describe('launch at login on Linux', () => {
  it('writes the autostart entry under XDG_CONFIG_HOME and removes it when switched off', () => {
    const file = path.join(dir, 'autostart', 'traytune.desktop');
    applyLoginItem(true, electron.app, linux());
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Traytune',
        'Comment=What’s playing on Spotify, from your tray',
        'Exec="/opt/Traytune/traytune"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    // Switching on twice leaves one file, rewritten.
    applyLoginItem(true, electron.app, linux());
    expect(fs.readdirSync(path.join(dir, 'autostart'))).toEqual(['traytune.desktop']);
    applyLoginItem(false, electron.app, linux());
    expect(fs.existsSync(file)).toBe(false);
    // Off when already off is fine.
    expect(() => applyLoginItem(false, electron.app, linux())).not.toThrow();
    expect(electron.desktopState().loginItemCalls).toEqual([]);
  });

  it('starts the AppImage itself, not its temporary mount', () => {
    applyLoginItem(true, electron.app, linux({ APPIMAGE: '/home/ada/Apps/Traytune 1.0.AppImage' }));
    const content = fs.readFileSync(path.join(dir, 'autostart', 'traytune.desktop'), 'utf8');
    expect(content).toContain('Exec="/home/ada/Apps/Traytune 1.0.AppImage"\n');
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset or relative', () => {
    const home = { platform: 'linux' as const, execPath: '/x', homeDir: '/home/ada' };
    expect(autostartPath({ ...home, env: {} })).toBe('/home/ada/.config/autostart/traytune.desktop');
    expect(autostartPath({ ...home, env: { XDG_CONFIG_HOME: 'relative/dir' } })).toBe(
      '/home/ada/.config/autostart/traytune.desktop',
    );
    expect(autostartPath({ ...home, env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/cfg/autostart/traytune.desktop');
  });

  it('quotes the Exec path as the Desktop Entry spec asks', () => {
    expect(quoteExec('/opt/My App/traytune')).toBe('"/opt/My App/traytune"');
    expect(quoteExec('/opt/a"b$c`d/x')).toBe('"/opt/a\\\\"b\\\\$c\\\\`d/x"');
    expect(quoteExec('/opt/100%/x')).toBe('"/opt/100%%/x"');
    expect(autostartEntry('/x')).toMatch(/^\[Desktop Entry\]\n/);
  });
});

describe('launch at login on macOS and Windows', () => {
  it.each(['darwin', 'win32'] as const)('uses the login item settings on %s and writes no file', (platform) => {
    const environment = { platform, env: { XDG_CONFIG_HOME: dir }, execPath: '/x' };
    applyLoginItem(true, electron.app, environment);
    expect(electron.app.getLoginItemSettings().openAtLogin).toBe(true);
    applyLoginItem(false, electron.app, environment);
    expect(electron.desktopState().loginItemCalls).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

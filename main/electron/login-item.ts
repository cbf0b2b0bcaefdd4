/**
 * Launch at login (off by default). macOS and Windows have it in Electron:
 * `app.setLoginItemSettings`. Linux has no such API in Electron; desktops
 * there follow the XDG Autostart spec
 * (https://specifications.freedesktop.org/autostart-spec/latest/): a
 * `.desktop` file in `$XDG_CONFIG_HOME/autostart` (default
 * `~/.config/autostart`), removed when switched off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The parts of Electron's `app` used on macOS and Windows. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

/** What decides where and how launch at login is set. */
export interface LoginItemEnvironment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** `process.execPath`: the Electron binary of the installed app. */
  execPath: string;
  /** Default `os.homedir()`. */
  homeDir?: string;
}

/** The autostart file's name: one per app, so switching on twice leaves one file. */
export const AUTOSTART_FILE = 'traytune.desktop';

/** `$XDG_CONFIG_HOME/autostart/traytune.desktop`, with the spec's default for XDG_CONFIG_HOME. */
export function autostartPath(environment: LoginItemEnvironment): string {
  const configured = environment.env['XDG_CONFIG_HOME'];
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const configHome =
    configured !== undefined && path.isAbsolute(configured)
      ? configured
      : path.join(environment.homeDir ?? os.homedir(), '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE);
}

/**
 * The program to start: an AppImage runs from a temporary mount whose path
 * changes every launch, so the AppImage file itself (`$APPIMAGE`) must be
 * started instead.
 */
export function autostartExecutable(environment: LoginItemEnvironment): string {
  const appImage = environment.env['APPIMAGE'];
  return appImage !== undefined && appImage !== '' ? appImage : environment.execPath;
}

/**
 * Quotes a path for the Exec key (Desktop Entry spec, "The Exec key"): inside
 * double quotes, `"`, `` ` ``, `$` and `\` are escaped with a backslash; the
 * file format then escapes each backslash once more, and a literal `%` is
 * written `%%` (a single one starts a field code).
 */
export function quoteExec(program: string): string {
  const quoted = `"${program.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The autostart entry's content. */
export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Traytune',
    'Comment=What’s playing on Spotify, from your tray',
    `Exec=${quoteExec(executable)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Switches launch at login on or off for this platform. Throws when the file cannot be written. */
export function applyLoginItem(openAtLogin: boolean, app: LoginItemApp, environment: LoginItemEnvironment): void {
  if (environment.platform === 'darwin' || environment.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin });
    return;
  }
  if (environment.platform !== 'linux') return;
  const file = autostartPath(environment);
  if (openAtLogin) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written whole each time: the executable path may have changed since (an updated AppImage).
    fs.writeFileSync(file, autostartEntry(autostartExecutable(environment)), { mode: 0o644 });
  } else {
    fs.rmSync(file, { force: true });
  }
}

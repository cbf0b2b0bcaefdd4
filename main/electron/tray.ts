/**
 * The tray icon, rendered from state the way Signal Desktop's
 * SystemTrayService does it: one pure `renderTray(state)` decides the icon,
 * tooltip and menu, and a small class applies the result to a Tray made by an
 * injected factory, so tests pass a double and never need Electron.
 */
import type { ViewState } from '../contract/ipc.ts';

/** The icon files in main/assets (without `.png`; `@2x` variants sit beside them). */
export type TrayIconName = 'trayTemplate' | 'tray-light' | 'tray-dark';

/** What a menu item does; the controller maps each to a callback. */
export type TrayAction = 'show' | 'login' | 'logout' | 'quit';

/** One line of the tray menu; `action` is what a click does. */
export type TrayMenuItem =
  { type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction };

/** Everything the tray shows for one state. */
export interface TrayView {
  icon: TrayIconName;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** What, besides the state, decides how the tray looks. */
export interface TrayEnvironment {
  platform: NodeJS.Platform;
  /** `nativeTheme.shouldUseDarkColors`: a dark taskbar wants the light icon. */
  darkTheme: boolean;
}

// Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128 with the NUL).
const TOOLTIP_MAX = 127;

/** Icon, tooltip and context menu for a state. */
export function renderTray(state: ViewState, env: TrayEnvironment): TrayView {
  const status = statusLine(state);
  const demo = state.demo ? ' (demo)' : '';
  const menu: TrayMenuItem[] = [
    { type: 'normal', label: `${status.menu}${demo}`, enabled: false },
    { type: 'separator' },
    { type: 'normal', label: 'Show Traytune', enabled: true, action: 'show' },
    state.app.screen === 'logged-in'
      ? { type: 'normal', label: 'Log out', enabled: true, action: 'logout' }
      : { type: 'normal', label: 'Log in', enabled: state.app.screen === 'logged-out', action: 'login' },
    { type: 'separator' },
    { type: 'normal', label: 'Quit', enabled: true, action: 'quit' },
  ];
  return { icon: iconFor(env), tooltip: truncate(status.tooltip, TOOLTIP_MAX), menu };
}

function iconFor(env: TrayEnvironment): TrayIconName {
  // macOS recolours "Template" images for light and dark menu bars itself.
  if (env.platform === 'darwin') return 'trayTemplate';
  return env.darkTheme ? 'tray-light' : 'tray-dark';
}

function statusLine(state: ViewState): { menu: string; tooltip: string } {
  const app = state.app;
  switch (app.screen) {
    case 'setup':
      return { menu: 'Not set up yet', tooltip: 'Traytune — not set up' };
    case 'logged-out':
      return { menu: 'Not logged in', tooltip: 'Traytune — not logged in' };
    case 'logging-in':
      return { menu: 'Finish logging in in your browser', tooltip: 'Traytune — logging in' };
    case 'logged-in': {
      const playing = app.nowPlaying;
      if (playing === null) return { menu: 'Logged in', tooltip: 'Traytune' };
      switch (playing.kind) {
        case 'track': {
          const line = `${playing.title} — ${playing.artists.join(', ')}`;
          return { menu: line, tooltip: line };
        }
        case 'episode': {
          const line = `${playing.title} — ${playing.show}`;
          return { menu: line, tooltip: line };
        }
        case 'ad':
          return { menu: 'Advertisement', tooltip: 'Traytune — advertisement' };
        case 'nothing':
          return { menu: 'Nothing playing', tooltip: 'Traytune — nothing playing' };
        case 'unknown':
          return { menu: 'Playing', tooltip: 'Traytune' };
      }
    }
  }
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The part of Electron's Tray the controller uses. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  popUpContextMenu(menu?: MenuLike): void;
  /* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron declares them: a union parameter would not accept Electron's objects. */
  on(event: 'click', listener: () => void): unknown;
  on(event: 'right-click', listener: () => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  getBounds(): { x: number; y: number; width: number; height: number };
  destroy(): void;
}

/** An opaque built menu (Electron's Menu). */
export type MenuLike = object;

/** An Electron menu template entry, as far as the tray builds them. */
export interface MenuTemplateItem {
  type: 'normal' | 'separator';
  label?: string;
  enabled?: boolean;
  click?: () => void;
}

/** The platform objects and callbacks the tray controller is given. */
export interface TrayControllerOptions {
  platform: NodeJS.Platform;
  /** `(iconPath) => new Tray(iconPath)`. */
  createTray(iconPath: string): TrayLike;
  /** `Menu.buildFromTemplate`. */
  buildMenu(template: MenuTemplateItem[]): MenuLike;
  /** Absolute path of an icon file. */
  iconPath(name: TrayIconName): string;
  /** A left click on macOS and Windows. */
  onClick(): void;
  actions: Record<TrayAction, () => void>;
}

/** Owns the Tray and re-renders it on every state or theme change. */
export class TrayController {
  readonly #options: TrayControllerOptions;
  readonly #tray: TrayLike;
  #menu: MenuLike | null = null;
  #icon: string | null = null;

  constructor(options: TrayControllerOptions, initial: TrayView) {
    this.#options = options;
    this.#icon = options.iconPath(initial.icon);
    this.#tray = options.createTray(this.#icon);
    this.#tray.on('click', () => {
      // Linux: tray clicks are not delivered with AppIndicator/StatusNotifier; the menu is the way in there.
      if (options.platform !== 'linux') options.onClick();
    });
    if (options.platform === 'darwin') {
      // A context menu set with setContextMenu would swallow the left click on macOS; pop it up on right click instead.
      this.#tray.on('right-click', () => {
        if (this.#menu !== null) this.#tray.popUpContextMenu(this.#menu);
      });
    }
    this.apply(initial);
  }

  /** Applies a rendered view: icon (when changed), tooltip and a rebuilt menu. */
  apply(view: TrayView): void {
    const icon = this.#options.iconPath(view.icon);
    if (icon !== this.#icon) {
      this.#icon = icon;
      this.#tray.setImage(icon);
    }
    this.#tray.setToolTip(view.tooltip);
    this.#menu = this.#options.buildMenu(view.menu.map((item) => this.#toTemplate(item)));
    // Linux: always set the menu, or there is no way to reach the app at all: with AppIndicator
    // the click event is never emitted (https://github.com/electron/electron/issues/6773).
    // Windows: the menu on right click, the popover on left click.
    if (this.#options.platform !== 'darwin') this.#tray.setContextMenu(this.#menu);
  }

  /** The icon's bounds on screen; all zeros where the platform does not say (Linux). */
  bounds(): { x: number; y: number; width: number; height: number } {
    return this.#tray.getBounds();
  }

  dispose(): void {
    this.#tray.destroy();
  }

  #toTemplate(item: TrayMenuItem): MenuTemplateItem {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      type: 'normal',
      label: item.label,
      enabled: item.enabled,
      ...(action === undefined ? {} : { click: () => this.#options.actions[action]() }),
    };
  }
}

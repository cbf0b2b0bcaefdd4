/**
 * The tray icon, rendered from state the way Signal Desktop's
 * SystemTrayService does it: one pure `renderTray(state)` decides the icon,
 * tooltip and menu, and a small class applies the result to a Tray made by an
 * injected factory, so tests pass a double and never need Electron.
 */
import type { ViewState } from '../contract/ipc.ts';
import type { AppState } from '../core/app-state.ts';
import type { NowPlaying } from '../core/spotify/now-playing.ts';

/** The icon files in main/assets (without `.png`; `@2x` variants sit beside them). */
export type TrayIconName = 'trayTemplate' | 'tray-light' | 'tray-dark';

/** What a menu item does; the controller maps each to a callback. */
export type TrayAction = 'show' | 'login' | 'logout' | 'quit' | 'toggle' | 'next' | 'previous' | 'like';

/** One line of the tray menu; `action` is what a click does. */
export type TrayMenuItem =
  { type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction };

/** Everything the tray shows for one state. */
export interface TrayView {
  icon: TrayIconName;
  tooltip: string;
  /** macOS: the text beside the icon ('' for none); ignored elsewhere. */
  title: string;
  menu: TrayMenuItem[];
}

/** What, besides the state, decides how the tray looks. */
export interface TrayEnvironment {
  platform: NodeJS.Platform;
  /** `nativeTheme.shouldUseDarkColors`: a dark taskbar wants the light icon. */
  darkTheme: boolean;
  /** A line for the menu about something the adapter could not do (a shortcut another app holds). */
  notice?: string | null;
}

// Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128 with the NUL).
const TOOLTIP_MAX = 127;

/**
 * The menu bar is shared with other apps' items and macOS hides the ones that
 * do not fit, so the title stays short (about as long as a clock and a
 * battery percentage together).
 */
export const MENU_BAR_TITLE_MAX = 40;

/** Icon, tooltip, macOS title and context menu for a state. */
export function renderTray(state: ViewState, env: TrayEnvironment): TrayView {
  const status = statusLine(state);
  const demo = state.demo ? ' (demo)' : '';
  const notice = env.notice ?? null;
  const menu: TrayMenuItem[] = [
    { type: 'normal', label: `${status.menu}${demo}`, enabled: false },
    ...(notice === null ? [] : [{ type: 'normal' as const, label: notice, enabled: false }]),
    { type: 'separator' },
    ...playerItems(state.app),
    { type: 'normal', label: 'Show Traytune', enabled: true, action: 'show' },
    state.app.screen === 'logged-in'
      ? { type: 'normal', label: 'Log out', enabled: true, action: 'logout' }
      : { type: 'normal', label: 'Log in', enabled: state.app.screen === 'logged-out', action: 'login' },
    { type: 'separator' },
    { type: 'normal', label: 'Quit', enabled: true, action: 'quit' },
  ];
  const title = env.platform === 'darwin' && state.preferences.menuBarTitle ? menuBarTitle(state.app) : '';
  return { icon: iconFor(env), tooltip: truncate(status.tooltip, TOOLTIP_MAX), title, menu };
}

/** The something-is-loaded states the controls act on ('nothing' has no item to play or skip). */
type Controllable = Exclude<NowPlaying, { kind: 'nothing' }>;

/**
 * Play/Pause, Next, Previous and the library item, then a separator; nothing
 * while logged out or when nothing is loaded. Spotify's `actions.disallows`
 * disable a control (an ad cannot be skipped), and so does a session in
 * which Spotify refused control (PREMIUM_REQUIRED): the note says why.
 */
function playerItems(app: AppState): TrayMenuItem[] {
  if (app.screen !== 'logged-in' || app.nowPlaying === null || app.nowPlaying.kind === 'nothing') return [];
  const playing: Controllable = app.nowPlaying;
  const { available, note } = app.controls;
  const disallows = playing.kind === 'track' || playing.kind === 'episode' ? playing.disallows : null;
  // Ads and unknown items carry no disallows; Spotify refuses skipping ads, so offer only play/pause there.
  const canSkip = disallows !== null;
  const items: TrayMenuItem[] = [
    {
      type: 'normal',
      label: playing.isPlaying ? 'Pause' : 'Play',
      enabled: available && !(playing.isPlaying ? disallows?.pausing : disallows?.resuming),
      action: 'toggle',
    },
    { type: 'normal', label: 'Next', enabled: available && canSkip && !disallows.skippingNext, action: 'next' },
    { type: 'normal', label: 'Previous', enabled: available && canSkip && !disallows.skippingPrev, action: 'previous' },
  ];
  if (note !== null) items.push({ type: 'normal', label: note, enabled: false });
  if (app.liked !== null) {
    const label = app.liked ? 'Remove from Your Library' : 'Save to Your Library';
    items.push({ type: 'normal', label, enabled: app.controls.pending !== 'like', action: 'like' });
  }
  items.push({ type: 'separator' });
  return items;
}

/** "Title — Artist" (first artist) or "Title — Show" for the macOS menu bar; '' when nothing plays. */
export function menuBarTitle(app: AppState): string {
  if (app.screen !== 'logged-in' || app.nowPlaying === null) return '';
  const playing = app.nowPlaying;
  if (playing.kind === 'track') {
    const artist = playing.artists[0];
    return truncateAtWord(artist === undefined ? playing.title : `${playing.title} — ${artist}`, MENU_BAR_TITLE_MAX);
  }
  if (playing.kind === 'episode') return truncateAtWord(`${playing.title} — ${playing.show}`, MENU_BAR_TITLE_MAX);
  return '';
}

/**
 * Cuts `text` to at most `max` characters (code points) with an ellipsis,
 * at the last word boundary when one is near enough (not before half of
 * `max`), dropping a dangling separator such as " —" or ",".
 */
export function truncateAtWord(text: string, max: number): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max - 1).join('');
  // A space right after the cut means the cut already ends a word.
  const boundary = chars[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  const head = boundary >= Math.floor(max / 2) ? cut.slice(0, boundary) : cut;
  return `${head.replace(/[\s,;:—–-]+$/u, '')}…`;
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
  /** macOS only: text beside the icon. */
  setTitle(title: string): void;
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
  #title = '';

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
    // setTitle exists for macOS only; elsewhere the tooltip carries the track.
    if (this.#options.platform === 'darwin' && view.title !== this.#title) {
      this.#title = view.title;
      this.#tray.setTitle(view.title);
    }
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

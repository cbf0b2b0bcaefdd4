/**
 * The popover: a small frameless window that appears next to the tray icon,
 * hides when it loses focus, never shows in the taskbar, and is closed only
 * when the app quits. The window is made by an injected factory
 * (`(options) => new BrowserWindow(options)`) so tests can inspect exactly
 * what it was created with.
 */
import { placePopover, type Point, type Rect } from './placement.ts';
import type { PopoverContents } from './ipc.ts';
import { RENDERER_URL } from './protocol.ts';
import type { PreventableEvent } from './security.ts';

/** The popover's size, fixed: the renderer's layout is designed for it. */
export const POPOVER_SIZE = { width: 340, height: 460 } as const;

/**
 * A blur hides the popover, and on Windows and macOS the tray click that
 * caused the blur arrives just after it: a toggle that soon after a blur-hide
 * means "close", not "open again".
 */
const BLUR_TOGGLE_GRACE_MS = 300;

/** The values the window options depend on. */
export interface PopoverWindowOptionsInput {
  /** The built preload bundle (`<outDir>/preload/preload.cjs`). */
  preloadPath: string;
  /** DevTools only in development. */
  devTools: boolean;
  /** Matches the renderer's background so a dark popover does not flash white. */
  darkTheme: boolean;
}

/** The BrowserWindow options, exported so the security test can check every value. */
export function popoverWindowOptions(input: PopoverWindowOptionsInput) {
  return {
    width: POPOVER_SIZE.width,
    height: POPOVER_SIZE.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Traytune',
    backgroundColor: input.darkTheme ? '#121212' : '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: input.preloadPath,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}

/** The options the popover window is created with. */
export type PopoverWindowOptions = ReturnType<typeof popoverWindowOptions>;

/** The parts of Electron's BrowserWindow the popover uses. */
export interface PopoverWindow {
  readonly webContents: PopoverContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  setPosition(x: number, y: number): void;
  /* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron declares them: a union parameter would not accept Electron's objects. */
  on(event: 'blur', listener: () => void): unknown;
  on(event: 'show', listener: () => void): unknown;
  on(event: 'hide', listener: () => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  destroy(): void;
}

/** The parts of Electron's `screen` used for placement. */
export interface ScreenLike {
  getDisplayNearestPoint(point: Point): { bounds: Rect; workArea: Rect };
  getCursorScreenPoint(): Point;
}

/** What the popover is made from; platform objects come in here. */
export interface PopoverOptions {
  createWindow(options: PopoverWindowOptions): PopoverWindow;
  windowOptions: PopoverWindowOptionsInput;
  screen: ScreenLike;
  platform: NodeJS.Platform;
  /** `tray.getBounds()`, or null before the tray exists. */
  trayBounds(): Rect | null;
  now?: () => number;
  /** The window was shown or hidden, by any path (tray, shortcut, blur, Escape): feeds the poller. */
  onVisibilityChange?(visible: boolean): void;
}

/** Owns the popover window. */
export class Popover {
  readonly #options: PopoverOptions;
  readonly #window: PopoverWindow;
  readonly #now: () => number;
  #hiddenByBlurAt = Number.NEGATIVE_INFINITY;
  #quitting = false;

  constructor(options: PopoverOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#window = options.createWindow(popoverWindowOptions(options.windowOptions));
    this.#window.on('blur', () => {
      if (!this.#window.isVisible()) return;
      this.#hiddenByBlurAt = this.#now();
      this.#window.hide();
    });
    this.#window.on('show', () => options.onVisibilityChange?.(true));
    this.#window.on('hide', () => options.onVisibilityChange?.(false));
    this.#window.on('close', (event) => {
      // Closing (Alt+F4, Cmd+W) hides; only Quit in the tray menu ends the app.
      if (this.#quitting) return;
      event.preventDefault();
      this.#window.hide();
    });
  }

  /** Loads the renderer from `app://traytune/index.html`. */
  load(): Promise<void> {
    return this.#window.loadURL(RENDERER_URL);
  }

  /** The window's web contents (for the IPC gate), or null once destroyed. */
  get webContents(): PopoverContents | null {
    return this.#window.isDestroyed() ? null : this.#window.webContents;
  }

  isVisible(): boolean {
    return !this.#window.isDestroyed() && this.#window.isVisible();
  }

  /** Places the popover next to the tray icon (or in a corner) and shows it focused. */
  show(): void {
    if (this.#window.isDestroyed()) return;
    const { x, y } = this.position();
    this.#window.setPosition(x, y);
    this.#window.show();
    this.#window.focus();
  }

  hide(): void {
    if (!this.#window.isDestroyed()) this.#window.hide();
  }

  /** A tray click: show, or hide when visible (or just hidden by that same click's blur). */
  toggle(): void {
    if (this.isVisible()) this.hide();
    else if (this.#now() - this.#hiddenByBlurAt >= BLUR_TOGGLE_GRACE_MS) this.show();
  }

  /** Where the popover goes now, from the tray's bounds and the display it is on. */
  position(): Point {
    const tray = this.#options.trayBounds();
    const known = tray !== null && (tray.width > 0 || tray.height > 0);
    // Without tray bounds (Linux), the pointer is where the user just clicked the tray menu.
    const anchor = known
      ? { x: Math.round(tray.x + tray.width / 2), y: Math.round(tray.y + tray.height / 2) }
      : this.#options.screen.getCursorScreenPoint();
    const display = this.#options.screen.getDisplayNearestPoint(anchor);
    return placePopover({
      trayBounds: tray,
      workArea: display.workArea,
      displayBounds: display.bounds,
      windowSize: POPOVER_SIZE,
      platform: this.#options.platform,
    });
  }

  /** Lets the window close (the app is quitting). */
  allowClose(): void {
    this.#quitting = true;
  }

  dispose(): void {
    this.#quitting = true;
    if (!this.#window.isDestroyed()) this.#window.destroy();
  }
}

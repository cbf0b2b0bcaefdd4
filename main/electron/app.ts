/**
 * The Electron app, assembled from the feature modules (electron/fiddle's
 * `setupX()` style). Everything Electron is passed in: main.ts passes the real
 * module and the AppService factory, the tests pass the test double and a
 * small service of their own, and both run this same function.
 */
import path from 'node:path';

import type { ViewState } from '../contract/ipc.ts';
import type { Activity } from '../core/activity.ts';
import { DEFAULT_ACCOUNTS_URL } from '../core/config/config.ts';
import type { Logger } from '../core/log.ts';
import type { SettingsStore } from '../core/persistence/store.ts';
import { setupDesktop, type Desktop, type DesktopElectron } from './desktop.ts';
import { setupIpc, type ApiHandlers, type IpcMainLike } from './ipc.ts';
import { setupLifecycle, setupSingleInstance, type LifecycleApp } from './lifecycle.ts';
import { createOpenExternal } from './open-external.ts';
import { Popover, type PopoverWindow, type PopoverWindowOptions, type ScreenLike } from './popover.ts';
import { popoverCsp, registerAppScheme, setupAppProtocol, type ProtocolLike } from './protocol.ts';
import { setupSecurity, type SecurityTargets } from './security.ts';
import { fetchArtBuffer } from './notifications.ts';
import { openAppStore } from './store.ts';
import {
  savedAllowPlaintext,
  setupTokenStorage,
  type SafeStorageProbe,
  type TokenStorage,
} from './token-storage-mode.ts';
import { renderTray, TrayController, type MenuLike, type MenuTemplateItem, type TrayLike } from './tray.ts';

/** What the app needs from the service behind the popover (main/app's AppService). */
export interface AppHandlers extends ApiHandlers {
  /** Reads settings and any saved login; called once the popover is loading. */
  start(): Promise<void>;
  /** Stops timers and servers at quit. */
  dispose(): Promise<void>;
  /** True while the built-in demo runs (its simulated Spotify is on 127.0.0.1). */
  readonly demo: boolean;
  /** Feeds the poll scheduler what only the adapter sees (popover, power, idle). */
  setActivity(patch: Partial<Activity>): void;
  /**
   * Optional: moves the login to a new cipher and store when the user changes
   * `allowPlaintextTokens` (memory-only ⇄ on disk). Without it, the change
   * applies at the next start.
   */
  switchTokenStorage?(storage: TokenStorage): Promise<void>;
}

/** What the factory of the service is given. */
export interface HandlersContext {
  store: SettingsStore;
  /** A sentence about a damaged settings file that was set aside, to show once. */
  startupNotice: string | undefined;
  /** The cipher, the memory-only token store if any, and the mode for ViewState.tokenStorage. */
  tokenStorage: TokenStorage;
  /** `shell.openExternal` behind the allowlist. */
  openUrl(url: string): Promise<void>;
  hidePopover(): void;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** `app.getVersion()`, for ViewState.version. */
  version: string;
}

/** The parts of the `electron` module the app uses (the real one in main.ts, the double in tests). */
export interface ElectronParts extends Omit<DesktopElectron, 'app'> {
  app: LifecycleApp &
    SecurityTargets['app'] &
    DesktopElectron['app'] & {
      whenReady(): Promise<void>;
      setPath(name: 'userData', value: string): void;
      getVersion(): string;
      readonly isPackaged: boolean;
    };
  BrowserWindow: new (options: PopoverWindowOptions) => PopoverWindow;
  Tray: new (image: string) => TrayLike;
  Menu: { buildFromTemplate(template: MenuTemplateItem[]): MenuLike };
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  screen: ScreenLike;
  session: { readonly defaultSession: SecurityTargets['session'] };
  safeStorage: SafeStorageProbe;
  shell: { openExternal(url: string): Promise<void> };
  nativeTheme: { readonly shouldUseDarkColors: boolean; on(event: 'updated', listener: () => void): unknown };
}

/** Where the built app's other parts are (see main/dev/build-electron.ts). */
export interface BuiltPaths {
  preload: string;
  renderer: string;
  assets: string;
}

/** The layout `buildElectron` writes, seen from `<outDir>/main/`. */
export function builtPaths(mainDir: string): BuiltPaths {
  const outDir = path.dirname(mainDir);
  return {
    preload: path.join(outDir, 'preload', 'preload.cjs'),
    renderer: path.join(outDir, 'renderer'),
    assets: path.join(outDir, 'assets'),
  };
}

/** What startTraytune is given: the electron module (or double), the environment and the service factory. */
export interface StartOptions {
  electron: ElectronParts;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  paths: BuiltPaths;
  logger: Logger;
  createHandlers(context: HandlersContext): AppHandlers;
  /** `process.execPath` (the default), for the Linux autostart entry. */
  execPath?: string;
}

/** The running app, for tests and for quitting. */
export interface RunningApp {
  popover: Popover;
  tray: TrayController;
  handlers: AppHandlers;
  tokenStorage: TokenStorage;
  desktop: Desktop;
}

/**
 * Starts Traytune. Resolves to null when another instance already runs (this
 * one then quits); otherwise once the tray exists and the popover is loading.
 * Everything that must precede `ready` runs synchronously, before the first
 * await, so the caller must not await this at the top level of the entry
 * module (see main.ts).
 */
export async function startTraytune(options: StartOptions): Promise<RunningApp | null> {
  const { electron, env, platform, paths, logger } = options;
  const { app } = electron;
  // Before the lock: the lock is per user-data directory, and tests run instances side by side.
  const dataDir = env['TRAYTUNE_DATA_DIR'];
  if (dataDir !== undefined && dataDir !== '') app.setPath('userData', path.resolve(dataDir));
  const report = (what: string) => (error: unknown) => logger.error(what, error);
  let running: RunningApp | null = null;
  if (!setupSingleInstance(app, () => running?.popover.show())) return null;
  registerAppScheme(electron.protocol);
  const lifecycle = setupLifecycle(app, {
    platform,
    onBeforeQuit: () => running?.popover.allowClose(),
    dispose: async () => {
      running?.desktop.dispose();
      running?.tray.dispose();
      await running?.handlers.dispose().catch(report('Stopping the service failed'));
    },
  });

  await app.whenReady();
  lifecycle.hideDock();
  setupSecurity({ app, session: electron.session.defaultSession });

  const { store, recovered } = openAppStore({}, { logger });
  const tokenStorage = setupTokenStorage({
    safeStorage: electron.safeStorage,
    platform,
    env,
    allowPlaintextPreference: savedAllowPlaintext(store),
  });
  // Worth a line only when the login will not be kept in the keyring.
  if (tokenStorage.mode !== 'keyring') logger.info('Token storage', { mode: tokenStorage.mode });
  let handlers: AppHandlers | null = null;
  const openUrl = createOpenExternal(
    electron.shell,
    {
      accountsUrls: () => [env['TRAYTUNE_ACCOUNTS_URL'] ?? DEFAULT_ACCOUNTS_URL],
      loopbackAllowed: () => handlers?.demo === true,
    },
    logger,
  );
  // The demo draws its art as data: URLs, so only a loopback TRAYTUNE_API_URL (the test fake) widens img-src.
  setupAppProtocol(electron.protocol, { rootDir: paths.renderer, csp: () => popoverCsp([env['TRAYTUNE_API_URL']]) });

  let popover: Popover | null = null;
  const service = options.createHandlers({
    store,
    startupNotice: recovered?.reason,
    tokenStorage,
    openUrl,
    hidePopover: () => popover?.hide(),
    env,
    logger,
    version: app.getVersion(),
  });
  handlers = service;

  let tray: TrayController | null = null;
  const shown = new Popover({
    createWindow: (windowOptions) => new electron.BrowserWindow(windowOptions),
    windowOptions: {
      preloadPath: paths.preload,
      devTools: !app.isPackaged,
      darkTheme: electron.nativeTheme.shouldUseDarkColors,
    },
    screen: electron.screen,
    platform,
    trayBounds: () => tray?.bounds() ?? null,
    onVisibilityChange: (visible) => service.setActivity({ popoverVisible: visible }),
  });
  popover = shown;
  setupIpc({ ipcMain: electron.ipcMain, popover: () => shown.webContents, handlers: service, logger });

  let last: ViewState = await service.getState();
  let notice: string | null = null;
  const trayEnv = (): { platform: NodeJS.Platform; darkTheme: boolean; notice: string | null } => ({
    platform,
    darkTheme: electron.nativeTheme.shouldUseDarkColors,
    notice,
  });
  const player = {
    togglePlayback: () => void service.togglePlayback().catch(report('Play/pause failed')),
    next: () => void service.next().catch(report('Next failed')),
    previous: () => void service.previous().catch(report('Previous failed')),
  };
  const controller = new TrayController(
    {
      platform,
      createTray: (iconPath) => new electron.Tray(iconPath),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      iconPath: (name) => path.join(paths.assets, `${name}.png`),
      onClick: () => shown.toggle(),
      actions: {
        show: () => shown.show(),
        login: () => void service.login().catch(report('Log in from the tray failed')),
        logout: () => void service.logout().catch(report('Log out from the tray failed')),
        quit: () => app.quit(),
        toggle: player.togglePlayback,
        next: player.next,
        previous: player.previous,
        like: () => void service.toggleLike().catch(report('Saving to the library failed')),
      },
    },
    renderTray(last, trayEnv()),
  );
  tray = controller;
  let storageMode = tokenStorage.mode;
  const desktop = setupDesktop({
    electron: { ...electron, app },
    platform,
    env,
    execPath: options.execPath ?? process.execPath,
    logger,
    actions: { ...player, togglePopover: () => shown.toggle() },
    setActivity: (patch) => service.setActivity(patch),
    popoverVisible: () => shown.isVisible(),
    onNotice: (message) => {
      notice = message;
      controller.apply(renderTray(last, trayEnv()));
    },
    onAllowPlaintextTokens: (allow) => {
      if (service.switchTokenStorage === undefined) {
        // Not probing safeStorage here: switching basic_text off under the cipher in use would break its next save.
        logger.info('Token storage changes at the next start', { allowPlaintextTokens: allow });
        return;
      }
      const next = setupTokenStorage({
        safeStorage: electron.safeStorage,
        platform,
        env,
        allowPlaintextPreference: allow,
      });
      if (next.mode === storageMode) return;
      storageMode = next.mode;
      void service.switchTokenStorage(next).catch(report('Switching token storage failed'));
    },
    fetchArt: (url) => fetchArtBuffer(url),
  });
  desktop.update(last);
  service.subscribe((state) => {
    last = state;
    controller.apply(renderTray(state, trayEnv()));
    desktop.update(state);
  });
  electron.nativeTheme.on('updated', () => controller.apply(renderTray(last, trayEnv())));

  running = { popover: shown, tray: controller, handlers: service, tokenStorage, desktop };
  await shown.load().catch(report('The popover failed to load'));
  await service.start().catch(report('Starting the service failed'));
  return running;
}

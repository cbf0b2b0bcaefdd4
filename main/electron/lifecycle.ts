/**
 * How a tray app lives: one instance (a second launch opens the first one's
 * popover), no Dock icon on macOS, and no quitting when the popover closes —
 * only Quit in the tray menu ends it.
 */

/** The parts of Electron's `app` the lifecycle uses. */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  /* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron declares them: a union parameter would not accept Electron's objects. */
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  readonly dock?: { hide(): void } | undefined;
}

/** What the lifecycle calls on the way out. */
export interface LifecycleOptions {
  platform: NodeJS.Platform;
  /** Quit was chosen: let the popover close. */
  onBeforeQuit(): void;
  /** Stops timers and servers before the app exits. */
  dispose(): Promise<void>;
}

/**
 * Takes the single-instance lock. Returns false (and quits) when another
 * instance holds it; this process must then do nothing else.
 */
export function setupSingleInstance(
  app: LifecycleApp,
  /** Another launch of Traytune happened: show the popover. */
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondInstance);
  return true;
}

/** Installs the lifecycle handlers; call `hideDock` once the app is ready. */
export function setupLifecycle(app: LifecycleApp, options: LifecycleOptions): { hideDock(): void } {
  // Listening is enough: without a listener Electron quits when the last window closes.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', options.onBeforeQuit);
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Hold the exit until the service has stopped (its login server, its timers), then quit again.
    event.preventDefault();
    disposed = true;
    void options.dispose().then(
      () => app.quit(),
      () => app.quit(),
    );
  });
  return {
    hideDock: () => {
      // A menu bar app has no Dock icon (and no app menu); `dock` exists on macOS only.
      if (options.platform === 'darwin') app.dock?.hide();
    },
  };
}

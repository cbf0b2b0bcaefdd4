/**
 * The Electron security checklist's runtime guards, one small function each
 * (vite-electron-builder's style), installed on every web contents as it is
 * created. The popover only ever shows its own `app://traytune` document:
 * anything else it tries to open or embed is refused here, as is every
 * permission but writing to the clipboard, and external pages go through
 * `shell.openExternal` with URLs built in main.
 */
import { isAppDocument, isAppOrigin } from './protocol.ts';

/** An event whose default can be prevented (Electron's `Event`). */
export interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-redirect: only a reload of the popover's own document may proceed. */
export function guardNavigation(event: PreventableEvent & { url: string }): void {
  if (!isAppDocument(event.url)) event.preventDefault();
}

/** `setWindowOpenHandler`: no new windows, whatever the URL. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** will-attach-webview: the app has no use for <webview>. */
export function preventWebviewAttach(event: PreventableEvent): void {
  event.preventDefault();
}

/**
 * The one permission the popover has: writing plain text to the clipboard
 * ("Copy" next to the redirect URI). Electron grants everything when no
 * handler is set; here everything else is refused (camera, notifications,
 * geolocation, clipboard reading …), and that one only for the app's page.
 */
export function isPermissionAllowed(permission: string, pageUrl: string | null): boolean {
  return permission === 'clipboard-sanitized-write' && pageUrl !== null && isAppOrigin(pageUrl);
}

/** The part of a WebContents the permission handlers look at. */
export interface PermissionContents {
  getURL(): string;
}

/** `session.setPermissionRequestHandler`. */
export function handlePermissionRequest(
  webContents: PermissionContents,
  permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(isPermissionAllowed(permission, webContents.getURL()));
}

/** `session.setPermissionCheckHandler`. */
export function handlePermissionCheck(webContents: PermissionContents | null, permission: string): boolean {
  return isPermissionAllowed(permission, webContents?.getURL() ?? null);
}

/** The web contents events and handler the guards attach to. */
export interface GuardedContents {
  /* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron declares them: a union parameter would not accept Electron's objects. */
  on(event: 'will-navigate', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** Attaches every per-contents guard. */
export function guardWebContents(contents: GuardedContents): void {
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', preventWebviewAttach);
  contents.setWindowOpenHandler(denyWindowOpen);
}

/** Where the guards are installed. */
export interface SecurityTargets {
  /** Electron's `app`: guards go on each web contents as it is created. */
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown };
  /** `session.defaultSession`: the popover's session. */
  session: {
    setPermissionRequestHandler(handler: typeof handlePermissionRequest): void;
    setPermissionCheckHandler(handler: typeof handlePermissionCheck): void;
  };
}

/** Installs every guard. Call before any window is created. */
export function setupSecurity({ app, session }: SecurityTargets): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  session.setPermissionRequestHandler(handlePermissionRequest);
  session.setPermissionCheckHandler(handlePermissionCheck);
}

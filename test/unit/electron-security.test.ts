/**
 * The Electron security checklist, one guard per test: webPreferences, the
 * CSP the app:// handler serves, path traversal, navigation and window.open,
 * permissions, <webview>, and the shell.openExternal allowlist.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CSP_PLACEHOLDER, cspForMetaTag } from '../../main/contract/csp.ts';
import { createOpenExternal, isAllowedExternalUrl } from '../../main/electron/open-external.ts';
import { Popover, popoverWindowOptions } from '../../main/electron/popover.ts';
import {
  createRendererHandler,
  popoverCsp,
  registerAppScheme,
  RENDERER_URL,
  resolveInside,
  setupAppProtocol,
} from '../../main/electron/protocol.ts';
import { denyWindowOpen, guardNavigation, isPermissionAllowed, setupSecurity } from '../../main/electron/security.ts';
import { createRecordingLogger } from '../support/recording-logger.ts';
import * as electron from '../doubles/electron.ts';

beforeEach(() => electron.resetElectronDouble());

describe('webPreferences', () => {
  it('are exactly the hardened set', () => {
    const options = popoverWindowOptions({
      preloadPath: '/app/preload/preload.cjs',
      devTools: false,
      darkTheme: false,
    });
    expect(options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/preload/preload.cjs',
      spellcheck: false,
      devTools: false,
    });
  });

  it('reach the BrowserWindow the popover creates, with a frameless, hidden, taskbar-less window', () => {
    new Popover({
      createWindow: (options) => new electron.BrowserWindow(options),
      windowOptions: { preloadPath: '/app/preload/preload.cjs', devTools: true, darkTheme: true },
      screen: electron.screen,
      platform: 'linux',
      trayBounds: () => null,
    });
    const [window] = electron.doubleState().windows;
    expect(window?.options).toMatchObject({
      width: 340,
      height: 460,
      show: false,
      frame: false,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      backgroundColor: '#121212',
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: true,
      },
    });
  });
});

describe('the app:// protocol', () => {
  let root: string;
  const csp = popoverCsp([undefined]);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'traytune-protocol-'));
    await mkdir(join(root, 'renderer'));
    await writeFile(
      join(root, 'renderer', 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP_PLACEHOLDER}"><script src="app.js"></script>`,
    );
    await writeFile(join(root, 'renderer', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'renderer', 'notes.txt'), 'not served');
    await writeFile(join(root, 'secret.json'), '{"refresh_token":"never"}');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const serve = () => {
    setupAppProtocol(electron.protocol, { rootDir: join(root, 'renderer'), csp: () => csp });
    return (url: string, init?: RequestInit) => electron.fetchProtocol(url, init);
  };

  it('is registered as a standard, secure scheme and nothing more', () => {
    registerAppScheme(electron.protocol);
    expect(electron.doubleState().privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
  });

  it('serves index.html with the CSP in the meta tag and the header', async () => {
    const response = await serve()(RENDERER_URL);
    expect(response.status).toBe(200);
    const header = response.headers.get('content-security-policy') ?? '';
    const html = await response.text();
    expect(html).not.toContain(CSP_PLACEHOLDER);
    // The meta tag carries the same policy minus frame-ancestors, which only works as a header.
    expect(html).toContain(`content="${cspForMetaTag(header)}"`);
    expect(cspForMetaTag(header)).not.toContain('frame-ancestors');
    const directives = header.split('; ');
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("connect-src 'none'");
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("style-src 'self'");
    expect(directives).toContain("frame-ancestors 'none'");
    expect(directives.find((d) => d.startsWith('img-src'))).toBe(
      "img-src 'self' data: https://i.scdn.co https://mosaic.scdn.co https://image-cdn-ak.spotifycdn.com https://image-cdn-fa.spotifycdn.com",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts with a JavaScript type', async () => {
    const response = await serve()('app://traytune/app.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    ['app://traytune/..%2Fsecret.json', 403],
    ['app://traytune/%2e%2e%2fsecret.json', 403],
    ['app://traytune/..%5Csecret.json', 403],
    ['app://traytune/%00index.html', 403],
    ['app://traytune/C:%2Fwindows%2Fwin.ini', 403],
    ['app://traytune/notes.txt', 404],
    ['app://traytune/missing.js', 404],
    ['app://elsewhere/index.html', 404],
  ])('refuses %s with %i', async (url, status) => {
    const response = await serve()(url);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toContain('refresh_token');
  });

  it('answers only GET', async () => {
    expect((await serve()(RENDERER_URL, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('never resolves outside the root', () => {
    expect(resolveInside('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
    expect(resolveInside('/srv/r', '/a/../../x')).toBeNull();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeNull();
  });

  it('adds a loopback API origin (the fake, the demo) to img-src, never a remote one', async () => {
    expect(popoverCsp(['http://127.0.0.1:4567/v1'])).toContain(
      'https://image-cdn-fa.spotifycdn.com http://127.0.0.1:4567;',
    );
    expect(popoverCsp(['http://[::1]:80/v1'])).toContain('http://[::1];');
    expect(popoverCsp(['https://api.example.com/v1'])).toBe(popoverCsp([undefined]));
    expect(popoverCsp(['https://api.spotify.com/v1'])).toBe(popoverCsp([]));
    const handler = createRendererHandler({
      rootDir: join(root, 'renderer'),
      csp: () => popoverCsp(['http://127.0.0.1:9/v1']),
    });
    const response = await handler(new Request(RENDERER_URL));
    expect(response.headers.get('content-security-policy')).toContain('http://127.0.0.1:9');
  });
});

describe('guards on every web contents', () => {
  const navigation = (url: string) => {
    const event = electron.preventableEvent({ url });
    guardNavigation(event);
    return event.defaultPrevented;
  };

  it('prevents navigation anywhere but the popover document', () => {
    expect(navigation('https://evil.example/')).toBe(true);
    expect(navigation('file:///etc/passwd')).toBe(true);
    expect(navigation('app://traytune/other.html')).toBe(true);
    expect(navigation('app://other/index.html')).toBe(true);
    expect(navigation('javascript:alert(1)')).toBe(true);
    expect(navigation(RENDERER_URL)).toBe(false);
  });

  it('denies window.open', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it.each([
    ['clipboard-sanitized-write', RENDERER_URL, true],
    ['clipboard-sanitized-write', 'https://evil.example/', false],
    ['clipboard-sanitized-write', null, false],
    ['clipboard-read', RENDERER_URL, false],
    ['media', RENDERER_URL, false],
    ['notifications', RENDERER_URL, false],
    ['geolocation', RENDERER_URL, false],
    ['openExternal', RENDERER_URL, false],
    ['unknown', RENDERER_URL, false],
  ])('permission %s for %s: %s', (permission, url, allowed) => {
    expect(isPermissionAllowed(permission, url)).toBe(allowed);
  });

  it('are installed on each web contents as it is created, and on the session', async () => {
    // Electron's defaults grant; the guards are what makes the answer "no".
    expect(await electron.requestPermission(null, 'media')).toBe(true);
    setupSecurity({ app: electron.app, session: electron.session.defaultSession });
    const window = new electron.BrowserWindow({});
    const contents = window.webContents;

    const navigate = electron.preventableEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', navigate);
    expect(navigate.defaultPrevented).toBe(true);
    const redirect = electron.preventableEvent({ url: 'https://evil.example/' });
    contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const webview = electron.preventableEvent({});
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://open.spotify.com/' })).toEqual({ action: 'deny' });

    await window.loadURL(RENDERER_URL);
    expect(await electron.requestPermission(contents, 'media')).toBe(false);
    expect(await electron.requestPermission(contents, 'notifications')).toBe(false);
    expect(await electron.requestPermission(contents, 'clipboard-sanitized-write')).toBe(true);
    expect(electron.checkPermission(contents, 'clipboard-read', 'app://traytune')).toBe(false);
    expect(electron.checkPermission(contents, 'clipboard-sanitized-write', 'app://traytune')).toBe(true);
    expect(electron.checkPermission(null, 'clipboard-sanitized-write', 'app://traytune')).toBe(false);
  });
});

describe('shell.openExternal allowlist', () => {
  const policy = { accountsUrls: () => ['http://127.0.0.1:4567'], loopbackAllowed: () => false };

  it.each([
    'https://accounts.spotify.com/authorize?client_id=x&response_type=code',
    'http://127.0.0.1:4567/authorize?client_id=x',
    'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
    'https://open.spotify.com/user/ada',
    'https://developer.spotify.com/dashboard',
    'https://developer.spotify.com/dashboard/applications',
    'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
    'spotify:user:ada.lovelace',
  ])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url, policy)).toBe(true);
  });

  it.each([
    'https://accounts.spotify.com/api/token',
    'http://accounts.spotify.com/authorize',
    'https://accounts.spotify.com.evil.example/authorize',
    'https://user:pw@open.spotify.com/track/x',
    'https://open.spotify.com:8443/track/x',
    'http://open.spotify.com/track/x',
    'https://developer.spotify.com/documentation',
    'http://127.0.0.1:4568/authorize',
    'http://127.0.0.1:4567/track/x',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker/share',
    'spotify:track:x;rm -rf',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url, policy)).toBe(false);
  });

  it('allows plain http only on a loopback accounts service', () => {
    expect(
      isAllowedExternalUrl('http://example.com/authorize', { ...policy, accountsUrls: () => ['http://example.com'] }),
    ).toBe(false);
    expect(
      isAllowedExternalUrl('https://proxy.example/sp/authorize', {
        ...policy,
        accountsUrls: () => ['https://proxy.example/sp'],
      }),
    ).toBe(true);
  });

  it('allows the demo’s loopback pages only while the demo runs', () => {
    const demo = { accountsUrls: () => [], loopbackAllowed: () => true };
    expect(isAllowedExternalUrl('http://127.0.0.1:39999/authorize?x=1', demo)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:39999/tracks/1', demo)).toBe(true);
    expect(isAllowedExternalUrl('http://192.168.1.2/tracks/1', demo)).toBe(false);
  });

  it('calls shell.openExternal only for allowed URLs', async () => {
    const logger = createRecordingLogger();
    const open = createOpenExternal(electron.shell, policy, logger);
    await open('https://open.spotify.com/track/x');
    await expect(open('https://evil.example/?token=abc')).rejects.toThrow('Traytune does not open that address.');
    expect(electron.doubleState().openedExternal).toEqual(['https://open.spotify.com/track/x']);
    expect(logger.text()).toContain('https://evil.example');
    expect(logger.text()).not.toContain('token=abc');
  });
});

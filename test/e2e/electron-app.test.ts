/**
 * The real app in real Electron, driven by Playwright's `_electron`: the
 * built main, preload and renderer against the fake Spotify. It checks what
 * the unit tests with the electron double cannot: that Chromium honours the
 * sandbox, the CSP and the app:// scheme, that the preload loads sandboxed,
 * that IPC crosses for real, and that a login in a real browser reaches the
 * popover.
 *
 * It runs wherever an Electron binary exists (node_modules/electron/dist,
 * plus a display on Linux: `xvfb-run npm test`); elsewhere it is skipped
 * with one line saying why.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { TraytuneApi, ViewState } from '../../main/contract/ipc.ts';
import { buildElectron } from '../../main/dev/build-electron.ts';
import { buildRenderer } from '../../main/dev/build-renderer.ts';
import { findElectronBinary } from '../../main/dev/start.ts';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/index.ts';
import { launchChromium } from '../support/chromium.ts';

const CLIENT_ID = '0123456789abcdef0123456789abcdef';
const binary = findElectronBinary();
const noDisplay = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];
const skipReason =
  binary === null
    ? 'no Electron binary (node_modules/electron/dist missing; downloads are blocked here)'
    : noDisplay
      ? 'no display on Linux (run the tests under xvfb-run)'
      : null;
if (skipReason !== null) console.log(`electron-app: skipped — ${skipReason}`);

/** The popover's window as the preload leaves it (cast inside page functions, without a global declaration). */
type WithApi = { traytune: TraytuneApi };

describe.skipIf(skipReason !== null)('the Electron app against the fake Spotify', () => {
  let work: string;
  let outDir: string;
  let fake: FakeSpotify;
  let browser: Browser;
  let app: ElectronApplication | undefined;
  let dataDir: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'traytune-electron-e2e-'));
    outDir = join(work, 'app');
    await buildElectron(outDir);
    await buildRenderer(join(outDir, 'renderer'));
    fake = await startFakeSpotify();
    fake.registerClient({ clientId: CLIENT_ID, redirectUris: ['http://127.0.0.1/callback'] });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await rm(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  function appEnv(): Record<string, string> {
    return {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['DISPLAY'] === undefined ? {} : { DISPLAY: process.env['DISPLAY'] }),
      ...(process.env['WAYLAND_DISPLAY'] === undefined ? {} : { WAYLAND_DISPLAY: process.env['WAYLAND_DISPLAY'] }),
      TRAYTUNE_DATA_DIR: dataDir,
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_REDIRECT_URI: 'http://127.0.0.1/callback',
      TRAYTUNE_ACCOUNTS_URL: fake.accountsUrl,
      TRAYTUNE_API_URL: fake.apiUrl,
    };
  }

  // Root in a container cannot use Chromium's sandbox; `basic` makes the keyring choice deterministic.
  const electronArgs = (): string[] => [
    outDir,
    '--password-store=basic',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];

  async function launch(): Promise<{ app: ElectronApplication; popover: Page }> {
    dataDir = await mkdtemp(join(work, 'data-'));
    const launched = await _electron.launch({ executablePath: binary ?? '', args: electronArgs(), env: appEnv() });
    app = launched;
    // The browser opener is replaced in main, so the test plays the browser with Chromium.
    await launched.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { traytuneOpened?: string[] }).traytuneOpened = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    const popover = await launched.firstWindow();
    await popover.waitForLoadState('domcontentloaded');
    await launched.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.show());
    return { app: launched, popover };
  }

  const opened = (electronApp: ElectronApplication): Promise<string[]> =>
    electronApp.evaluate(() => (globalThis as { traytuneOpened?: string[] }).traytuneOpened ?? []);

  it('loads the popover from app:// with the sandbox, the CSP and only the contract exposed', async () => {
    const { popover } = await launch();
    expect(popover.url()).toBe('app://traytune/index.html');
    const facts = await popover.evaluate(async () => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as WithApi).traytune).sort(),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      fetchBlocked: await fetch('https://example.com/').then(
        () => false,
        () => true,
      ),
      popup: window.open('https://example.com/') === null,
      badArgs: await (window as unknown as WithApi).traytune.saveSettings({ clientId: 1 } as never).then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
    }));
    expect(facts.require).toBe('undefined');
    expect(facts.process).toBe('undefined');
    expect(facts.api).toEqual([
      'cancelLogin',
      'forgetThisComputer',
      'getState',
      'hidePopover',
      'login',
      'logout',
      'next',
      'onState',
      'openExternal',
      'previous',
      'saveSettings',
      'setPreferences',
      'startDemo',
      'toggleLike',
      'togglePlayback',
    ]);
    expect(facts.csp).toContain("default-src 'none'");
    expect(facts.csp).toContain("connect-src 'none'");
    expect(facts.csp).toContain(new URL(fake.apiUrl).origin);
    expect(facts.fetchBlocked).toBe(true);
    expect(facts.popup).toBe(true);
    expect(facts.badArgs).toContain('Invalid arguments.');

    await popover.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await popover.waitForTimeout(500);
    expect(popover.url()).toBe('app://traytune/index.html');
  });

  it('logs in through a real browser, shows the fake’s track, and logs out leaving no token on disk', async () => {
    fake.setUser({ id: 'grace', displayName: 'Grace Hopper' });
    fake.setPlayback({
      item: fake.fixtures.track({ name: 'Nanoseconds', artists: ['The Compilers'], album: 'COBOL Sessions' }),
      isPlaying: true,
    });
    const { app: electronApp, popover } = await launch();
    const state = await popover.evaluate(() => (window as unknown as WithApi).traytune.getState());
    // Linux with --password-store=basic: no keyring, so the login stays in memory (and the popover says so).
    expect(state.tokenStorage).toBe(process.platform === 'linux' ? 'memory-only' : 'keyring');

    await popover.getByRole('button', { name: 'Log in with Spotify' }).click();
    let authorizeUrl: string | undefined;
    for (let i = 0; i < 100 && authorizeUrl === undefined; i++) {
      authorizeUrl = (await opened(electronApp)).find((url) => url.startsWith(`${fake.accountsUrl}/authorize`));
      if (authorizeUrl === undefined) await popover.waitForTimeout(100);
    }
    expect(authorizeUrl).toBeDefined();

    const tab = await browser.newPage();
    try {
      await tab.goto(authorizeUrl ?? '');
      await tab.getByRole('button', { name: 'Agree' }).click();
      await tab.waitForURL(/\/callback\?/);
    } finally {
      await tab.close();
    }

    // The browser took the focus, so the popover hid on blur: open it again, as the tray would.
    await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.show());
    await popover.getByText('Nanoseconds').waitFor();
    await popover.getByText('Grace Hopper').waitFor();
    const loggedIn = await popover.evaluate(() => (window as unknown as WithApi).traytune.getState());
    expect(JSON.stringify(loggedIn satisfies ViewState)).not.toMatch(
      /access_?token|refresh_?token|BQ[A-Za-z0-9_-]{20}/i,
    );

    await popover.getByRole('button', { name: 'Log out' }).click();
    await popover.getByRole('button', { name: 'Log in with Spotify' }).waitFor();
    const settings = await readFile(join(dataDir, 'settings.json'), 'utf8');
    expect(settings).not.toContain('"tokens"');
    for (const secret of fake.issuedSecrets()) expect(settings).not.toContain(secret);
  });

  it('hides instead of closing, and a second launch shows the first one’s popover and exits', async () => {
    const { app: electronApp } = await launch();
    await electronApp.evaluate(({ BrowserWindow }) => {
      const window = BrowserWindow.getAllWindows()[0];
      window?.hide();
      window?.close();
    });
    expect(await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    const second = spawn(binary ?? '', electronArgs(), { env: appEnv(), stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    expect(await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
  });
});

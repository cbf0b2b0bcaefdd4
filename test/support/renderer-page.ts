/**
 * Drives the built renderer in Debian's Chromium: one browser per test file,
 * one fresh context per popover, a 340×460 viewport like the app's window.
 * Every console error, page error and CSP violation is collected, so each
 * test can insist there were none.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import type { SaveSettingsResult, SetPreferencesResult, ViewState } from '../../main/contract/ipc.ts';
import type { RecordedCall, RendererTestControl } from './renderer-test-api.ts';
import { CHROMIUM_PATH } from './chromium.ts';
import { startRendererServer, type RendererServer } from './renderer-server.ts';

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

/** The browser and the server, shared by the tests of one file. */
export interface RendererRig {
  browser: Browser;
  server: RendererServer;
  close(): Promise<void>;
}

/** Starts the server and Chromium (never a downloaded browser: Debian's, at its usual path). */
export async function startRig(): Promise<RendererRig> {
  const server = await startRendererServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export interface PopoverOptions {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  /** Installs Playwright's fake clock, paused at a fixed time, before the page loads. */
  fakeClock?: boolean;
  /** Grants clipboard access, as the Electron window has it. */
  clipboard?: boolean;
}

/** One popover page and what it saw. */
export interface Popover {
  page: Page;
  context: BrowserContext;
  push(state: ViewState, options?: { sampledNow?: boolean }): Promise<void>;
  calls(): Promise<RecordedCall[]>;
  /** Calls other than the initial getState, in order. */
  actions(): Promise<RecordedCall[]>;
  setSaveResult(result: SaveSettingsResult): Promise<void>;
  setPreferencesResult(result: SetPreferencesResult): Promise<void>;
  /** Console errors, uncaught errors and CSP violations so far. */
  errors(): Promise<string[]>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

declare global {
  interface Window {
    traytuneTest: RendererTestControl;
  }
}

/** Opens the popover with a first state already rendered. */
export async function openPopover(rig: RendererRig, first: ViewState, options: PopoverOptions = {}): Promise<Popover> {
  const context = await rig.browser.newContext({
    viewport: { width: 340, height: 460 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
  });
  if (options.clipboard === true) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rig.server.url.slice(0, -1) });
  }
  const page = await context.newPage();
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      logged.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => logged.push(`pageerror: ${error.message}`));
  if (options.fakeClock === true) {
    await page.clock.install({ time: new Date('2026-03-01T12:00:00Z') });
    await page.clock.pauseAt(new Date('2026-03-01T12:00:01Z'));
  }
  await page.goto(rig.server.url);
  const popover: Popover = {
    page,
    context,
    async push(state, pushOptions = {}) {
      await page.evaluate(([s, o]) => window.traytuneTest.push(s, o), [state, pushOptions] as const);
    },
    calls: () => page.evaluate(() => window.traytuneTest.calls),
    async actions() {
      return (await popover.calls()).filter((call) => call.method !== 'getState');
    },
    async setSaveResult(result) {
      await page.evaluate((r) => {
        window.traytuneTest.saveResult = r;
      }, result);
    },
    async setPreferencesResult(result) {
      await page.evaluate((r) => {
        window.traytuneTest.preferencesResult = r;
      }, result);
    },
    async errors() {
      const violations = await page.evaluate(() => window.traytuneTest.violations);
      return [...logged, ...violations.map((violation) => `csp: ${violation}`)];
    },
    async screenshot(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `renderer-${name}.png`), animations: 'disabled' });
    },
    close: () => context.close(),
  };
  await popover.push(first);
  // The app subscribes before asking for the snapshot; once it listens, the first state is rendered.
  await page.waitForFunction(() => window.traytuneTest.listenerCount() > 0);
  await page.locator('h1').first().waitFor();
  return popover;
}

/** The accessible-ish name of the focused element: aria-label, label, or text. */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return '(body)';
    const label = element.getAttribute('aria-label');
    if (label !== null) return label;
    if (element instanceof HTMLInputElement && element.labels !== null && element.labels[0] !== undefined) {
      return element.labels[0].textContent ?? '';
    }
    return (element.textContent ?? '').trim();
  });
}

/** Presses Tab until focus leaves the page or comes round again; returns the names in order. */
export async function tabOrder(page: Page, limit = 20): Promise<string[]> {
  // A click on the (inert) title bar puts the Tab starting point at the top of the page.
  await page.locator('.topbar').click({ position: { x: 2, y: 2 } });
  const names: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const name = await focusedName(page);
    if (name === '(body)' || names.includes(name)) break;
    names.push(name);
  }
  return names;
}

/** Popovers for the tests of one file, from {@link usePopoverRig}. */
export interface PopoverRig {
  /** Opens a popover; after the test it is closed and must have logged no error. */
  open(state: ViewState, options?: PopoverOptions): Promise<Popover>;
  /** Closes `popover` now without the error check, for tests that provoke errors on purpose. */
  release(popover: Popover): Promise<void>;
}

/**
 * Registers the hooks every renderer test file needs: Chromium and the
 * server once per file, and after each test, closing the popover it opened
 * and failing the test if the page logged an error (an exception, a CSP
 * violation).
 */
export function usePopoverRig(): PopoverRig {
  let rig: RendererRig | undefined;
  let current: Popover | undefined;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(async () => {
    const open = current;
    current = undefined;
    if (open === undefined) return;
    const errors = await open.errors();
    await open.close();
    expect(errors).toEqual([]);
  });
  return {
    async open(state, options = {}) {
      if (rig === undefined) throw new Error('usePopoverRig: open popovers inside tests, after beforeAll');
      current = await openPopover(rig, state, options);
      return current;
    },
    async release(popover) {
      if (current === popover) current = undefined;
      await popover.close();
    },
  };
}

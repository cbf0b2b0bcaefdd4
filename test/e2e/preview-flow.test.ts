/**
 * The whole first-run flow through the browser preview, against the test
 * fake: the preview runs as `npm run preview` would, Chromium drives the real
 * popover, and the consent happens in a second tab as it would in the
 * user's browser. Every state is photographed in both schemes and audited
 * with axe; every payload the browser received and every file left in the
 * data directory is searched for the fake's secrets.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { CLIENT_ID, REDIRECT_URI } from '../support/core-harness.ts';
import { auditContext, axeViolations, imageLoaded, POPOVER_VIEWPORT, screenshotBoth } from '../support/preview-page.ts';
import { startPreview, type PreviewProcess } from '../support/preview-process.ts';

let fake: FakeSpotify;
let preview: PreviewProcess;
let browser: Browser;
let context: BrowserContext;
let audit: BrowserContext;
let page: Page;
/** Bodies of every /api response the popover received. */
const payloads: string[] = [];

beforeAll(async () => {
  fake = await startFakeSpotify();
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], name: 'Traytune preview test' });
  fake.setUser({ id: 'ada', displayName: 'Ada Lovelace' });
  const { track } = fake.fixtures;
  fake.setPlayback({
    item: track({ name: 'Analytical Engine', artists: ['The Difference'], album: 'Notes', durationMs: 240_000 }),
    progressMs: 30_000,
  });
  fake.setQueue([track({ name: 'Bernoulli Numbers', artists: ['Note G'], album: 'Notes' })]);
  preview = await startPreview({
    env: {
      TRAYTUNE_ACCOUNTS_URL: fake.accountsUrl,
      TRAYTUNE_API_URL: fake.apiUrl,
      // Port-less loopback, as the fake registers it: each login picks a free port.
      SPOTIFY_REDIRECT_URI: REDIRECT_URI,
    },
  });
  await preview.recordEvents();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: POPOVER_VIEWPORT });
  audit = await auditContext(browser);
  page = await context.newPage();
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/') && response.request().method() === 'POST') {
      response.text().then(
        (text) => payloads.push(text),
        () => undefined,
      );
    }
  });
  await page.goto(preview.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  await fake?.close();
});

/** Screenshots and axe for the state the popover shows now; `ready` finds it on a fresh page. */
async function capture(state: string, ready: (p: Page) => Promise<void>): Promise<void> {
  await screenshotBoth(page, state);
  expect(await axeViolations(audit, preview.url, ready)).toEqual([]);
}

const heading = (p: Page, name: RegExp | string): Promise<void> => p.getByRole('heading', { name, level: 1 }).waitFor();

describe('preview against the fake Spotify', () => {
  it('shows setup without a client ID, with the redirect URI to register', async () => {
    await heading(page, /set up traytune/i);
    await expect.poll(() => page.getByRole('textbox', { name: /redirect uri/i }).inputValue()).toBe(REDIRECT_URI);
    await capture('setup', (p) => heading(p, /set up traytune/i));
  });

  it('saves the client ID and moves on to logged out', async () => {
    await page.getByLabel(/client id/i).fill(CLIENT_ID);
    await page.getByRole('button', { name: /save/i }).click();
    await heading(page, /log in/i);
    await page.getByRole('button', { name: /log in with spotify/i }).waitFor();
    await capture('logged-out', (p) => p.getByRole('button', { name: /log in with spotify/i }).waitFor());
  });

  it('logs in through the consent page in another tab', async () => {
    const seen = preview.loginUrls.length;
    await page.getByRole('button', { name: /log in with spotify/i }).click();
    const authorizeUrl = await preview.nextLoginUrl(seen);
    expect(new URL(authorizeUrl).origin).toBe(fake.accountsUrl);
    await heading(page, /finish in your browser/i);
    await capture('logging-in', (p) => heading(p, /finish in your browser/i));

    const tab = await context.newPage();
    try {
      await tab.goto(authorizeUrl);
      await tab.getByRole('button', { name: 'Agree' }).click();
      await tab.waitForURL(/\/callback\?/);
      expect(await tab.textContent('body')).toContain('Logged in — you can close this tab and return to Traytune.');
    } finally {
      await tab.close();
    }
  });

  it("shows the fake's user, track, art and progress", async () => {
    await page.getByRole('heading', { name: 'Analytical Engine' }).waitFor({ timeout: 15_000 });
    await page.getByText('Ada Lovelace').waitFor();
    await expect.poll(() => page.getByText('The Difference').count()).toBeGreaterThan(0);
    await expect.poll(() => imageLoaded(page, 'img.art')).toBe(true);
    const progress = page.getByRole('progressbar', { name: /playback position/i });
    const first = Number(await progress.evaluate((bar) => (bar as HTMLProgressElement).value));
    expect(first).toBeGreaterThan(0);
    // Extrapolated locally between polls: the bar moves on its own.
    await expect
      .poll(async () => Number(await progress.evaluate((bar) => (bar as HTMLProgressElement).value)))
      .toBeGreaterThan(first);
    await capture('logged-in', (p) =>
      p.getByRole('heading', { name: 'Analytical Engine' }).waitFor({ timeout: 15_000 }),
    );
  });

  it('shows the next track when the fake skips', async () => {
    fake.nextTrack();
    await page.getByRole('heading', { name: 'Bernoulli Numbers' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => imageLoaded(page, 'img.art')).toBe(true);
  });

  it('logs out to the logged-out screen and leaves no token on disk or on the wire', async () => {
    await page.getByRole('button', { name: /log out/i }).click();
    await page.getByRole('button', { name: /log in with spotify/i }).waitFor();

    const secrets = fake.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3); // a code, an access token and a refresh token at least
    const settingsText = await readFile(join(preview.dataDir, 'settings.json'), 'utf8');
    expect(Object.keys(JSON.parse(settingsText) as object)).not.toContain('tokens');
    expect(JSON.parse(settingsText)).toMatchObject({ clientId: CLIENT_ID });
    for (const name of await readdir(preview.dataDir)) {
      const text = await readFile(join(preview.dataDir, name), 'latin1');
      for (const secret of secrets) expect(text, `${name} holds a secret`).not.toContain(secret);
    }

    expect(payloads.length).toBeGreaterThan(0);
    expect(preview.events.join('')).toContain('Analytical Engine');
    const wire = [...payloads, ...preview.events].join('\n');
    for (const secret of secrets) expect(wire).not.toContain(secret);
    for (const secret of secrets) expect(preview.output()).not.toContain(secret);
  });
});

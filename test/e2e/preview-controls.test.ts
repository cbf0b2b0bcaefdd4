/**
 * The controls and the heart through the browser preview, against the test
 * fake: Chromium clicks the popover's buttons, the fake sees the commands,
 * and the popover shows the result; then Premium is taken away and the
 * controls turn into a note.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { CLIENT_ID, REDIRECT_URI } from '../support/core-harness.ts';
import { POPOVER_VIEWPORT, screenshotBoth } from '../support/preview-page.ts';
import { startPreview, type PreviewProcess } from '../support/preview-process.ts';

const FIRST_ID = 'analyticalengine000001';

let fake: FakeSpotify;
let preview: PreviewProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fake = await startFakeSpotify();
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], name: 'Traytune controls test' });
  const { track } = fake.fixtures;
  fake.setPlayback({
    item: track({ id: FIRST_ID, name: 'Analytical Engine', artists: ['The Difference'], durationMs: 240_000 }),
    progressMs: 30_000,
  });
  fake.setQueue([track({ name: 'Bernoulli Numbers', artists: ['Note G'] })]);
  preview = await startPreview({
    env: {
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_REDIRECT_URI: REDIRECT_URI,
      TRAYTUNE_ACCOUNTS_URL: fake.accountsUrl,
      TRAYTUNE_API_URL: fake.apiUrl,
    },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: POPOVER_VIEWPORT });
  page = await context.newPage();
  await page.goto(preview.url);
  const seen = preview.loginUrls.length;
  await page.getByRole('button', { name: /log in with spotify/i }).click();
  const tab = await context.newPage();
  await tab.goto(await preview.nextLoginUrl(seen));
  await tab.getByRole('button', { name: 'Agree' }).click();
  await tab.waitForURL(/\/callback\?/);
  await tab.close();
  await page.getByRole('heading', { name: 'Analytical Engine' }).waitFor({ timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  await fake?.close();
});

const control = (name: string) => page.getByRole('button', { name, exact: true });
const heart = () => page.getByRole('button', { name: /(save to|remove from) your library/i });

describe('controls in the preview', () => {
  it('pauses and plays', async () => {
    await control('Pause').click();
    await control('Play').waitFor();
    await expect.poll(() => fake.playback()?.isPlaying).toBe(false);
    await control('Play').click();
    await control('Pause').waitFor();
    await expect.poll(() => fake.playback()?.isPlaying).toBe(true);
  });

  it('skips to the next track and back', async () => {
    await control('Next track').click();
    await page.getByRole('heading', { name: 'Bernoulli Numbers' }).waitFor({ timeout: 15_000 });
    await control('Previous track').click();
    await page.getByRole('heading', { name: 'Analytical Engine' }).waitFor({ timeout: 15_000 });
  });

  it('saves and removes the track with the heart', async () => {
    await expect.poll(() => heart().getAttribute('aria-pressed')).toBe('false');
    await heart().click();
    await expect.poll(() => heart().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => fake.savedUris()).toEqual([`spotify:track:${FIRST_ID}`]);
    await screenshotBoth(page, 'controls-liked');
    await heart().click();
    await expect.poll(() => heart().getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => fake.savedUris()).toEqual([]);
  });

  it('without Premium, says so instead of controlling playback', async () => {
    fake.setPremium(false);
    await control('Pause').click();
    await page.getByText('Playback control needs Spotify Premium').waitFor();
    // The buttons give way to the note; the heart stays (the library needs no Premium).
    await expect.poll(() => control('Pause').isVisible()).toBe(false);
    expect(await control('Next track').isVisible()).toBe(false);
    expect(await heart().isVisible()).toBe(true);
    expect(fake.playback()?.isPlaying).toBe(true);
    await screenshotBoth(page, 'controls-premium-required');
  });
});

/**
 * The real-browser login: Chromium opens the authorize URL the core handed to
 * its opener, the user clicks Agree on the fake Spotify, the browser follows
 * the redirect to the core's loopback callback server, and the core reports
 * the fake's user and track.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';

let browser: Browser;
let harness: Harness | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('login in a real browser', () => {
  for (const flow of ['PKCE', 'client secret'] as const) {
    it(`Agree on the consent page logs the core in (${flow})`, async () => {
      harness = await createHarness({ secret: flow === 'client secret' });
      const h = harness;
      h.fake.setUser({ id: 'grace', displayName: 'Grace Hopper' });
      h.fake.setPlayback({
        item: h.fake.fixtures.track({ name: 'Nanoseconds', artists: ['The Compilers'], album: 'COBOL Sessions' }),
        isPlaying: true,
      });
      await h.core.start();
      await h.core.login();
      const authorizeUrl = h.opened[0];
      expect(authorizeUrl).toBeDefined();

      const page = await browser.newPage();
      try {
        await page.goto(authorizeUrl ?? '');
        await page.getByRole('button', { name: 'Agree' }).click();
        await page.waitForURL(/\/callback\?/);
        expect(await page.textContent('body')).toContain('Logged in — you can close this tab and return to Traytune.');
        expect(await page.title()).toBe('Traytune — Logged in');
      } finally {
        await page.close();
      }

      const state = await h.waitForScreen('logged-in', (s) => s.user !== null && s.nowPlaying?.kind === 'track');
      expect(state.user).toMatchObject({ id: 'grace', displayName: 'Grace Hopper' });
      expect(state.nowPlaying).toMatchObject({ kind: 'track', title: 'Nanoseconds', artists: ['The Compilers'] });
      expect(await h.core.getUserId()).toBe('grace');
    });
  }

  it('Cancel on the consent page shows the cancelled page and returns to logged out', async () => {
    harness = await createHarness();
    const h = harness;
    await h.core.start();
    await h.core.login();
    const page = await browser.newPage();
    try {
      await page.goto(h.opened[0] ?? '');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL(/\/callback\?/);
      expect(await page.textContent('body')).toContain('You cancelled the login');
    } finally {
      await page.close();
    }
    expect((await h.waitForScreen('logged-out')).notice?.reason).toBe('login-cancelled');
  });
});

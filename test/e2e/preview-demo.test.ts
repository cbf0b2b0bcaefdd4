/**
 * The demo through the browser preview: "Try the demo" on the setup screen
 * (and `--demo` on the command line) shows the demo, labelled as such; its
 * consent page says no real Spotify account is involved; Agree shows a
 * made-up track with its art; logging out leaves the demo.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_TRACKS } from '../../main/demo/catalog.ts';
import { DEMO_LABEL } from '../../main/demo/pages.ts';
import { launchChromium } from '../support/chromium.ts';
import { auditContext, axeViolations, imageLoaded, POPOVER_VIEWPORT, screenshotBoth } from '../support/preview-page.ts';
import { startPreview, type PreviewProcess } from '../support/preview-process.ts';

const DEMO_TITLE = new RegExp(`^(${DEMO_TRACKS.map((track) => track.title).join('|')})$`);

let browser: Browser;
let context: BrowserContext;
let audit: BrowserContext;
const previews: PreviewProcess[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: POPOVER_VIEWPORT });
  audit = await auditContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(previews.map((preview) => preview.stop()));
});

async function open(demo: boolean): Promise<{ preview: PreviewProcess; page: Page }> {
  const preview = await startPreview({ demo });
  previews.push(preview);
  const page = await context.newPage();
  await page.goto(preview.url);
  return { preview, page };
}

const badge = (p: Page): Promise<void> => p.getByText('Demo', { exact: true }).waitFor();

describe('demo in the preview', () => {
  it('"Try the demo" logs in to the simulated Spotify and plays a made-up track', async () => {
    const { preview, page } = await open(false);
    await page.getByRole('heading', { name: /set up traytune/i }).waitFor();
    expect(await page.getByText('Demo', { exact: true }).isVisible()).toBe(false);

    await page.getByRole('button', { name: /try the demo/i }).click();
    await badge(page);
    const login = page.getByRole('button', { name: /log in with spotify/i });
    await login.waitFor();
    await screenshotBoth(page, 'demo-logged-out');
    expect(
      await axeViolations(audit, preview.url, async (p) =>
        p.getByRole('button', { name: /log in with spotify/i }).waitFor(),
      ),
    ).toEqual([]);

    const seen = preview.loginUrls.length;
    await login.click();
    const authorizeUrl = await preview.nextLoginUrl(seen);
    const tab = await context.newPage();
    try {
      await tab.goto(authorizeUrl);
      await tab.getByText(DEMO_LABEL).first().waitFor();
      await tab.setViewportSize({ width: 800, height: 600 });
      await screenshotBoth(tab, 'demo-consent');
      const agree = (p: Page): Promise<void> => p.getByRole('button', { name: 'Agree' }).waitFor();
      expect(await axeViolations(audit, authorizeUrl, agree)).toEqual([]);
      await tab.getByRole('button', { name: 'Agree' }).click();
      await tab.waitForURL(/\/callback\?/);
      expect(await tab.textContent('body')).toContain('Logged in — you can close this tab and return to Traytune.');
    } finally {
      await tab.close();
    }

    await page.getByRole('heading', { name: DEMO_TITLE }).waitFor({ timeout: 15_000 });
    await page.getByText('Demo Listener').waitFor();
    await badge(page);
    await expect.poll(() => imageLoaded(page, 'img.art')).toBe(true);
    await screenshotBoth(page, 'demo-logged-in');
    expect(
      await axeViolations(audit, preview.url, (p) =>
        p.getByRole('heading', { name: DEMO_TITLE }).waitFor({ timeout: 15_000 }),
      ),
    ).toEqual([]);

    // Leaving the demo shows the real app again, as it was.
    await page.getByRole('button', { name: /log out/i }).click();
    await page.getByRole('heading', { name: /set up traytune/i }).waitFor();
    expect(await page.getByText('Demo', { exact: true }).isVisible()).toBe(false);
  });

  it('--demo starts in the demo', async () => {
    const { page } = await open(true);
    await badge(page);
    await page.getByRole('button', { name: /log in with spotify/i }).waitFor();
  });
});

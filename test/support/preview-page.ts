/**
 * Browser-side helpers for the preview tests: screenshots of a state in the
 * light and dark scheme, and an axe-core audit of the same state. The audit
 * runs in its own context with CSP bypassed, because injecting axe's script
 * is exactly what the popover's CSP forbids; the screenshots and the flow
 * run with the CSP in force.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'artifacts', 'screenshots');
const AXE_SCRIPT = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
export const SCHEMES = ['light', 'dark'] as const;

/** The popover's size in the app. */
export const POPOVER_VIEWPORT = { width: 340, height: 460 };

/**
 * Saves `preview-<state>-<scheme>.png` for both schemes, with motion reduced
 * so the pictures are stable. The viewport only: what the popover shows.
 */
export async function screenshotBoth(page: Page, state: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.screenshot({
      path: join(SCREENSHOT_DIR, `preview-${state}-${scheme}.png`),
      animations: 'disabled',
    });
  }
  await page.emulateMedia({ colorScheme: null, reducedMotion: null });
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: AxeNode[];
}
interface AxeLike {
  run(context: Document, options: { resultTypes: string[] }): Promise<{ violations: AxeViolation[] }>;
}

/** A context for audits only: CSP off so axe can be injected. */
export function auditContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, viewport: POPOVER_VIEWPORT });
}

/**
 * Opens `url` in the audit context, waits with `ready` until the page shows
 * the state under test (the state lives in the preview process, so every
 * page shows the same one), and returns axe's violations in both schemes as
 * readable lines.
 */
export async function axeViolations(
  context: BrowserContext,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await ready(page);
    await page.addScriptTag({ path: AXE_SCRIPT });
    const lines: string[] = [];
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      const { violations } = await page.evaluate(() =>
        (window as unknown as { axe: AxeLike }).axe.run(document, { resultTypes: ['violations'] }),
      );
      for (const v of violations) {
        const where = v.nodes.map((n) => JSON.stringify(n.target)).join(', ');
        lines.push(`[${scheme}] ${v.id} (${v.impact ?? 'unknown'}): ${v.help} at ${where}`);
      }
    }
    return lines;
  } finally {
    await page.close();
  }
}

/** Whether the image has loaded and has pixels (not a broken-image icon). */
export function imageLoaded(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0 && !img.hidden);
}

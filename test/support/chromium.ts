/**
 * Debian's Chromium under Playwright, as this project runs it everywhere:
 * never a downloaded browser, and with background networking off (the
 * machines have no network beyond the package registries).
 */
import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env['TRAYTUNE_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    // Not a skip: CI installs chromium (.ci/run), so its absence is a broken setup.
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install Debian's chromium (apt-get install -y chromium).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Accessibility and appearance of every popover state, in light and dark:
 * axe-core finds no violations, the keyboard reaches every control in a
 * sensible order, and a screenshot of each state is saved to
 * artifacts/screenshots/. axe is served from the page's own origin, so it
 * runs under the real CSP: no `bypassCSP` anywhere.
 */
import { describe, expect, it } from 'vitest';

import type { ViewState } from '../../main/contract/ipc.ts';
import {
  ad,
  episode,
  loggedIn,
  loggedOut,
  loggingIn,
  nothing,
  problem,
  setup,
  track,
} from '../support/renderer-fixtures.ts';
import { tabOrder, usePopoverRig } from '../support/renderer-page.ts';

const ADA = { id: 'ada', displayName: 'Ada Lovelace', avatarUrl: '/art/ada.svg', profileUrl: null };

const STATES: [string, ViewState][] = [
  ['setup', setup()],
  [
    'setup-error',
    setup({ setup: { redirectUri: 'http://127.0.0.1:29593/callback', clientId: 'abc', dashboardUrl: '' } }),
  ],
  ['logged-out', loggedOut()],
  [
    'logged-out-notice',
    loggedOut({
      reason: 'login-expired',
      message: 'Spotify ends logins six months after you authorise Traytune. Log in again to continue.',
    }),
  ],
  ['logging-in', loggingIn()],
  ['logged-in', loggedIn(track(), { user: ADA })],
  ['paused', loggedIn(track({ isPlaying: false, progressMs: 95_000 }), { user: ADA })],
  ['episode', loggedIn(episode(), { user: ADA })],
  ['ad', loggedIn(ad(), { user: ADA })],
  ['nothing', loggedIn(nothing(), { user: ADA })],
  ['problem', loggedIn(track(), { user: ADA, problem: problem('user-not-registered') })],
  [
    'demo',
    loggedIn(track({ artUrl: null }), {
      demo: true,
      tokenStorage: 'memory-only',
      problem: problem('rate-limited', 12),
    }),
  ],
  ['controls', loggedIn(track(), { user: ADA, liked: true, controls: { pending: 'like' } })],
  [
    'controls-no-device',
    loggedIn(nothing(), { user: ADA, controls: { note: 'Start Spotify on one of your devices first' } }),
  ],
  [
    'controls-premium',
    loggedIn(track(), {
      user: ADA,
      liked: false,
      controls: { available: false, note: 'Playback control needs Spotify Premium' },
    }),
  ],
  ['settings', loggedIn(track(), { user: ADA, platform: 'darwin', tokenStorage: 'memory-only' })],
];

/** States shown in the settings view rather than on their screen. */
const IN_SETTINGS = new Set(['settings']);

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

const popovers = usePopoverRig();

describe.each(['light', 'dark'] as const)('%s', (scheme) => {
  it.each(STATES)(`%s: no axe violations; screenshot`, async (name, state) => {
    // A real clock: axe schedules its work with timers, which a paused fake clock would never run.
    const popover = await popovers.open(state, { colorScheme: scheme });
    const { page } = popover;
    if (IN_SETTINGS.has(name)) await page.getByRole('button', { name: 'Settings' }).click();
    await page.evaluate(() => Promise.all(Array.from(document.images, (img) => img.decode().catch(() => undefined))));
    await popover.screenshot(`${name}-${scheme}`);
    await page.addScriptTag({ url: '/axe.min.js' });
    const result = await page.evaluate(
      () => (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run() as Promise<AxeResult>,
    );
    const summary = result.violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
    expect(summary).toEqual([]);
  });
});

describe('colour schemes', () => {
  it('follows the OS between light and dark', async () => {
    const colours: Record<string, string> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const popover = await popovers.open(loggedIn(track()), { colorScheme: scheme });
      colours[scheme] = await popover.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await popovers.release(popover);
    }
    expect(colours).toEqual({ light: 'rgb(255, 255, 255)', dark: 'rgb(21, 22, 23)' });
  });

  it('stops the spinner for reduced motion', async () => {
    const popover = await popovers.open(loggingIn(), { reducedMotion: 'reduce' });
    expect(await popover.page.locator('.spinner').evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
  });
});

describe('keyboard', () => {
  it.each<[string, ViewState, string[]]>([
    [
      'setup',
      setup(),
      ['Open the Spotify dashboard', 'Redirect URI', 'Copy', 'Client ID', 'Save and continue', 'Try the demo'],
    ],
    [
      'logged out with a notice',
      loggedOut({ reason: 'invalid-client', message: 'Spotify rejected the client ID.' }),
      ['Settings', 'Open the Spotify dashboard', 'Log in with Spotify'],
    ],
    ['logging in', loggingIn(), ['Settings', 'Cancel']],
    [
      'logged in with a problem',
      loggedIn(track(), { problem: problem('owner-needs-premium'), liked: false }),
      [
        'Settings',
        'Open the Spotify dashboard',
        'Previous track',
        'Pause',
        'Next track',
        'Save to Your Library',
        'Open in Spotify',
        'Log out',
      ],
    ],
  ])('Tab reaches every control in order (%s)', async (_name, state, expected) => {
    const popover = await popovers.open(state);
    expect(await tabOrder(popover.page)).toEqual(expected);
  });

  it('moves focus to the new screen and runs every step from the keyboard', async () => {
    const popover = await popovers.open(setup());
    const { page, push, actions } = popover;
    // The first screen gets focus on its heading, so Tab starts at the top of the screen.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('client-id');
    await page.keyboard.type('0123456789abcdef0123456789abcdef');
    await page.keyboard.press('Enter');
    await push(loggedOut());
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('logged-out-title');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await push(loggingIn());
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('logging-in-title');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await push(loggedIn(track()));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('logged-in-title');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // Space outside buttons and fields toggles playback too (here: on the screen's heading).
    await page.locator('#logged-in-title').focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => actions().then((calls) => calls.map((call) => call.method)))
      .toEqual(['saveSettings', 'login', 'cancelLogin', 'togglePlayback', 'togglePlayback', 'logout', 'hidePopover']);
  });

  it('reaches every setting in order', async () => {
    const popover = await popovers.open(loggedIn(track(), { platform: 'darwin', tokenStorage: 'memory-only' }));
    await popover.page.getByRole('button', { name: 'Settings' }).click();
    expect(await tabOrder(popover.page)).toEqual([
      'Back',
      'Client ID',
      'Redirect URI',
      'Save and set up again',
      'Notifications on track change',
      'Launch at login',
      'Menu-bar title',
      'Media keys',
      'Keep my login without a keyring',
      'Shortcut to open Traytune',
      'Log out',
      'Forget this computer',
    ]);
  });

  it('shows a focus ring on keyboard focus', async () => {
    const popover = await popovers.open(loggedOut());
    await popover.page.keyboard.press('Tab');
    const outline = await popover.page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: style.outlineWidth, text: document.activeElement?.textContent };
    });
    expect(outline).toEqual({ style: 'solid', width: '3px', text: 'Log in with Spotify' });
  });
});

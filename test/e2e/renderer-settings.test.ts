/**
 * The settings view in a real Chromium: reachable from every screen but
 * setup, focus moves in and back out, each toggle sends exactly its patch,
 * the shortcut is checked before it is sent, platform-only toggles appear
 * only where they apply, and forgetting asks first.
 */
import { describe, expect, it } from 'vitest';

import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import { loggedIn, loggedOut, loggingIn, REDIRECT_URI, setup, track } from '../support/renderer-fixtures.ts';
import { type Popover, usePopoverRig } from '../support/renderer-page.ts';

const VALID_ID = '0123456789abcdef0123456789abcdef';

const popovers = usePopoverRig();

/** Opens the popover on `state` and then the settings view. */
async function openSettings(state: ViewState): Promise<Popover> {
  const popover = await popovers.open(state);
  await popover.page.getByRole('button', { name: 'Settings' }).click();
  await popover.page.locator('#settings-title').waitFor();
  return popover;
}

describe('opening and closing', () => {
  it('is offered on every screen but setup', async () => {
    const popover = await popovers.open(setup());
    const button = popover.page.getByRole('button', { name: 'Settings' });
    expect(await button.count()).toBe(0);
    for (const state of [loggedOut(), loggingIn(), loggedIn(track())]) {
      await popover.push(state);
      expect(await button.isVisible()).toBe(true);
    }
  });

  it('moves focus to its heading, and Back returns it to the Settings button', async () => {
    const { page } = await openSettings(loggedIn(track()));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-title');
    expect(await page.locator('#logged-in-title').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-button');
    expect(await page.locator('#logged-in-title').isVisible()).toBe(true);
  });

  it('closes when the core goes back to setup', async () => {
    const p = await openSettings(loggedIn(track()));
    await p.push(setup());
    expect(await p.page.locator('#settings-title').count()).toBe(0);
    expect(await p.page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up Traytune');
  });
});

describe('preferences', () => {
  it('sends each toggle at once, with just its key', async () => {
    const p = await openSettings(loggedIn(track(), { platform: 'darwin', tokenStorage: 'memory-only' }));
    const { page } = p;
    await page.getByLabel('Notifications on track change').check();
    await page.getByLabel('Launch at login').check();
    await page.getByLabel('Menu-bar title').check();
    await page.getByLabel('Media keys').check();
    await page.getByLabel('Keep my login without a keyring').check();
    await expect
      .poll(() => p.actions())
      .toEqual([
        { method: 'setPreferences', args: [{ notifications: true }] },
        { method: 'setPreferences', args: [{ launchAtLogin: true }] },
        { method: 'setPreferences', args: [{ menuBarTitle: true }] },
        { method: 'setPreferences', args: [{ mediaKeys: true }] },
        { method: 'setPreferences', args: [{ allowPlaintextTokens: true }] },
      ]);
  });

  it('shows the saved preferences and follows new states', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, mediaKeys: true, shortcut: 'Alt+Shift+S' };
    const p = await openSettings(loggedIn(track(), { preferences }));
    expect(await p.page.getByLabel('Media keys').isChecked()).toBe(true);
    expect(await p.page.getByLabel('Shortcut to open Traytune').inputValue()).toBe('Alt+Shift+S');
    await p.push(loggedIn(track(), { preferences: { ...preferences, notifications: true } }));
    expect(await p.page.getByLabel('Notifications on track change').isChecked()).toBe(true);
  });

  it('offers the menu-bar title on macOS only, and the keyring choice only without a keyring', async () => {
    const p = await openSettings(loggedIn(track(), { platform: 'linux', tokenStorage: 'keyring' }));
    const { page } = p;
    expect(await page.getByLabel('Menu-bar title').isVisible()).toBe(false);
    expect(await page.getByLabel('Keep my login without a keyring').isVisible()).toBe(false);
    await p.push(loggedIn(track(), { platform: 'darwin', tokenStorage: 'keyring' }));
    expect(await page.getByLabel('Menu-bar title').isVisible()).toBe(true);
    for (const tokenStorage of ['memory-only', 'plaintext-opt-in'] as const) {
      await p.push(loggedIn(track(), { platform: 'linux', tokenStorage }));
      expect(await page.getByLabel('Keep my login without a keyring').isVisible()).toBe(true);
      expect(await page.getByLabel('Menu-bar title').isVisible()).toBe(false);
    }
  });

  it('checks the shortcut before sending it, and shows the main process’s refusal', async () => {
    const p = await openSettings(loggedIn(track()));
    const { page } = p;
    const field = page.getByLabel('Shortcut to open Traytune');
    const message = page.locator('#pref-shortcut-message');
    await field.fill('Ctrl+');
    await field.press('Tab');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await message.textContent()).toContain('CommandOrControl+Alt+T');
    expect(await p.actions()).toEqual([]);

    await field.fill('CommandOrControl+Alt+T');
    await field.press('Enter');
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    await p.setPreferencesResult({ ok: false, message: 'Another app already uses that shortcut.' });
    await field.fill('Alt+Space');
    await field.blur();
    await expect.poll(() => message.textContent()).toBe('Another app already uses that shortcut.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await p.setPreferencesResult({ ok: true });
    await field.fill('');
    await field.blur();
    await expect
      .poll(() => p.actions())
      .toEqual([
        { method: 'setPreferences', args: [{ shortcut: 'CommandOrControl+Alt+T' }] },
        { method: 'setPreferences', args: [{ shortcut: 'Alt+Space' }] },
        { method: 'setPreferences', args: [{ shortcut: null }] },
      ]);
  });
});

describe('Spotify app and account', () => {
  it('saves the Client ID and redirect URI, with problems next to their fields', async () => {
    const p = await openSettings(
      loggedIn(track(), { setup: { redirectUri: REDIRECT_URI, clientId: VALID_ID, dashboardUrl: '' } }),
    );
    const { page } = p;
    expect(await page.getByLabel('Client ID').inputValue()).toBe(VALID_ID);
    await p.setSaveResult({ ok: false, problems: [{ field: 'redirectUri', message: 'localhost is refused.' }] });
    await page.getByLabel('Redirect URI').fill('http://localhost/callback');
    await page.getByRole('button', { name: 'Save and set up again' }).click();
    await expect.poll(() => page.locator('#settings-redirect-uri-message').textContent()).toBe('localhost is refused.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-redirect-uri');
    expect(await p.actions()).toEqual([
      { method: 'saveSettings', args: [{ clientId: VALID_ID, redirectUri: 'http://localhost/callback' }] },
    ]);
    await page.getByLabel('Client ID').fill('nope');
    await page.getByRole('button', { name: 'Save and set up again' }).click();
    expect(await page.getByLabel('Client ID').getAttribute('aria-invalid')).toBe('true');
    expect(await p.actions()).toHaveLength(1);
  });

  it('asks before forgetting this computer', async () => {
    const p = await openSettings(loggedIn(track()));
    const { page } = p;
    await page.getByRole('button', { name: 'Forget this computer' }).click();
    expect(await p.actions()).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('forget');
    await page.getByRole('button', { name: 'Forget this computer' }).click();
    await page.getByRole('button', { name: 'Yes, forget' }).click();
    await expect.poll(() => p.actions()).toEqual([{ method: 'forgetThisComputer', args: [] }]);
  });

  it('logs out when logged in, and offers no log out otherwise', async () => {
    const p = await openSettings(loggedIn(track()));
    await p.page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => p.actions()).toEqual([{ method: 'logout', args: [] }]);
    await p.push(loggedOut());
    await p.page.getByRole('button', { name: 'Settings' }).click();
    expect(await p.page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
  });
});

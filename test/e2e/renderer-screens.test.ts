/**
 * The popover's screens in a real Chromium, fed scripted states: what each
 * shows, and that every button reaches the API. The renderer is tested on its
 * own here; the preview's end-to-end test runs it against the real core.
 */
import { describe, expect, it } from 'vitest';

import { loggedIn, loggedOut, loggingIn, nothing, REDIRECT_URI, setup, track } from '../support/renderer-fixtures.ts';
import { type Popover, type PopoverOptions, usePopoverRig } from '../support/renderer-page.ts';
import type { ViewState } from '../../main/contract/ipc.ts';

const VALID_ID = '0123456789abcdef0123456789ABCDEF';

const popovers = usePopoverRig();

async function open(state: ViewState, options: PopoverOptions = {}): Promise<Popover> {
  return popovers.open(state, options);
}

describe('setup', () => {
  it('shows three steps, the redirect URI and the ways forward', async () => {
    const { page, actions } = await open(setup());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up Traytune');
    expect(await page.locator('ol.steps > li').count()).toBe(3);
    expect(await page.getByLabel('Redirect URI').inputValue()).toBe(REDIRECT_URI);
    expect(await page.getByLabel('Redirect URI').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Open the Spotify dashboard' }).click();
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(actions).toEqual([
      { method: 'openExternal', args: ['dashboard'] },
      { method: 'startDemo', args: [] },
    ]);
  });

  it('checks the Client ID as it is typed, with the message linked to the field', async () => {
    const { page, actions } = await open(setup());
    const field = page.getByLabel('Client ID');
    const describedBy = await field.getAttribute('aria-describedby');
    const message = page.locator(`#${describedBy ?? 'missing'}`);
    expect(await message.textContent()).toContain('Enter the Client ID');
    expect(await field.getAttribute('aria-invalid')).toBeNull();

    await field.fill('abc-123');
    expect(await message.textContent()).toContain('this one has 7 characters and characters that cannot be in one');
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill(VALID_ID);
    expect(await message.textContent()).toBe('Looks right.');
    expect(await field.getAttribute('aria-invalid')).toBeNull();

    // An invalid ID never leaves the popover; focus goes back to the field.
    await field.fill('nope');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await actions()).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('client-id');
  });

  it('saves with Enter and shows the problems the main process returns next to their fields', async () => {
    const { page, actions, setSaveResult } = await open(
      setup({ setup: { redirectUri: REDIRECT_URI, clientId: null, dashboardUrl: '' } }),
    );
    await setSaveResult({
      ok: false,
      problems: [
        { field: 'clientId', message: 'Spotify does not know this one.' },
        { field: 'redirectUri', message: 'Use 127.0.0.1, not localhost.' },
      ],
    });
    const field = page.getByLabel('Client ID');
    await field.fill(` ${VALID_ID} `);
    await field.press('Enter');
    await expect.poll(actions).toEqual([{ method: 'saveSettings', args: [{ clientId: VALID_ID }] }]);
    await expect.poll(() => page.locator('#client-id-message').textContent()).toBe('Spotify does not know this one.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#redirect-uri-message').textContent()).toBe('Use 127.0.0.1, not localhost.');
    expect(await page.getByLabel('Redirect URI').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('client-id');
  });

  it('prefills a saved Client ID and keeps typed text when a new state arrives', async () => {
    const saved = setup({ setup: { redirectUri: REDIRECT_URI, clientId: 'short', dashboardUrl: '' } });
    const { page, push } = await open(saved);
    const field = page.getByLabel('Client ID');
    expect(await field.inputValue()).toBe('short');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('0123');
    await push(setup({ setup: { redirectUri: 'http://127.0.0.1/callback', clientId: 'short', dashboardUrl: '' } }));
    await expect.poll(() => page.getByLabel('Redirect URI').inputValue()).toBe('http://127.0.0.1/callback');
    expect(await field.inputValue()).toBe('0123');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('client-id');
  });

  it('copies the redirect URI and says so', async () => {
    const { page } = await open(setup(), { clipboard: true });
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(REDIRECT_URI);
  });

  it('selects the redirect URI for the user when the clipboard refuses', async () => {
    const { page } = await open(setup());
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect
      .poll(() => page.locator('#copy-status').textContent())
      .toMatch(/^Selected: press (Ctrl\+C|⌘C) to copy\.$/);
    const selection = await page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      return input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0);
    });
    expect(selection).toBe(REDIRECT_URI);
  });

  it('lists problems with the environment that the form cannot fix', async () => {
    const state = setup();
    if (state.app.screen !== 'setup') throw new Error('fixture');
    state.app.problems.push({ field: 'apiUrl', message: 'TRAYTUNE_API_URL must be an http(s) URL.' });
    const { page } = await open(state);
    expect(await page.getByRole('alert').filter({ hasText: 'TRAYTUNE_API_URL' }).count()).toBe(1);
  });
});

describe('logged out and logging in', () => {
  it('logs in, then cancels', async () => {
    const { page, push, actions } = await open(loggedOut());
    expect(await page.locator('#logout-notice').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Log in with Spotify' }).click();
    await push(loggingIn());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Finish in your browser');
    // The screen changed under the user's focus: it moves to the new heading instead of getting lost.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('logging-in-title');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(actions).toEqual([
      { method: 'login', args: [] },
      { method: 'cancelLogin', args: [] },
    ]);
  });

  it('says why the last login ended, with the fix', async () => {
    const { page, push } = await open(
      loggedOut({ reason: 'login-cancelled', message: 'You cancelled the login on Spotify.' }),
    );
    const notice = page.getByRole('alert').filter({ hasText: 'You cancelled the login on Spotify.' });
    expect(await notice.textContent()).toContain('Log in again whenever you are ready.');
    const expired = 'Spotify ends logins six months after you authorise Traytune. Log in again to continue.';
    await push(loggedOut({ reason: 'login-expired', message: expired }));
    await expect.poll(() => page.locator('#logout-notice-text').textContent()).toBe(expired);
    await push(loggedOut({ reason: 'invalid-client', message: 'Spotify rejected the client ID.' }));
    await expect.poll(() => page.locator('#logout-notice-text').textContent()).toContain('Copy the Client ID again');
    expect(await page.getByRole('button', { name: 'Open the Spotify dashboard' }).isVisible()).toBe(true);
    await push(loggedOut({ reason: 'login-revoked', message: 'Spotify ended this login. Log in again.' }));
    await expect
      .poll(() => page.locator('#logout-notice-text').textContent())
      .toBe('Spotify ended this login. Log in again.');
    expect(await page.getByRole('button', { name: 'Open the Spotify dashboard' }).isHidden()).toBe(true);
    await push(loggedOut());
    await expect.poll(() => page.locator('#logout-notice').isHidden()).toBe(true);
  });
});

describe('logged in', () => {
  it('shows the user, opens the item in Spotify and logs out', async () => {
    const user = { id: 'ada', displayName: 'Ada Lovelace', avatarUrl: '/art/ada.svg', profileUrl: null };
    const { page, actions } = await open(loggedIn(track(), { user }));
    expect(await page.locator('#user-name').textContent()).toBe('Ada Lovelace');
    expect(await page.locator('img.avatar').getAttribute('src')).toBe('/art/ada.svg');
    await page.getByRole('button', { name: 'Open in Spotify' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(actions).toEqual([
      { method: 'openExternal', args: ['current-item'] },
      { method: 'logout', args: [] },
    ]);
  });

  it('offers nothing to open when nothing is playing', async () => {
    const { page, actions } = await open(loggedIn(nothing(), { user: null }));
    expect(await page.locator('#user-name').textContent()).toBe('Logged in to Spotify');
    const openButton = page.getByRole('button', { name: 'Open in Spotify' });
    expect(await openButton.getAttribute('aria-disabled')).toBe('true');
    // Playwright will not click an aria-disabled button; a keyboard user still can try.
    await openButton.press('Enter');
    await openButton.press(' ');
    expect(await actions()).toEqual([]);
  });

  it('keeps focus where it is across updates of the same screen', async () => {
    const { page, push } = await open(loggedIn(track()));
    await page.getByRole('button', { name: 'Log out' }).focus();
    for (let i = 0; i < 5; i += 1) await push(loggedIn(track({ progressMs: 20_000 + i * 1_000 })));
    await push(loggedIn(track({ title: 'Another' })));
    await expect.poll(() => page.locator('#now-playing-title').textContent()).toBe('Another');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Log out');
  });

  it('shows a failed call instead of losing it', async () => {
    const popover = await open(loggedIn(track()));
    const { page, errors } = popover;
    await page.evaluate(() => window.traytuneTest.failing.push('logout'));
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect
      .poll(() => page.locator('#app-error').textContent())
      .toBe('That did not work: logout failed (scripted)');
    expect((await errors()).some((error) => error.includes('logout failed (scripted)'))).toBe(true);
    await popovers.release(popover); // this test expects an error on the console
  });
});

describe('everywhere', () => {
  it.each([
    ['setup', setup()],
    ['logged out', loggedOut()],
    ['logging in', loggingIn()],
    ['logged in', loggedIn(track())],
  ])('Escape hides the popover (%s)', async (_name, state) => {
    const { page, actions } = await open(state);
    await page.keyboard.press('Escape');
    await expect.poll(actions).toEqual([{ method: 'hidePopover', args: [] }]);
  });

  it('offers a way out of the demo when logged out in it, and only there', async () => {
    const { page, push, actions } = await open(loggedOut());
    const leave = page.getByRole('button', { name: 'Leave the demo' });
    expect(await leave.isHidden()).toBe(true);
    await push(loggedOut(null, { demo: true }));
    await expect.poll(() => leave.isVisible()).toBe(true);
    await leave.click();
    await expect.poll(actions).toEqual([{ method: 'logout', args: [] }]);
  });

  it('labels the demo and says when the login is kept in memory only', async () => {
    const { page, push } = await open(loggedOut());
    expect(await page.locator('#demo-badge').isHidden()).toBe(true);
    expect(await page.locator('#storage-note').isHidden()).toBe(true);
    await push(loggedIn(track(), { demo: true, tokenStorage: 'memory-only' }));
    await expect.poll(() => page.locator('#demo-badge').textContent()).toBe('Demo');
    expect(await page.locator('#demo-badge').isVisible()).toBe(true);
    expect(await page.locator('#storage-note').textContent()).toBe(
      'No system keyring: your login is kept in memory only and you will log in again after restarting.',
    );
  });
});

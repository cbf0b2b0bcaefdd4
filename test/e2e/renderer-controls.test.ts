/**
 * Playback controls and the heart in a real Chromium, fed scripted states:
 * each button reaches the API, names follow the state, Spotify's refusals
 * make buttons inert (but focusable), and the core's notes replace or
 * follow the buttons.
 */
import { describe, expect, it } from 'vitest';

import type { ViewState } from '../../main/contract/ipc.ts';
import { ad, episode, loggedIn, nothing, track } from '../support/renderer-fixtures.ts';
import { type Popover, usePopoverRig } from '../support/renderer-page.ts';

const NO_DISALLOWS = { pausing: false, resuming: false, seeking: false, skippingNext: false, skippingPrev: false };

const popovers = usePopoverRig();

async function open(state: ViewState): Promise<Popover> {
  return popovers.open(state);
}

async function methods(p: Popover): Promise<string[]> {
  return (await p.actions()).map((call) => call.method);
}

describe('playback controls', () => {
  it('call the API, and Play/Pause follows isPlaying', async () => {
    const p = await open(loggedIn(track({ isPlaying: true })));
    const { page } = p;
    await page.getByRole('button', { name: 'Previous track' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Next track' }).click();
    await expect.poll(() => methods(p)).toEqual(['previous', 'togglePlayback', 'next']);
    // The core flips isPlaying at once while the command is pending: the button shows the result.
    await p.push(loggedIn(track({ isPlaying: false }), { controls: { pending: 'toggle' } }));
    expect(await page.getByRole('button', { name: 'Play' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await page.locator('#control-toggle').getAttribute('class')).toContain('pending');
  });

  it('keeps focus on the toggle while its name changes', async () => {
    const p = await open(loggedIn(track({ isPlaying: true })));
    await p.page.locator('#control-toggle').focus();
    await p.page.keyboard.press('Enter');
    await p.push(loggedIn(track({ isPlaying: false })));
    expect(await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Play');
  });

  it('respects disallows: inert but focusable', async () => {
    const p = await open(
      loggedIn(track({ disallows: { ...NO_DISALLOWS, skippingPrev: true, skippingNext: true, pausing: true } })),
    );
    const { page } = p;
    for (const name of ['Previous track', 'Pause', 'Next track']) {
      const control = page.getByRole('button', { name });
      expect(await control.getAttribute('aria-disabled')).toBe('true');
      // Playwright waits for aria-disabled buttons to enable; a forced click is what a user's click does.
      await control.click({ force: true });
    }
    await page.locator('#control-next').focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('control-next');
    expect(await p.actions()).toEqual([]);
    // Resuming is allowed while pausing is not: a paused track can still be played.
    await p.push(loggedIn(track({ isPlaying: false, disallows: { ...NO_DISALLOWS, pausing: true } })));
    expect(await page.getByRole('button', { name: 'Play' }).getAttribute('aria-disabled')).toBeNull();
  });

  it('disables every control during an ad, and follows disallows for episodes', async () => {
    const p = await open(loggedIn(ad()));
    for (const id of ['control-previous', 'control-toggle', 'control-next']) {
      expect(await p.page.locator(`#${id}`).getAttribute('aria-disabled')).toBe('true');
    }
    await p.push(loggedIn(episode({ disallows: { ...NO_DISALLOWS, skippingNext: true } })));
    expect(await p.page.locator('#control-next').getAttribute('aria-disabled')).toBe('true');
    expect(await p.page.locator('#control-toggle').getAttribute('aria-disabled')).toBeNull();
  });

  it('replaces the buttons with a quiet note when Premium is required', async () => {
    const note = 'Playback control needs Spotify Premium';
    const p = await open(loggedIn(track(), { liked: false, controls: { available: false, note } }));
    const { page } = p;
    expect(await page.locator('#controls-note').textContent()).toBe(note);
    for (const name of ['Previous track', 'Pause', 'Play', 'Next track']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    // Liking works without Premium.
    expect(await page.getByRole('button', { name: 'Save to Your Library' }).isVisible()).toBe(true);
    // Space has nothing to toggle.
    await page.locator('.topbar').click();
    await page.keyboard.press('Space');
    expect(await p.actions()).toEqual([]);
  });

  it('says when no device is active, under the buttons, politely', async () => {
    const note = 'Start Spotify on one of your devices first';
    const p = await open(loggedIn(nothing()));
    expect(await p.page.locator('#controls-note').textContent()).toBe('');
    await p.page.getByRole('button', { name: 'Play' }).click();
    await p.push(loggedIn(nothing(), { controls: { note } }));
    const status = p.page.getByRole('status').filter({ hasText: note });
    expect(await status.getAttribute('id')).toBe('controls-note');
    expect(await p.page.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);
  });

  it('toggles with Space outside buttons and fields, once', async () => {
    const p = await open(loggedIn(track()));
    const { page } = p;
    await page.locator('.topbar').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Space');
    await expect.poll(() => methods(p)).toEqual(['togglePlayback']);
    // On a button, Space is the button's own: Log out, not a toggle as well.
    await page.getByRole('button', { name: 'Log out' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => methods(p)).toEqual(['togglePlayback', 'logout']);
  });
});

describe('heart', () => {
  it('names the action, says whether it is pressed, and calls toggleLike', async () => {
    const p = await open(loggedIn(track(), { liked: false }));
    const { page } = p;
    const save = page.getByRole('button', { name: 'Save to Your Library' });
    expect(await save.getAttribute('aria-pressed')).toBe('false');
    await save.click();
    await expect.poll(() => methods(p)).toEqual(['toggleLike']);
    await p.push(loggedIn(track(), { liked: true, controls: { pending: 'like' } }));
    const remove = page.getByRole('button', { name: 'Remove from Your Library' });
    expect(await remove.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('control-like');
  });

  it('is hidden when liking does not apply', async () => {
    const p = await open(loggedIn(episode(), { liked: null }));
    expect(await p.page.locator('#control-like').isHidden()).toBe(true);
    expect(await p.page.getByRole('button', { name: /Your Library/ }).count()).toBe(0);
  });
});

/**
 * The now-playing card in a real Chromium with Playwright's fake clock, so
 * the local progress is checked by value at chosen instants, never by how
 * long anything took.
 */
import { describe, expect, it } from 'vitest';

import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { ad, episode, loggedIn, nothing, track } from '../support/renderer-fixtures.ts';
import { type Popover, type PopoverOptions, usePopoverRig } from '../support/renderer-page.ts';

const popovers = usePopoverRig();

async function open(nowPlaying: NowPlaying | null, options: PopoverOptions = {}): Promise<Popover> {
  return popovers.open(loggedIn(nowPlaying), { fakeClock: true, ...options });
}

async function progress(
  p: Popover,
): Promise<{ value: number; max: number; elapsed: string; total: string; spoken: string }> {
  return p.page.evaluate(() => {
    const bar = document.querySelector('#now-playing-progress') as HTMLProgressElement;
    return {
      value: bar.value,
      max: bar.max,
      elapsed: document.querySelector('.progress-row .elapsed')?.textContent ?? '',
      total: document.querySelector('.progress-row .total')?.textContent ?? '',
      spoken: bar.getAttribute('aria-valuetext') ?? '',
    };
  });
}

describe('track', () => {
  it('shows title, artists, album and art', async () => {
    const p = await open(track());
    const { page } = p;
    expect(await page.locator('#now-playing-title').textContent()).toBe('Analytical Engine');
    expect(await page.locator('#now-playing-subtitle').textContent()).toBe('The Difference, Babbage');
    expect(await page.locator('#now-playing-detail').textContent()).toBe('Notes on the Engine');
    const art = page.getByRole('img', { name: 'Album art for Notes on the Engine' });
    expect(await art.getAttribute('src')).toBe('/art/engine.svg');
    await expect.poll(() => art.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('#now-playing-paused').isHidden()).toBe(true);
  });

  it('advances between updates, smoothly, and stops at the end', async () => {
    const p = await open(track({ progressMs: 10_000, durationMs: 200_000 }));
    expect(await progress(p)).toEqual({
      value: 10_000,
      max: 200_000,
      elapsed: '0:10',
      total: '3:20',
      spoken: '0:10 of 3:20',
    });
    await p.page.clock.runFor(5_000);
    const later = await progress(p);
    // Frames land every ~16 ms of fake time: the bar is within a frame of 15 s.
    expect(later.value).toBeGreaterThan(14_900);
    expect(later.value).toBeLessThanOrEqual(15_000);
    expect(later.elapsed).toBe(`0:${Math.floor(later.value / 1000)}`);

    await p.push(loggedIn(track({ progressMs: 198_500, durationMs: 200_000 })));
    await p.page.clock.runFor(10_000);
    expect(await progress(p)).toMatchObject({ value: 200_000, elapsed: '3:20', total: '3:20' });
  });

  it('steps once a second when the user prefers reduced motion', async () => {
    const p = await open(track({ progressMs: 10_000 }), { reducedMotion: 'reduce' });
    await p.page.clock.runFor(2_500);
    expect(await progress(p)).toMatchObject({ value: 12_000, elapsed: '0:12' });
  });

  it('freezes while paused and says so', async () => {
    const p = await open(track({ progressMs: 30_000, isPlaying: false }));
    await p.page.clock.runFor(10_000);
    expect(await progress(p)).toMatchObject({ value: 30_000, elapsed: '0:30' });
    expect(await p.page.locator('#now-playing-paused').textContent()).toBe('Paused');
    expect(await p.page.locator('.card').getAttribute('class')).toContain('paused');
  });

  it('keeps its place when the same sample arrives again with other news', async () => {
    const p = await open(track({ progressMs: 10_000 }));
    await p.page.clock.runFor(4_000);
    // Re-deliver the identical sample (same sampledAt) with a problem added: no jump back to 0:10.
    const sampledAt = await p.page.evaluate(() => Date.now() - 4_000);
    const same = track({ progressMs: 10_000, sampledAt });
    await p.push(loggedIn(same, { problem: { kind: 'offline', message: 'x', retryInS: 3 } }), { sampledNow: false });
    expect((await progress(p)).value).toBeGreaterThanOrEqual(13_900);
  });

  it('starts from the sample when the core runs on another clock', async () => {
    const p = await open(null);
    await p.push(loggedIn(track({ progressMs: 42_000, sampledAt: 0 })), { sampledNow: false });
    expect(await progress(p)).toMatchObject({ value: 42_000, elapsed: '0:42' });
  });

  it('shows a new track, announces it politely, and starts its progress', async () => {
    const p = await open(track());
    const { page } = p;
    expect(await page.locator('#announcer').textContent()).toBe('');
    await p.push(
      loggedIn(
        track({
          id: 'b',
          uri: 'spotify:track:b',
          title: 'Difference Engine No. 2',
          artists: ['Ada'],
          album: 'Second Notes',
          artUrl: '/art/second.svg',
          progressMs: 0,
          durationMs: 90_000,
        }),
      ),
    );
    expect(await page.locator('#now-playing-title').textContent()).toBe('Difference Engine No. 2');
    expect(await page.getByRole('img', { name: 'Album art for Second Notes' }).getAttribute('src')).toBe(
      '/art/second.svg',
    );
    await page.clock.runFor(100);
    expect(await page.locator('#announcer').textContent()).toBe('Now playing: Difference Engine No. 2 by Ada');
    expect(await page.locator('#announcer').getAttribute('role')).toBe('status');
    expect(await progress(p)).toMatchObject({ total: '1:30' });
  });

  it('draws a placeholder when there is no art, or the art fails to load', async () => {
    const p = await open(track({ artUrl: null }));
    const { page } = p;
    expect(await page.locator('.art-placeholder').isVisible()).toBe(true);
    expect(await page.locator('img.art').isHidden()).toBe(true);
    await p.push(loggedIn(track({ artUrl: '/missing.png' })));
    await expect.poll(() => page.locator('.art-placeholder').isVisible()).toBe(true);
    expect(await page.locator('img.art').isHidden()).toBe(true);
    await popovers.release(p); // the 404 is logged by the browser, on purpose
  });

  it('cuts long and right-to-left titles with the full text in a tooltip', async () => {
    const title = 'أغنية طويلة جدا '.repeat(12).trim();
    const p = await open(track({ title, artists: ['فرقة'] }));
    const element = p.page.locator('#now-playing-title');
    expect(await element.getAttribute('dir')).toBe('auto');
    expect(await element.getAttribute('title')).toBe(title);
    expect(await element.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    // Two lines, then the ellipsis: the text is taller than the box that shows it.
    expect(await element.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    expect(await element.evaluate((e) => getComputedStyle(e).textOverflow)).toBe('ellipsis');
  });
});

describe('other items', () => {
  it('shows the show for an episode, with hours in its times', async () => {
    const p = await open(episode());
    const { page } = p;
    expect(await page.locator('#now-playing-title').textContent()).toBe('On Looms and Punched Cards');
    expect(await page.locator('#now-playing-subtitle').textContent()).toBe('History of Computing');
    expect(await page.getByRole('img', { name: 'Cover art for History of Computing' }).count()).toBe(1);
    expect(await progress(p)).toMatchObject({ elapsed: '1:00', total: '1:02:05' });
  });

  it('shows an advertisement without progress or art, and nothing playing', async () => {
    const p = await open(ad());
    const { page } = p;
    expect(await page.locator('#now-playing-title').textContent()).toBe('Advertisement');
    expect(await page.locator('.progress-row').isHidden()).toBe(true);
    expect(await page.locator('.art-placeholder').isVisible()).toBe(true);
    await p.push(loggedIn(nothing()));
    expect(await page.locator('#now-playing-title').textContent()).toBe('Nothing playing');
    expect(await page.locator('.progress-row').isHidden()).toBe(true);
    await page.clock.runFor(100);
    expect(await page.locator('#announcer').textContent()).toBe('Nothing playing');
  });

  it('says it is still checking before the first answer', async () => {
    const p = await open(null);
    expect(await p.page.locator('#now-playing-title').textContent()).toBe('Checking what’s playing…');
  });
});

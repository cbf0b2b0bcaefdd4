/**
 * Fault matrix, odd content: episodes, ads, local files, missing art, very
 * long and right-to-left titles, nothing playing. The view model must carry
 * each one intact to the UI, and none of them may disturb the login.
 */
import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/core/app-state.ts';
import type { PlaybackScript } from '../fake-spotify/index.ts';
import { describeState, verdict, type FaultCore } from '../support/faults-harness.ts';
import { faultCore } from './fault-setup.ts';

type Shown = NonNullable<Extract<AppState, { screen: 'logged-in' }>['nowPlaying']>;

async function show(h: FaultCore, script: PlaybackScript | null, ready: (view: Shown) => boolean): Promise<Shown> {
  h.fake.setPlayback(script);
  const state = await h.waitForScreen('logged-in', (s) => s.nowPlaying !== null && ready(s.nowPlaying));
  if (state.nowPlaying === null) throw new Error('nothing shown');
  return state.nowPlaying;
}

async function loggedIn(): Promise<FaultCore> {
  const h = await faultCore();
  await h.logIn();
  return h;
}

describe('content faults', () => {
  it('podcast episode: show name and art from the show', async () => {
    const h = await loggedIn();
    const episode = h.fake.fixtures.episode({ name: 'Ep. 12 — Tapes', show: 'Audio Archaeology' });
    const view = await show(h, { item: episode }, (v) => v.kind === 'episode');
    expect(view).toMatchObject({ kind: 'episode', title: 'Ep. 12 — Tapes', show: 'Audio Archaeology' });
    expect(view.kind === 'episode' && view.artUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await verdict(h, 'kept', describeState(h.core.state));
  });

  it('advertisement: shown as an ad, no title invented', async () => {
    const h = await loggedIn();
    const view = await show(h, { item: null, currentlyPlayingType: 'ad' }, (v) => v.kind === 'ad');
    expect(Object.keys(view)).not.toContain('title');
    await verdict(h, 'kept', describeState(h.core.state));
  });

  it('local file: is_local, no id, no art, no Spotify link', async () => {
    const h = await loggedIn();
    const local = h.fake.fixtures.track({ name: 'Home Recording', local: true });
    const view = await show(h, { item: local }, (v) => v.kind === 'track' && v.isLocal);
    expect(view).toMatchObject({ kind: 'track', id: null, isLocal: true, artUrl: null, url: null });
    await verdict(h, 'kept', `${describeState(h.core.state)} (local, no art)`);
  });

  it('track with no album art: artUrl null, everything else intact', async () => {
    const h = await loggedIn();
    const bare = h.fake.fixtures.track({ name: 'Artless', images: [] });
    const view = await show(h, { item: bare }, (v) => v.kind === 'track' && v.title === 'Artless');
    expect(view).toMatchObject({ artUrl: null, album: 'Fake Album', isLocal: false });
    await verdict(h, 'kept', `${describeState(h.core.state)} (no art)`);
  });

  it('very long title and artist names: carried intact, not truncated', async () => {
    const h = await loggedIn();
    const title = `${'Symphony No. 9 in D minor, Op. 125 “Choral”: IV. Presto — Allegro assai '.repeat(60)}END`;
    const artist = 'A'.repeat(2_000);
    const track = h.fake.fixtures.track({ name: title, artists: [artist, 'Second'] });
    const view = await show(h, { item: track }, (v) => v.kind === 'track' && v.title.endsWith('END'));
    expect(view.kind === 'track' && view.title).toBe(title);
    expect(view.kind === 'track' && view.artists).toEqual([artist, 'Second']);
    await verdict(h, 'kept', `${describeState(h.core.state)}, ${title.length}-char title intact`);
  });

  it('right-to-left and mixed-direction titles: carried intact', async () => {
    const h = await loggedIn();
    const title = '\u202Bأغنية الليل\u202C — שיר הלילה (Live 2026) \u200F';
    const track = h.fake.fixtures.track({ name: title, artists: ['فيروز', 'עומר אדם'], album: 'ألبوم' });
    const view = await show(h, { item: track }, (v) => v.kind === 'track' && v.title === title);
    expect(view).toMatchObject({ title, artists: ['فيروز', 'עומר אדם'], album: 'ألبوم' });
    await verdict(h, 'kept', `${describeState(h.core.state)}, RTL text intact`);
  });

  it('nothing playing (204): shown as nothing, polling goes on', async () => {
    const h = await loggedIn();
    await show(h, { item: h.fake.fixtures.track({ name: 'Before' }) }, (v) => v.kind === 'track');
    const view = await show(h, null, (v) => v.kind === 'nothing');
    expect(view).toEqual({ kind: 'nothing' });
    await verdict(h, 'kept', describeState(h.core.state));
  });

  it('unknown content type without an item: shown as unknown, no crash', async () => {
    const h = await loggedIn();
    const view = await show(h, { item: null, currentlyPlayingType: 'unknown' }, (v) => v.kind === 'unknown');
    expect(view.kind).toBe('unknown');
    await verdict(h, 'kept', describeState(h.core.state));
  });
});

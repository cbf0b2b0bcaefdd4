/**
 * The tray's player items rendered from state: Play/Pause by isPlaying,
 * Next/Previous disabled by Spotify's disallows or when control is
 * unavailable (PREMIUM_REQUIRED), the library item by `liked`, the shortcut
 * notice, and the macOS menu-bar title with its truncation.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_PREFERENCES, type Preferences, type ViewState } from '../../main/contract/ipc.ts';
import type { ControlsView } from '../../main/core/app-state.ts';
import type { Disallows, NowPlaying } from '../../main/core/spotify/now-playing.ts';
import {
  MENU_BAR_TITLE_MAX,
  renderTray,
  TrayController,
  truncateAtWord,
  type TrayMenuItem,
} from '../../main/electron/tray.ts';
import * as electron from '../doubles/electron.ts';

const NO_DISALLOWS: Disallows = {
  pausing: false,
  resuming: false,
  seeking: false,
  skippingNext: false,
  skippingPrev: false,
};
const CONTROLS: ControlsView = { available: true, note: null, pending: null };

function track(fields: Partial<Extract<NowPlaying, { kind: 'track' }>> = {}): NowPlaying {
  return {
    kind: 'track',
    id: 't1',
    title: 'Analytical Engine',
    artists: ['Ada', 'The Difference'],
    album: 'Notes',
    artUrl: null,
    durationMs: 200_000,
    uri: 'spotify:track:t1',
    url: 'https://open.spotify.com/track/t1',
    isLocal: false,
    disallows: NO_DISALLOWS,
    isPlaying: true,
    progressMs: 1000,
    sampledAt: 0,
    ...fields,
  };
}

function state(
  nowPlaying: NowPlaying | null,
  extra: { liked?: boolean | null; controls?: Partial<ControlsView>; preferences?: Partial<Preferences> } = {},
): ViewState {
  return {
    app: {
      screen: 'logged-in',
      user: null,
      nowPlaying,
      problem: null,
      liked: extra.liked ?? null,
      controls: { ...CONTROLS, ...extra.controls },
    },
    setup: { redirectUri: 'http://127.0.0.1:29593/callback', clientId: null, dashboardUrl: 'https://x.example/' },
    demo: false,
    tokenStorage: 'keyring',
    version: '1.0.0',
    preferences: { ...DEFAULT_PREFERENCES, ...extra.preferences },
    platform: 'darwin',
  };
}

const linux = { platform: 'linux', darkTheme: false } as const;
const mac = { platform: 'darwin', darkTheme: false } as const;
type Normal = Extract<TrayMenuItem, { type: 'normal' }>;
const item = (menu: TrayMenuItem[], label: string): Normal | undefined =>
  menu.find((entry): entry is Normal => entry.type === 'normal' && entry.label === label);

describe('the tray’s player items', () => {
  it('offers Pause while playing and Play while paused, with Next and Previous', () => {
    const playingMenu = renderTray(state(track()), linux).menu;
    expect(item(playingMenu, 'Pause')).toMatchObject({ enabled: true, action: 'toggle' });
    expect(item(playingMenu, 'Next')).toMatchObject({ enabled: true, action: 'next' });
    expect(item(playingMenu, 'Previous')).toMatchObject({ enabled: true, action: 'previous' });
    const paused = renderTray(state(track({ isPlaying: false })), linux).menu;
    expect(item(paused, 'Play')).toMatchObject({ enabled: true, action: 'toggle' });
    expect(item(paused, 'Pause')).toBeUndefined();
  });

  it('disables what Spotify disallows', () => {
    const disallows = { ...NO_DISALLOWS, skippingNext: true, skippingPrev: true, pausing: true };
    const menu = renderTray(state(track({ disallows })), linux).menu;
    expect(item(menu, 'Pause')?.enabled).toBe(false);
    expect(item(menu, 'Next')?.enabled).toBe(false);
    expect(item(menu, 'Previous')?.enabled).toBe(false);
    const resumeRefused = renderTray(
      state(track({ isPlaying: false, disallows: { ...NO_DISALLOWS, resuming: true } })),
      linux,
    );
    expect(item(resumeRefused.menu, 'Play')?.enabled).toBe(false);
  });

  it('disables every control, with the note, when Spotify refused control for the session', () => {
    const note = 'Playback control needs Spotify Premium';
    const menu = renderTray(state(track(), { controls: { available: false, note } }), linux).menu;
    expect(['Pause', 'Next', 'Previous'].map((label) => item(menu, label)?.enabled)).toEqual([false, false, false]);
    expect(item(menu, note)).toEqual({ type: 'normal', label: note, enabled: false });
  });

  it('lets an ad be paused but never skipped', () => {
    const menu = renderTray(state({ kind: 'ad', isPlaying: true, progressMs: 0, sampledAt: 0 }), linux).menu;
    expect(item(menu, 'Pause')?.enabled).toBe(true);
    expect(item(menu, 'Next')?.enabled).toBe(false);
    expect(item(menu, 'Previous')?.enabled).toBe(false);
  });

  it('shows no controls when nothing is loaded or when logged out', () => {
    for (const nowPlaying of [null, { kind: 'nothing' } as const]) {
      const menu = renderTray(state(nowPlaying), linux).menu;
      expect(item(menu, 'Play') ?? item(menu, 'Pause') ?? item(menu, 'Next')).toBeUndefined();
    }
  });

  it('offers to save or remove the track by `liked`, and nothing while unknown', () => {
    const unsaved = renderTray(state(track(), { liked: false }), linux).menu;
    expect(item(unsaved, 'Save to Your Library')).toMatchObject({ enabled: true, action: 'like' });
    const saved = renderTray(state(track(), { liked: true }), linux).menu;
    expect(item(saved, 'Remove from Your Library')).toMatchObject({ enabled: true, action: 'like' });
    const unknown = renderTray(state(track(), { liked: null }), linux).menu;
    expect(unknown.some((entry) => entry.type === 'normal' && entry.action === 'like')).toBe(false);
    const pending = renderTray(state(track(), { liked: true, controls: { pending: 'like' } }), linux).menu;
    expect(item(pending, 'Remove from Your Library')?.enabled).toBe(false);
  });

  it('shows a shortcut problem as a disabled line under the status', () => {
    const notice = 'Shortcut CommandOrControl+Alt+T is in use by another app';
    const menu = renderTray(state(track()), { ...linux, notice }).menu;
    expect(menu[1]).toEqual({ type: 'normal', label: notice, enabled: false });
  });

  it('keeps the tooltip on the track whatever the preferences', () => {
    const off = renderTray(state(track(), { preferences: { menuBarTitle: false } }), mac);
    expect(off.tooltip).toBe('Analytical Engine — Ada, The Difference');
  });
});

describe('the macOS menu-bar title', () => {
  it('is "Title — first artist" on macOS with the preference on, and empty otherwise', () => {
    expect(renderTray(state(track(), { preferences: { menuBarTitle: true } }), mac).title).toBe(
      'Analytical Engine — Ada',
    );
    expect(renderTray(state(track(), { preferences: { menuBarTitle: false } }), mac).title).toBe('');
    expect(renderTray(state(track(), { preferences: { menuBarTitle: true } }), linux).title).toBe('');
    expect(renderTray(state({ kind: 'nothing' }, { preferences: { menuBarTitle: true } }), mac).title).toBe('');
    expect(renderTray(state(null, { preferences: { menuBarTitle: true } }), mac).title).toBe('');
  });

  it('truncates at a word boundary with an ellipsis', () => {
    const long = track({ title: 'The Quite Remarkably Long Title of an Extended Mix', artists: ['Someone'] });
    const title = renderTray(state(long, { preferences: { menuBarTitle: true } }), mac).title;
    expect(title).toBe('The Quite Remarkably Long Title of an…');
    expect([...title].length).toBeLessThanOrEqual(MENU_BAR_TITLE_MAX);
  });

  it.each([
    ['Short — Artist', 'Short — Artist'],
    ['Bohemian Rhapsody — Remastered 2011 — Queen and Friends', 'Bohemian Rhapsody — Remastered 2011…'],
    ['Supercalifragilisticexpialidociousandthensomemore — X', 'Supercalifragilisticexpialidociousandth…'],
    [
      'Café del Mar — 🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵',
      'Café del Mar — 🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵🎵',
    ],
  ])('truncateAtWord(%j)', (text, expected) => {
    const result = truncateAtWord(text, 40);
    expect(result).toBe(expected);
    expect([...result].length).toBeLessThanOrEqual(40);
  });

  it('is set on the Tray on macOS only when it changes', () => {
    electron.resetElectronDouble();
    const controller = new TrayController(
      {
        platform: 'darwin',
        createTray: (icon) => new electron.Tray(icon),
        buildMenu: (template) => electron.Menu.buildFromTemplate(template),
        iconPath: (name) => `/assets/${name}.png`,
        onClick: () => undefined,
        actions: { show() {}, login() {}, logout() {}, quit() {}, toggle() {}, next() {}, previous() {}, like() {} },
      },
      renderTray(state(track(), { preferences: { menuBarTitle: true } }), mac),
    );
    const tray = electron.doubleState().trays[0];
    expect(tray?.title).toBe('Analytical Engine — Ada');
    controller.apply(renderTray(state(track(), { preferences: { menuBarTitle: false } }), mac));
    expect(tray?.title).toBe('');
  });
});

beforeEach(() => electron.resetElectronDouble());

/**
 * The tray rendered from state (tooltip, menu, icon) and applied to the Tray
 * double: Linux always gets the context menu; macOS and Windows toggle the
 * popover on click.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { AppState } from '../../main/core/app-state.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import { renderTray, TrayController, type TrayAction, type TrayMenuItem } from '../../main/electron/tray.ts';
import * as electron from '../doubles/electron.ts';

const NO_DISALLOWS = { pausing: false, resuming: false, seeking: false, skippingNext: false, skippingPrev: false };

function view(app: AppState, demo = false): ViewState {
  return {
    app,
    setup: {
      redirectUri: 'http://127.0.0.1:29593/callback',
      clientId: null,
      dashboardUrl: 'https://developer.spotify.com/dashboard',
    },
    demo,
    tokenStorage: 'keyring',
    version: '1.0.0',
    preferences: DEFAULT_PREFERENCES,
    platform: 'linux',
  };
}

function playing(nowPlaying: NowPlaying | null): ViewState {
  return view({
    screen: 'logged-in',
    user: null,
    nowPlaying,
    problem: null,
    liked: null,
    controls: { available: true, note: null, pending: null },
  });
}

const track: NowPlaying = {
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
};

const labels = (menu: TrayMenuItem[]): string[] => menu.map((item) => (item.type === 'separator' ? '—' : item.label));
const linux = { platform: 'linux', darkTheme: false } as const;

describe('renderTray', () => {
  it('shows the track as tooltip and as a disabled first line', () => {
    const rendered = renderTray(playing(track), linux);
    expect(rendered.tooltip).toBe('Analytical Engine — Ada, The Difference');
    expect(rendered.menu[0]).toEqual({
      type: 'normal',
      label: 'Analytical Engine — Ada, The Difference',
      enabled: false,
    });
    expect(labels(rendered.menu)).toEqual([
      'Analytical Engine — Ada, The Difference',
      '—',
      'Pause',
      'Next',
      'Previous',
      '—',
      'Show Traytune',
      'Log out',
      '—',
      'Quit',
    ]);
  });

  it('says "not logged in" and offers Log in when logged out', () => {
    const rendered = renderTray(view({ screen: 'logged-out', notice: null }), linux);
    expect(rendered.tooltip).toBe('Traytune — not logged in');
    expect(labels(rendered.menu)).toEqual(['Not logged in', '—', 'Show Traytune', 'Log in', '—', 'Quit']);
    expect(rendered.menu[3]).toMatchObject({ label: 'Log in', enabled: true, action: 'login' });
  });

  it.each([
    [{ screen: 'setup', problems: [] } as AppState, 'Traytune — not set up', 'Not set up yet'],
    [{ screen: 'logging-in' } as AppState, 'Traytune — logging in', 'Finish logging in in your browser'],
  ])('disables Log in while %o', (app, tooltip, line) => {
    const rendered = renderTray(view(app), linux);
    expect(rendered.tooltip).toBe(tooltip);
    expect(rendered.menu[0]).toMatchObject({ label: line, enabled: false });
    expect(rendered.menu[3]).toMatchObject({ label: 'Log in', enabled: false });
  });

  it.each([
    [
      {
        kind: 'episode',
        id: 'e',
        title: 'Ep. 1',
        show: 'The Show',
        artUrl: null,
        durationMs: 1,
        uri: 'spotify:episode:e',
        url: null,
        disallows: NO_DISALLOWS,
        isPlaying: true,
        progressMs: 0,
        sampledAt: 0,
      } as NowPlaying,
      'Ep. 1 — The Show',
      'Ep. 1 — The Show',
    ],
    [
      { kind: 'ad', isPlaying: true, progressMs: 0, sampledAt: 0 } as NowPlaying,
      'Traytune — advertisement',
      'Advertisement',
    ],
    [{ kind: 'nothing' } as NowPlaying, 'Traytune — nothing playing', 'Nothing playing'],
    [null, 'Traytune', 'Logged in'],
  ])('logged in with %o', (nowPlaying, tooltip, line) => {
    const rendered = renderTray(playing(nowPlaying), linux);
    expect(rendered.tooltip).toBe(tooltip);
    expect(rendered.menu[0]).toMatchObject({ label: line, enabled: false });
  });

  it('labels the demo', () => {
    expect(renderTray(view({ screen: 'logged-out', notice: null }, true), linux).menu[0]).toMatchObject({
      label: 'Not logged in (demo)',
    });
  });

  it('keeps the tooltip within Windows’ 127 characters', () => {
    const long = { ...track, title: 'x'.repeat(200) } as NowPlaying;
    const { tooltip } = renderTray(playing(long), { platform: 'win32', darkTheme: false });
    expect([...tooltip]).toHaveLength(127);
    expect(tooltip.endsWith('…')).toBe(true);
  });

  it('picks the template image on macOS and a contrasting icon elsewhere', () => {
    const state = view({ screen: 'logged-out', notice: null });
    expect(renderTray(state, { platform: 'darwin', darkTheme: true }).icon).toBe('trayTemplate');
    expect(renderTray(state, { platform: 'win32', darkTheme: true }).icon).toBe('tray-light');
    expect(renderTray(state, { platform: 'linux', darkTheme: false }).icon).toBe('tray-dark');
  });
});

describe('TrayController', () => {
  beforeEach(() => electron.resetElectronDouble());

  function setup(platform: NodeJS.Platform, state: ViewState) {
    const calls: string[] = [];
    const actions = Object.fromEntries(
      (['show', 'login', 'logout', 'quit', 'toggle', 'next', 'previous', 'like'] as TrayAction[]).map((action) => [
        action,
        () => void calls.push(action),
      ]),
    ) as Record<TrayAction, () => void>;
    const onClick = vi.fn();
    const controller = new TrayController(
      {
        platform,
        createTray: (icon) => new electron.Tray(icon),
        buildMenu: (template) => electron.Menu.buildFromTemplate(template),
        iconPath: (name) => `/assets/${name}.png`,
        onClick,
        actions,
      },
      renderTray(state, { platform, darkTheme: false }),
    );
    const tray = electron.doubleState().trays[0];
    if (tray === undefined) throw new Error('no tray was created');
    return { controller, tray, calls, onClick };
  }

  it('always sets the context menu on Linux and ignores clicks there', () => {
    const { tray, onClick } = setup('linux', view({ screen: 'logged-out', notice: null }));
    expect(tray.image).toBe('/assets/tray-dark.png');
    expect(tray.tooltip).toBe('Traytune — not logged in');
    expect(tray.contextMenu?.items.map((item) => item.label ?? '—')).toEqual([
      'Not logged in',
      '—',
      'Show Traytune',
      'Log in',
      '—',
      'Quit',
    ]);
    tray.emit('click');
    expect(onClick).not.toHaveBeenCalled();
  });

  it('runs the menu actions', () => {
    const { tray, calls } = setup('linux', playing(track));
    for (const item of tray.contextMenu?.items ?? []) item.click?.();
    expect(calls).toEqual(['toggle', 'next', 'previous', 'show', 'logout', 'quit']);
  });

  it('rebuilds the menu and tooltip on every state', () => {
    const { controller, tray } = setup('linux', view({ screen: 'logged-out', notice: null }));
    controller.apply(renderTray(playing(track), { platform: 'linux', darkTheme: true }));
    expect(tray.tooltip).toBe('Analytical Engine — Ada, The Difference');
    expect(tray.contextMenu?.items[7]?.label).toBe('Log out');
    expect(tray.image).toBe('/assets/tray-light.png');
  });

  it('toggles the popover on click on Windows, with the menu on right click', () => {
    const { tray, onClick } = setup('win32', playing(track));
    tray.emit('click');
    expect(onClick).toHaveBeenCalledOnce();
    expect(tray.contextMenu).not.toBeNull();
  });

  it('on macOS, clicks toggle and the menu pops up on right click only', () => {
    const { tray, onClick } = setup('darwin', playing(track));
    expect(tray.image).toBe('/assets/trayTemplate.png');
    expect(tray.contextMenu).toBeNull();
    tray.emit('click');
    expect(onClick).toHaveBeenCalledOnce();
    tray.emit('right-click');
    expect(tray.poppedUp[0]?.items[0]?.label).toBe('Analytical Engine — Ada, The Difference');
  });
});

/**
 * Playback controls and the heart, under the now-playing card. The core
 * flips `isPlaying` and `liked` as soon as a command is sent, so the buttons
 * simply show the state they are given; Spotify's own refusals
 * (`disallows`, adverts) make a button inert but keep it focusable, so a
 * keyboard user never loses their place when it changes.
 */
import type { ControlsView } from '../../../main/core/app-state.ts';
import type { NowPlaying } from '../../../main/core/spotify/now-playing.ts';
import type { TraytuneApi } from '../../../main/contract/ipc.ts';
import { button, h, setAttr, setHidden, setText } from '../dom.ts';

/** What the controls render from: a slice of the logged-in state. */
export interface ControlsInput {
  nowPlaying: NowPlaying | null;
  liked: boolean | null;
  controls: ControlsView;
}

/** The controls row, patched in place. */
export interface Controls {
  readonly root: HTMLElement;
  update(input: ControlsInput): void;
  /** Space outside buttons and fields: toggles playback when the Play/Pause button could. Returns whether it did. */
  togglePlayback(): boolean;
}

interface Allowed {
  previous: boolean;
  toggle: boolean;
  next: boolean;
}

/** Which commands Spotify accepts now; nothing is known to refuse while nothing (or an unknown item) plays. */
function allowed(item: NowPlaying | null): Allowed {
  if (item === null || item.kind === 'ad') return { previous: false, toggle: false, next: false };
  if (item.kind === 'nothing' || item.kind === 'unknown') return { previous: true, toggle: true, next: true };
  const d = item.disallows;
  return {
    previous: !d.skippingPrev,
    toggle: item.isPlaying ? !d.pausing : !d.resuming,
    next: !d.skippingNext,
  };
}

function isPlaying(item: NowPlaying | null): boolean {
  return item !== null && item.kind !== 'nothing' && item.isPlaying;
}

/** An icon drawn by the stylesheet (CSS shapes: no font or image to load, and it follows the text colour). */
function icon(name: string): HTMLElement {
  return h('span', { class: `icon icon-${name}`, 'aria-hidden': 'true' });
}

/** Builds the controls; calls go straight to the API and failures to `fail`. */
export function createControls(api: TraytuneApi, fail: (error: unknown) => void): Controls {
  let can: Allowed = { previous: false, toggle: false, next: false };
  let likeShown = false;

  function command(key: keyof Allowed, run: () => Promise<void>): () => void {
    return () => {
      if (can[key]) run().catch(fail);
    };
  }

  const previous = button(
    '',
    command('previous', () => api.previous()),
    {
      id: 'control-previous',
      class: 'control',
      'aria-label': 'Previous track',
    },
  );
  const toggle = button(
    '',
    command('toggle', () => api.togglePlayback()),
    {
      id: 'control-toggle',
      class: 'control control-main',
      'aria-label': 'Play',
    },
  );
  const next = button(
    '',
    command('next', () => api.next()),
    {
      id: 'control-next',
      class: 'control',
      'aria-label': 'Next track',
    },
  );
  previous.append(icon('previous'));
  const toggleIcon = icon('play');
  toggle.append(toggleIcon);
  next.append(icon('next'));
  const heartIcon = h('span', { class: 'heart-icon', 'aria-hidden': 'true' });
  const like = button(
    '',
    () => {
      if (likeShown) api.toggleLike().catch(fail);
    },
    { id: 'control-like', class: 'control heart', 'aria-pressed': 'false', 'aria-label': 'Save to Your Library' },
  );
  like.append(heartIcon);
  const buttons = h('div', { class: 'control-buttons' }, previous, toggle, next);
  // Always in the page, so a note that appears after a command (no active device) is announced.
  const note = h('p', { id: 'controls-note', class: 'controls-note', role: 'status' });
  const root = h('div', { class: 'controls' }, h('div', { class: 'control-row' }, buttons, like), note);

  function setAllowed(element: HTMLButtonElement, yes: boolean): void {
    setAttr(element, 'aria-disabled', yes ? null : 'true');
  }

  return {
    root,
    update({ nowPlaying, liked, controls }) {
      can = controls.available ? allowed(nowPlaying) : { previous: false, toggle: false, next: false };
      const playing = isPlaying(nowPlaying);
      setAttr(toggle, 'aria-label', playing ? 'Pause' : 'Play');
      setAttr(toggleIcon, 'class', `icon icon-${playing ? 'pause' : 'play'}`);
      setAllowed(previous, can.previous);
      setAllowed(toggle, can.toggle);
      setAllowed(next, can.next);
      // A command in flight: its button says so quietly while already showing the expected result.
      for (const [key, element] of [
        ['previous', previous],
        ['toggle', toggle],
        ['next', next],
        ['like', like],
      ] as const) {
        element.classList.toggle('pending', controls.pending === key);
      }
      // Without Premium the buttons cannot work at all: the note takes their place.
      setHidden(buttons, !controls.available || nowPlaying === null);
      likeShown = liked !== null;
      setHidden(like, !likeShown);
      setAttr(like, 'aria-pressed', liked === true ? 'true' : 'false');
      setAttr(like, 'aria-label', liked === true ? 'Remove from Your Library' : 'Save to Your Library');
      setText(note, controls.note ?? '');
      note.classList.toggle('quiet', !controls.available);
    },
    togglePlayback() {
      if (!can.toggle || buttons.hidden) return false;
      api.togglePlayback().catch(fail);
      return true;
    },
  };
}

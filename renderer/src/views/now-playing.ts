/**
 * The now-playing card: art, title, artists (or the show, for episodes),
 * progress and the paused state. It is patched in place on every update so
 * the progress bar keeps moving and focus stays where it was; a different
 * item is announced politely.
 */
import type { NowPlaying } from '../../../main/core/spotify/now-playing.ts';
import { h, setAttr, setHidden, setLongText } from '../dom.ts';
import { joinArtists } from '../format.ts';
import { createProgress, type ProgressOptions } from '../progress.ts';

/** The card and its update function. */
export interface NowPlayingCard {
  readonly root: HTMLElement;
  update(view: NowPlaying | null): void;
  destroy(): void;
}

interface Shown {
  title: string;
  subtitle: string;
  detail: string;
  art: { url: string; alt: string } | null;
  paused: boolean;
  /** What to say when this item replaces another; null for nothing worth saying. */
  announcement: string | null;
  /** Same key, same item: a new sample of it is not announced. */
  key: string;
}

function describe(view: NowPlaying | null): Shown {
  const base = { detail: '', art: null, paused: false };
  if (view === null) {
    return { ...base, title: 'Checking what’s playing…', subtitle: '', announcement: null, key: 'loading' };
  }
  switch (view.kind) {
    case 'nothing':
      return {
        ...base,
        title: 'Nothing playing',
        subtitle: 'Play something in Spotify and it shows up here.',
        announcement: 'Nothing playing',
        key: 'nothing',
      };
    case 'unknown':
      return {
        ...base,
        title: 'Playing on Spotify',
        subtitle: 'Spotify does not say what this is.',
        paused: !view.isPlaying,
        announcement: null,
        key: 'unknown',
      };
    case 'ad':
      return {
        ...base,
        title: 'Advertisement',
        subtitle: 'Your music continues after the break.',
        paused: !view.isPlaying,
        announcement: 'Advertisement',
        key: 'ad',
      };
    case 'track': {
      const artists = joinArtists(view.artists);
      return {
        title: view.title,
        subtitle: artists,
        detail: view.album,
        art: view.artUrl === null ? null : { url: view.artUrl, alt: labelled('Album art', view.album) },
        paused: !view.isPlaying,
        announcement: `Now playing: ${view.title}${artists === '' ? '' : ` by ${artists}`}`,
        key: `track:${view.uri}:${view.title}`,
      };
    }
    case 'episode':
      return {
        title: view.title,
        subtitle: view.show,
        detail: 'Podcast episode',
        art: view.artUrl === null ? null : { url: view.artUrl, alt: labelled('Cover art', view.show) },
        paused: !view.isPlaying,
        announcement: `Now playing: ${view.title}${view.show === '' ? '' : ` from ${view.show}`}`,
        key: `episode:${view.uri}:${view.title}`,
      };
  }
}

function labelled(what: string, name: string): string {
  return name === '' ? what : `${what} for ${name}`;
}

/** Builds the card; `announce` is the app's polite live region. */
export function createNowPlayingCard(announce: (text: string) => void, options: ProgressOptions = {}): NowPlayingCard {
  const art = h('img', { class: 'art', width: '112', height: '112', alt: '', hidden: true });
  const placeholder = h('div', { class: 'art art-placeholder', 'aria-hidden': 'true' }, '♪');
  const title = h('h2', { id: 'now-playing-title', class: 'title' });
  const subtitle = h('p', { id: 'now-playing-subtitle', class: 'subtitle' });
  const detail = h('p', { id: 'now-playing-detail', class: 'detail' });
  const paused = h('span', { id: 'now-playing-paused', class: 'chip', hidden: true }, 'Paused');
  const bar = h('progress', { id: 'now-playing-progress', 'aria-label': 'Playback position', max: '1', value: '0' });
  const elapsed = h('span', { class: 'time elapsed', 'aria-hidden': 'true' });
  const total = h('span', { class: 'time total', 'aria-hidden': 'true' });
  const row = h('div', { class: 'progress-row', hidden: true }, elapsed, bar, total);
  const progress = createProgress({ row, bar, elapsed, total }, options);
  const root = h(
    'article',
    { class: 'card', 'aria-labelledby': 'now-playing-title' },
    h('div', { class: 'art-box' }, art, placeholder),
    h('div', { class: 'meta' }, title, subtitle, detail, paused),
    row,
  );
  let shownKey: string | undefined;
  let artFailed: string | null = null;

  function showArt(next: Shown['art']): void {
    const usable = next !== null && next.url !== artFailed;
    if (usable) {
      setAttr(art, 'alt', next.alt);
      if (art.getAttribute('src') !== next.url) art.src = next.url;
    }
    setHidden(art, !usable);
    setHidden(placeholder, usable);
  }

  // A blocked or missing image falls back to the placeholder instead of a broken-image icon.
  art.addEventListener('error', () => {
    artFailed = art.getAttribute('src');
    setHidden(art, true);
    setHidden(placeholder, false);
  });

  return {
    root,
    update(view) {
      const shown = describe(view);
      setLongText(title, shown.title);
      setLongText(subtitle, shown.subtitle);
      setHidden(subtitle, shown.subtitle === '');
      setLongText(detail, shown.detail);
      setHidden(detail, shown.detail === '');
      setHidden(paused, !shown.paused);
      root.classList.toggle('paused', shown.paused);
      showArt(shown.art);
      progress.show(view);
      // The first item the screen shows is not news; a different one later is.
      if (shownKey !== undefined && shownKey !== shown.key && shown.announcement !== null) {
        announce(shown.announcement);
      }
      shownKey = shown.key;
    },
    destroy: () => progress.stop(),
  };
}

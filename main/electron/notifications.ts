/**
 * Notifications on track change (off by default). Whether to notify is a
 * pure decision on the previous and next state; the sender turns a track or
 * episode into an Electron Notification, with the album art when it could be
 * fetched quickly, and text only otherwise.
 */
import type { NativeImage } from 'electron';

import type { AppState } from '../core/app-state.ts';
import type { Logger } from '../core/log.ts';
import type { EpisodePlaying, TrackPlaying } from '../core/spotify/now-playing.ts';

/** What, besides the two states, decides. */
export interface NotifyContext {
  /** `preferences.notifications`. */
  enabled: boolean;
  /** The popover already shows the track: a notification would only repeat it. */
  popoverVisible: boolean;
}

/** The item a notification is about. */
export type Notifiable = TrackPlaying | EpisodePlaying;

function notifiable(app: AppState | null): Notifiable | null {
  if (app?.screen !== 'logged-in' || app.nowPlaying === null) return null;
  const playing = app.nowPlaying;
  return playing.kind === 'track' || playing.kind === 'episode' ? playing : null;
}

/** Identity of an item: the id, or the URI for local files (which have no id). */
function itemKey(item: Notifiable): string {
  return item.id ?? item.uri;
}

/**
 * The item to announce, or null: only when enabled, the popover is hidden,
 * and the next state plays a track or episode (not an ad, not nothing)
 * whose id differs from the previous state's item. Pausing, resuming and
 * seeking keep the id, so they never notify; neither does logging in onto a
 * track that was already known, since `prev` then had no item.
 */
export function shouldNotify(prev: AppState | null, next: AppState, context: NotifyContext): Notifiable | null {
  if (!context.enabled || context.popoverVisible) return null;
  const item = notifiable(next);
  if (item === null || !item.isPlaying) return null;
  const before = notifiable(prev);
  // From nothing or an ad, a track starting is news; right after logging in (or at startup) it is not.
  if (before === null) return prev?.screen === 'logged-in' ? item : null;
  return itemKey(before) === itemKey(item) ? null : item;
}

/** Title and body of a notification. */
export function notificationText(item: Notifiable): { title: string; body: string } {
  return item.kind === 'track'
    ? { title: item.title, body: item.artists.join(', ') }
    : { title: item.title, body: item.show };
}

/** Electron's Notification, as far as it is used. */
export interface NotificationLike {
  show(): void;
}

/** Electron's Notification class (its static `isSupported` included). */
export interface NotificationClass {
  new (options: { title: string; body: string; silent: boolean; icon?: NativeImage }): NotificationLike;
  isSupported(): boolean;
}

/** What the sender needs. */
export interface NotifierOptions {
  Notification: NotificationClass;
  /** `nativeImage.createFromBuffer`. */
  createImage(buffer: Buffer): NativeImage;
  /** Fetches the album art; resolves to null when it cannot (the notification then goes out without it). */
  fetchArt?(url: string): Promise<Buffer | null>;
  logger: Logger;
}

/** Sends one notification per call; never throws. */
export class TrackNotifier {
  readonly #options: NotifierOptions;
  /** The item last announced, so a slow art download cannot announce an item that was replaced meanwhile. */
  #latest: string | null = null;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /** Announces `item`; resolves once shown (or skipped). */
  async notify(item: Notifiable): Promise<void> {
    const { Notification, logger } = this.#options;
    if (!Notification.isSupported()) return;
    const key = itemKey(item);
    this.#latest = key;
    const icon = await this.#art(item.artUrl);
    if (this.#latest !== key) return;
    try {
      // Silent: the music is already playing, a chime on every track would be in the way.
      new Notification({ ...notificationText(item), silent: true, ...(icon === null ? {} : { icon }) }).show();
    } catch (error) {
      logger.warn('Notification failed', { error: String(error) });
    }
  }

  async #art(url: string | null): Promise<NativeImage | null> {
    const { fetchArt, createImage } = this.#options;
    if (url === null || fetchArt === undefined) return null;
    const buffer = await fetchArt(url).catch(() => null);
    return buffer === null || buffer.length === 0 ? null : createImage(buffer);
  }
}

/**
 * Album art for a notification, fetched with a short timeout: Spotify's image
 * CDN is fast, and a notification late by seconds would announce the wrong
 * moment. Only https URLs are fetched.
 */
export async function fetchArtBuffer(url: string, timeoutMs = 3_000): Promise<Buffer | null> {
  if (!url.startsWith('https://')) return null;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) return null;
  return Buffer.from(await response.arrayBuffer());
}

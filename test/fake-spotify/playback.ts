/**
 * The scripted player: what is playing, on which device, and where. Progress
 * is derived from the fake clock (position at a moment + elapsed time while
 * playing), so a test moves a track forward by moving its clock.
 */
import type {
  ContextObject,
  CurrentlyPlayingType,
  DeviceObject,
  Disallows,
  PlayableItem,
  RepeatState,
} from './wire.ts';

/** A playback state as a test scripts it; everything but `item` has a sensible default. */
export interface PlaybackScript {
  /** The track or episode; `null` for an ad or unknown content. */
  item: PlayableItem | null;
  /** Default: the item's `type`, or `'unknown'` when `item` is null. */
  currentlyPlayingType?: CurrentlyPlayingType;
  /** Default true. */
  isPlaying?: boolean;
  /** Position at fake-clock time `at`. Default 0; `null` is sent as `progress_ms: null`. */
  progressMs?: number | null;
  /** Fake-clock time at which `progressMs` held, also sent as `timestamp`. Default: now. */
  at?: number;
  /** Default: the fixture device. `null`: no active device (player GETs 204, controls 404 NO_ACTIVE_DEVICE). */
  device?: DeviceObject | null;
  /** Default null. */
  context?: ContextObject | null;
  /** Default false. */
  shuffle?: boolean;
  /** Default 'off'. */
  repeat?: RepeatState;
  /** Restrictions on top of the automatic ones (pausing while paused, resuming while playing). */
  disallows?: Disallows;
}

/** A read-only view of the player for assertions. */
export interface PlaybackView {
  item: PlayableItem | null;
  currentlyPlayingType: CurrentlyPlayingType;
  isPlaying: boolean;
  /** Position now on the fake clock. */
  progressMs: number | null;
  device: DeviceObject | null;
  context: ContextObject | null;
  shuffle: boolean;
  repeat: RepeatState;
  disallows: Disallows;
  /** Fake-clock time of the last change. */
  timestamp: number;
  /** Items `next` will play, in order. */
  queue: PlayableItem[];
}

type State = Required<Omit<PlaybackScript, 'progressMs'>> & { progressMs: number | null };

/** Within this much of the start, "previous" goes to the previous item instead of restarting. */
const RESTART_THRESHOLD_MS = 3000;

export class Player {
  private state: State | null = null;
  private queue: PlayableItem[] = [];
  private history: PlayableItem[] = [];
  private readonly now: () => number;
  private readonly defaultDevice: DeviceObject;
  /** What plays when next is pressed on an empty queue: Spotify's autoplay keeps going. */
  private readonly autoplay: () => PlayableItem;

  constructor(now: () => number, defaultDevice: DeviceObject, autoplay: () => PlayableItem) {
    this.now = now;
    this.defaultDevice = defaultDevice;
    this.autoplay = autoplay;
  }

  set(script: PlaybackScript | null): void {
    this.history = [];
    if (script === null) {
      this.state = null;
      return;
    }
    this.state = {
      item: script.item,
      currentlyPlayingType: script.currentlyPlayingType ?? script.item?.type ?? 'unknown',
      isPlaying: script.isPlaying ?? true,
      progressMs: script.progressMs === undefined ? 0 : script.progressMs,
      at: script.at ?? this.now(),
      device: script.device === undefined ? this.defaultDevice : script.device,
      context: script.context ?? null,
      shuffle: script.shuffle ?? false,
      repeat: script.repeat ?? 'off',
      disallows: script.disallows ?? {},
    };
  }

  setQueue(items: readonly PlayableItem[]): void {
    this.queue = [...items];
  }

  /** True when something is scripted on an active device, i.e. Spotify would answer 200. */
  hasActiveDevice(): boolean {
    const device = this.state?.device;
    return device !== undefined && device !== null;
  }

  deviceId(): string | null | undefined {
    return this.state?.device?.id;
  }

  view(): PlaybackView | null {
    const s = this.state;
    if (s === null) return null;
    return {
      item: s.item,
      currentlyPlayingType: s.currentlyPlayingType,
      isPlaying: s.isPlaying,
      progressMs: this.position(s),
      device: s.device,
      context: s.context,
      shuffle: s.shuffle,
      repeat: s.repeat,
      disallows: this.disallows(s),
      timestamp: s.at,
      queue: [...this.queue],
    };
  }

  /** Which of `pausing`/`resuming`/`skipping_next`/`skipping_prev` the current state forbids. */
  disallowed(action: keyof Disallows): boolean {
    const s = this.state;
    return s !== null && this.disallows(s)[action] === true;
  }

  play(positionMs?: number): void {
    const s = this.require();
    this.moveTo(s, positionMs ?? this.position(s), true);
  }

  pause(): void {
    const s = this.require();
    this.moveTo(s, this.position(s), false);
  }

  seek(positionMs: number): void {
    const s = this.require();
    this.moveTo(s, positionMs, s.isPlaying);
  }

  next(): void {
    const s = this.require();
    const upcoming = this.queue.shift() ?? this.autoplay();
    if (s.item !== null) this.history.push(s.item);
    this.change(s, upcoming);
  }

  /** Like the Spotify clients: restart the item unless it has only just begun. */
  previous(): void {
    const s = this.require();
    const before = this.history.pop();
    if (before === undefined || (this.position(s) ?? 0) > RESTART_THRESHOLD_MS) {
      if (before !== undefined) this.history.push(before);
      this.moveTo(s, 0, true);
      return;
    }
    if (s.item !== null) this.queue.unshift(s.item);
    this.change(s, before);
  }

  /** The body of `/me/player` (`withDevice`) or `/me/player/currently-playing`; null means 204. */
  render(episodes: boolean, withDevice: boolean): Record<string, unknown> | null {
    const s = this.state;
    if (s === null || s.device === null) return null;
    // Spotify hides an episode from clients that did not say they understand them.
    const item = s.item?.type === 'episode' && !episodes ? null : s.item;
    const deviceFields = withDevice
      ? { device: s.device, shuffle_state: s.shuffle, smart_shuffle: false, repeat_state: s.repeat }
      : {};
    return {
      ...deviceFields,
      timestamp: s.at,
      context: s.context,
      progress_ms: this.position(s),
      item,
      currently_playing_type: s.currentlyPlayingType,
      actions: { disallows: this.disallows(s) },
      is_playing: s.isPlaying,
    };
  }

  private require(): State {
    if (this.state === null) throw new Error('fake Spotify: nothing scripted; call setPlayback() first');
    return this.state;
  }

  private position(s: State): number | null {
    if (s.progressMs === null) return null;
    const elapsed = s.isPlaying ? Math.max(0, this.now() - s.at) : 0;
    const position = s.progressMs + elapsed;
    return s.item === null ? position : Math.min(position, s.item.duration_ms);
  }

  private moveTo(s: State, positionMs: number | null, isPlaying: boolean): void {
    const max = s.item?.duration_ms ?? Number.POSITIVE_INFINITY;
    s.progressMs = positionMs === null ? null : Math.min(Math.max(0, positionMs), max);
    s.isPlaying = isPlaying;
    s.at = this.now();
  }

  private change(s: State, item: PlayableItem): void {
    s.item = item;
    s.currentlyPlayingType = item.type;
    this.moveTo(s, 0, true);
  }

  /** Only the `true` entries, as Spotify sends them. */
  private disallows(s: State): Disallows {
    const automatic: Disallows = s.isPlaying ? { resuming: true } : { pausing: true };
    const merged: Disallows = { ...automatic, ...s.disallows };
    return Object.fromEntries(Object.entries(merged).filter(([, v]) => v === true)) as Disallows;
  }
}

/**
 * Global shortcuts: the media keys (opt-in) and the user's accelerator that
 * toggles the popover. Registration follows the preferences as they change,
 * without a restart. Another app may already hold a key: Electron's
 * `globalShortcut.register` then answers false (it never throws for that),
 * and Traytune says so instead of failing.
 */
import type { Preferences } from '../contract/ipc.ts';
import type { Logger } from '../core/log.ts';

/** The parts of Electron's globalShortcut the controller uses. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  unregisterAll(): void;
}

/** What the keys do. */
export interface ShortcutActions {
  togglePlayback(): void;
  next(): void;
  previous(): void;
  togglePopover(): void;
}

/** Electron's accelerator names for the media keys, and what each does. */
export const MEDIA_KEYS = {
  MediaPlayPause: 'togglePlayback',
  MediaNextTrack: 'next',
  MediaPreviousTrack: 'previous',
} as const satisfies Record<string, keyof ShortcutActions>;

/** The preferences shortcuts depend on. */
export type ShortcutPreferences = Pick<Preferences, 'mediaKeys' | 'shortcut'>;

/** Registers and unregisters the global shortcuts to match the preferences. */
export class ShortcutController {
  readonly #globalShortcut: GlobalShortcutLike;
  readonly #actions: ShortcutActions;
  readonly #logger: Logger;
  readonly #onProblem: (message: string | null) => void;
  /** Accelerators this app holds now. */
  readonly #held = new Set<string>();
  #applied: ShortcutPreferences = { mediaKeys: false, shortcut: null };
  #problem: string | null = null;

  constructor(options: {
    globalShortcut: GlobalShortcutLike;
    actions: ShortcutActions;
    logger: Logger;
    /** A sentence for the user when a key could not be taken (null once all is well again). */
    onProblem(message: string | null): void;
  }) {
    this.#globalShortcut = options.globalShortcut;
    this.#actions = options.actions;
    this.#logger = options.logger;
    this.#onProblem = options.onProblem;
  }

  /** What could not be registered, as a sentence; null when everything asked for is held. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Brings the registrations in line with `preferences`; unchanged preferences change nothing. */
  apply(preferences: ShortcutPreferences): void {
    const before = this.#applied;
    if (before.mediaKeys === preferences.mediaKeys && before.shortcut === preferences.shortcut) return;
    this.#applied = { mediaKeys: preferences.mediaKeys, shortcut: preferences.shortcut };
    const failed: string[] = [];

    if (before.mediaKeys !== preferences.mediaKeys) {
      for (const [key, action] of Object.entries(MEDIA_KEYS)) {
        if (preferences.mediaKeys) {
          if (!this.#register(key, () => this.#actions[action]())) failed.push('Media keys');
        } else this.#unregister(key);
      }
    } else if (preferences.mediaKeys && this.#missingMediaKeys()) failed.push('Media keys');

    if (before.shortcut !== preferences.shortcut) {
      if (before.shortcut !== null) this.#unregister(before.shortcut);
      if (preferences.shortcut !== null && !this.#register(preferences.shortcut, () => this.#actions.togglePopover()))
        failed.push(`Shortcut ${preferences.shortcut}`);
    } else if (preferences.shortcut !== null && !this.#held.has(preferences.shortcut))
      failed.push(`Shortcut ${preferences.shortcut}`);

    this.#setProblem(failed);
  }

  /** Releases every shortcut (at quit): Electron keeps OS-wide grabs until they are released. */
  dispose(): void {
    this.#globalShortcut.unregisterAll();
    this.#held.clear();
    this.#applied = { mediaKeys: false, shortcut: null };
  }

  #register(accelerator: string, callback: () => void): boolean {
    if (this.#held.has(accelerator)) return true;
    let ok: boolean;
    try {
      ok = this.#globalShortcut.register(accelerator, callback);
    } catch (error) {
      // An accelerator Electron cannot parse throws; the contract's pattern should stop those first.
      this.#logger.warn('Shortcut refused', { accelerator, error: String(error) });
      ok = false;
    }
    if (ok) this.#held.add(accelerator);
    else this.#logger.warn('Shortcut is taken by another app', { accelerator });
    return ok;
  }

  #unregister(accelerator: string): void {
    if (!this.#held.delete(accelerator)) return;
    this.#globalShortcut.unregister(accelerator);
  }

  #missingMediaKeys(): boolean {
    return Object.keys(MEDIA_KEYS).some((key) => !this.#held.has(key));
  }

  #setProblem(failed: string[]): void {
    const unique = [...new Set(failed)];
    const plural = unique.length > 1 || unique[0] === 'Media keys';
    const message =
      unique.length === 0 ? null : `${unique.join(' and ')} ${plural ? 'are' : 'is'} in use by another app`;
    if (message === this.#problem) return;
    this.#problem = message;
    this.#onProblem(message);
  }
}

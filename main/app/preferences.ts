/**
 * Preferences as AppService handles them: checking a patch from the settings
 * view (with a sentence the view can show), merging it into what is saved,
 * and the platform the view is told about.
 */
import {
  SHORTCUT_PATTERN,
  validateArgs,
  type Preferences,
  type SetPreferencesResult,
  type ViewState,
} from '../contract/ipc.ts';
import { readPreferences } from '../core/persistence/settings.ts';
import type { SettingsStore } from '../core/persistence/store.ts';

export const BAD_SHORTCUT_MESSAGE =
  'That shortcut cannot be used: give one or more modifiers and one key, e.g. CommandOrControl+Alt+T.';

/** The contract's platform union for a Node `process.platform`. */
export function toPlatform(platform: string): ViewState['platform'] {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other';
}

/** The preferences in effect: saved values over the defaults. */
export function currentPreferences(store: SettingsStore): Preferences {
  return readPreferences(store.get('preferences'));
}

/**
 * Saves the keys of `patch` over what is saved; the others stay. Refused,
 * with nothing saved, when any value does not fit (the IPC gate checks the
 * same, but AppService is also called directly by the adapters).
 */
export function savePreferences(store: SettingsStore, patch: Partial<Preferences>): SetPreferencesResult {
  const shortcut = (patch as Record<string, unknown>)['shortcut'];
  if (
    shortcut !== undefined &&
    shortcut !== null &&
    (typeof shortcut !== 'string' || !SHORTCUT_PATTERN.test(shortcut))
  ) {
    return { ok: false, message: BAD_SHORTCUT_MESSAGE };
  }
  if (!validateArgs['settings:set-preferences']([patch])) {
    return { ok: false, message: 'Traytune does not know that preference or its value.' };
  }
  // Only the user's own choices are written; defaults are applied on read.
  store.set('preferences', { ...store.get('preferences'), ...patch });
  return { ok: true };
}

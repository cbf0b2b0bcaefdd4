/**
 * A SettingsStore that lives and dies with the process. The Electron adapter
 * gives it to the core as `tokenStore` when the OS offers no real keyring
 * (Linux `basic_text`) and the user has not opted in to saving the login
 * anyway: the login then works for this session and never reaches the disk.
 */
import { settingsDefaults, type Settings, type SettingsKey } from './settings.ts';
import type { SettingsStore } from './store.ts';

/** Stands where a file path would be, for logs and messages. */
export const MEMORY_STORE_PATH = ':memory:';

/**
 * Values are copied in and out (as a file round trip would), so a caller
 * cannot change what is stored by mutating an object it passed or received.
 */
export function createMemoryStore(initial: Partial<Settings> = {}): SettingsStore {
  const values = new Map<SettingsKey, unknown>();
  const reset = (key: SettingsKey): void => {
    const fallback = (settingsDefaults as Partial<Settings>)[key];
    if (fallback === undefined) values.delete(key);
    else values.set(key, structuredClone(fallback));
  };
  for (const key of Object.keys(settingsDefaults) as SettingsKey[]) reset(key);
  for (const [key, value] of Object.entries(initial) as [SettingsKey, unknown][]) {
    if (value !== undefined) values.set(key, structuredClone(value));
  }
  return {
    get: <K extends SettingsKey>(key: K) => structuredClone(values.get(key)) as Settings[K],
    set: (key, value) => {
      if (value === undefined) throw new TypeError(`Settings value for ${key} must not be undefined`);
      values.set(key, structuredClone(value));
    },
    delete: reset,
    path: MEMORY_STORE_PATH,
  };
}

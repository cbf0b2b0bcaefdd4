/**
 * Preferences in the settings file: only the user's choices are written,
 * the defaults apply on read, and a value the schema refuses (a hand-edited
 * file) is dropped by openStore's carry-over while the rest is kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_PREFERENCES } from '../../main/contract/ipc.ts';
import { readPreferences, storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore } from '../../main/core/persistence/store.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-prefs-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const settingsPath = (): string => path.join(dir, 'settings.json');
const open = () => openStore(nodeStoreFactory, storeOptions({ cwd: dir }));

describe('preferences in the settings store', () => {
  it('round-trips through the file, with defaults for what was never set', () => {
    const first = open().store;
    expect(readPreferences(first.get('preferences'))).toEqual(DEFAULT_PREFERENCES);
    first.set('preferences', { notifications: true, shortcut: 'CommandOrControl+Shift+Space' });

    const { store, recovered } = open();
    expect(recovered).toBeUndefined();
    expect(readPreferences(store.get('preferences'))).toEqual({
      ...DEFAULT_PREFERENCES,
      notifications: true,
      shortcut: 'CommandOrControl+Shift+Space',
    });
    expect(JSON.parse(fs.readFileSync(settingsPath(), 'utf8'))).toEqual({
      preferences: { notifications: true, shortcut: 'CommandOrControl+Shift+Space' },
    });
  });

  it('refuses a value that does not fit the schema, writing nothing', () => {
    const { store } = open();
    expect(() => store.set('preferences', { launchAtLogin: 'yes' as unknown as boolean })).toThrow();
    expect(() => store.set('preferences', { shortcut: 'rm -rf /' })).toThrow();
    expect(store.get('preferences')).toEqual({});
  });

  it('drops a bad preference from a hand-edited file and keeps the rest', () => {
    fs.writeFileSync(
      settingsPath(),
      JSON.stringify({
        clientId: '0123456789abcdef0123456789abcdef',
        preferences: { notifications: 'sometimes', mediaKeys: true, shortcut: 'Alt+F4', fromNewerVersion: 1 },
      }),
    );
    const { store, recovered } = open();
    expect(recovered?.kept).toEqual(expect.arrayContaining(['clientId', 'preferences']));
    expect(store.get('clientId')).toBe('0123456789abcdef0123456789abcdef');
    expect(store.get('preferences')).toEqual({ mediaKeys: true, shortcut: 'Alt+F4', fromNewerVersion: 1 });
    expect(readPreferences(store.get('preferences'))).toEqual({
      ...DEFAULT_PREFERENCES,
      mediaKeys: true,
      shortcut: 'Alt+F4',
    });
  });
});

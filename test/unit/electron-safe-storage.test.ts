/**
 * safeStorage as the token cipher (async API first), the difference between
 * "another keyring" and "keyring not ready yet", and the Linux basic_text
 * rule: without a real keyring the login stays in memory unless opted in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { TokenSet } from '../../main/core/auth/token.ts';
import { UndecryptableError } from '../../main/core/persistence/cipher.ts';
import { createMemoryStore, MEMORY_STORE_PATH } from '../../main/core/persistence/memory-store.ts';
import { TokenVault, UNDECRYPTABLE_REASON } from '../../main/core/persistence/token-vault.ts';
import { isUndecryptableMessage, SafeStorageCipher } from '../../main/electron/safe-storage-cipher.ts';
import { openAppStore } from '../../main/electron/store.ts';
import { chooseTokenStorage, setupTokenStorage } from '../../main/electron/token-storage-mode.ts';
import * as electron from '../doubles/electron.ts';

const TOKENS: TokenSet = {
  accessToken: 'BQDsafe-storage-access-0123456789',
  refreshToken: 'AQCsafe-storage-refresh-9876543210',
  expiresAt: 1_800_000_000_000,
  scopes: ['user-read-playback-state'],
  authorizedAt: 1_700_000_000_000,
};

let dir: string;
beforeEach(() => {
  electron.resetElectronDouble();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-safe-storage-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const storage = () => electron.doubleState().safeStorage;

describe('SafeStorageCipher', () => {
  it('uses the async API where Electron has it', async () => {
    const cipher = new SafeStorageCipher(electron.safeStorage);
    expect(cipher.api).toBe('async');
    const blob = await cipher.encrypt('{"secret":1}');
    expect(Buffer.from(blob).toString()).not.toContain('secret');
    expect(await cipher.decrypt(blob)).toBe('{"secret":1}');
    expect(storage().calls).toEqual(['encryptStringAsync', 'decryptStringAsync']);
  });

  it('falls back to the sync API where the async one is missing, or when asked to', async () => {
    const { encryptString, decryptString } = electron.safeStorage;
    const older = new SafeStorageCipher({ encryptString, decryptString });
    expect(older.api).toBe('sync');
    expect(await older.decrypt(await older.encrypt('x'))).toBe('x');
    const forced = new SafeStorageCipher(electron.safeStorage, { api: 'sync' });
    expect(await forced.decrypt(await forced.encrypt('y'))).toBe('y');
    expect(storage().calls).toEqual(['encryptString', 'decryptString', 'encryptString', 'decryptString']);
  });

  it('reports a blob from another keyring as undecryptable', async () => {
    const cipher = new SafeStorageCipher(electron.safeStorage);
    const blob = await cipher.encrypt('x');
    storage().keyId = 'keyring-of-another-machine';
    await expect(cipher.decrypt(blob)).rejects.toBeInstanceOf(UndecryptableError);
    await expect(cipher.decrypt(Buffer.from('garbage'))).rejects.toBeInstanceOf(UndecryptableError);
  });

  it('reports a keyring that is not available yet as a plain error', async () => {
    const cipher = new SafeStorageCipher(electron.safeStorage);
    const blob = await cipher.encrypt('x');
    storage().temporarilyUnavailable = true;
    const error: unknown = await cipher.decrypt(blob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UndecryptableError);
    expect((error as Error).message).toContain('not available yet');

    storage().available = false;
    const sync = new SafeStorageCipher(electron.safeStorage, { api: 'sync' });
    await expect(sync.decrypt(blob)).rejects.not.toBeInstanceOf(UndecryptableError);
  });

  it.each([
    ['Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.', true],
    ['Error while decrypting the ciphertext provided to safeStorage.decryptString.', true],
    [
      'Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.',
      true,
    ],
    ['safeStorage.decryptStringAsync is temporarily unavailable. Please try again.', false],
    [
      'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      false,
    ],
    ['safeStorage cannot be used before app is ready', false],
    ['something new and unexplained', false],
  ])('classifies %j as undecryptable: %s', (message, undecryptable) => {
    expect(isUndecryptableMessage(message)).toBe(undecryptable);
  });

  it('lets the vault keep the blob while the keyring is locked, and drop one from another keyring', async () => {
    const store = createMemoryStore();
    const vault = new TokenVault({ store, cipher: new SafeStorageCipher(electron.safeStorage) });
    await vault.save(TOKENS);
    storage().temporarilyUnavailable = true;
    await expect(vault.load()).rejects.toThrow('not available yet');
    expect(store.get('tokens')).toBeDefined();
    storage().temporarilyUnavailable = false;
    expect(await vault.load()).toEqual({ status: 'ok', tokens: TOKENS });
    storage().keyId = 'a-new-keyring';
    expect(await vault.load()).toEqual({ status: 'unreadable', reason: UNDECRYPTABLE_REASON });
    expect(store.get('tokens')).toBeUndefined();
  });
});

describe('token storage mode', () => {
  it.each([
    ['linux', 'gnome_libsecret', true, false, 'keyring'],
    ['linux', 'kwallet6', true, true, 'keyring'],
    ['linux', 'basic_text', false, false, 'memory-only'],
    ['linux', 'basic_text', true, false, 'memory-only'],
    ['linux', 'basic_text', true, true, 'plaintext-opt-in'],
    ['linux', 'basic_text', false, true, 'memory-only'],
    ['linux', 'gnome_libsecret', false, true, 'memory-only'],
    ['darwin', null, true, false, 'keyring'],
    ['darwin', null, false, true, 'memory-only'],
    ['win32', null, true, false, 'keyring'],
  ] as const)(
    '%s, backend %s, available %s, opt-in %s → %s',
    (platform, backend, encryptionAvailable, allowPlaintext, mode) => {
      expect(chooseTokenStorage({ platform, backend, encryptionAvailable, allowPlaintext })).toBe(mode);
    },
  );

  it('uses the keyring through safeStorage when Linux has one', () => {
    const result = setupTokenStorage({ safeStorage: electron.safeStorage, platform: 'linux', env: {} });
    expect(result.mode).toBe('keyring');
    expect(result.cipher).toBeInstanceOf(SafeStorageCipher);
    expect(result.tokenStore).toBeUndefined();
  });

  it('keeps the login in memory on basic_text, and nothing reaches the settings file', async () => {
    storage().backend = 'basic_text';
    const result = setupTokenStorage({ safeStorage: electron.safeStorage, platform: 'linux', env: {} });
    expect(result.mode).toBe('memory-only');
    expect(storage().plainText).toBe(false);
    expect(result.tokenStore?.path).toBe(MEMORY_STORE_PATH);
    expect(storage().calls).toEqual([]);

    const { store } = openAppStore({ cwd: dir });
    store.set('clientId', '0123456789abcdef0123456789abcdef');
    const vault = new TokenVault({ store: result.tokenStore ?? store, cipher: result.cipher });
    await vault.save(TOKENS);
    expect(await vault.load()).toEqual({ status: 'ok', tokens: TOKENS });
    const file = fs.readFileSync(store.path, 'utf8');
    expect(file).toContain('0123456789abcdef0123456789abcdef');
    expect(file).not.toContain('tokens');
    // A restart starts from an empty memory store: logged out, as the UI says.
    const restarted = setupTokenStorage({ safeStorage: electron.safeStorage, platform: 'linux', env: {} });
    expect(await new TokenVault({ store: restarted.tokenStore ?? store, cipher: restarted.cipher }).load()).toEqual({
      status: 'none',
    });
  });

  it('saves the login on basic_text only after TRAYTUNE_ALLOW_PLAINTEXT_TOKENS=1', async () => {
    storage().backend = 'basic_text';
    const result = setupTokenStorage({
      safeStorage: electron.safeStorage,
      platform: 'linux',
      env: { TRAYTUNE_ALLOW_PLAINTEXT_TOKENS: '1' },
    });
    expect(result.mode).toBe('plaintext-opt-in');
    expect(storage().plainText).toBe(true);
    expect(result.tokenStore).toBeUndefined();
    expect((result.cipher as SafeStorageCipher).api).toBe('sync');
    const { store } = openAppStore({ cwd: dir });
    await new TokenVault({ store, cipher: result.cipher }).save(TOKENS);
    expect(fs.readFileSync(store.path, 'utf8')).toContain('"tokenCipher": "electron-safe-storage"');
  });

  it('ignores other values of the opt-in variable', () => {
    storage().backend = 'basic_text';
    const result = setupTokenStorage({
      safeStorage: electron.safeStorage,
      platform: 'linux',
      env: { TRAYTUNE_ALLOW_PLAINTEXT_TOKENS: 'yes' },
    });
    expect(result.mode).toBe('memory-only');
  });

  it('keeps the login in memory when macOS refuses the keychain', () => {
    storage().available = false;
    expect(setupTokenStorage({ safeStorage: electron.safeStorage, platform: 'darwin', env: {} }).mode).toBe(
      'memory-only',
    );
  });
});

describe('createMemoryStore', () => {
  it('copies values in and out, and resets preferences to the default on delete', () => {
    const store = createMemoryStore({ clientId: 'abc' });
    expect(store.get('clientId')).toBe('abc');
    expect(store.get('preferences')).toEqual({});
    const prefs = store.get('preferences') as Record<string, unknown>;
    prefs['x'] = 1;
    expect(store.get('preferences')).toEqual({});
    store.set('tokens', 'AAAA');
    store.delete('tokens');
    expect(store.get('tokens')).toBeUndefined();
    store.delete('preferences');
    expect(store.get('preferences')).toEqual({});
  });
});

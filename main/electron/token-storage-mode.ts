/**
 * Where the login is kept. With a real keyring, encrypted by safeStorage in
 * the settings file. On Linux without one, Chromium falls back to
 * `basic_text`: "encryption" with a hard-coded password, which protects
 * nothing. Then the login stays in memory only (log in again after a
 * restart) unless the user opted in to saving it anyway; the popover shows
 * which mode is in force (ViewState.tokenStorage).
 */
import { randomBytes } from 'node:crypto';

import type { TokenStorageMode } from '../contract/ipc.ts';
import { AesGcmCipher, type TokenCipher } from '../core/persistence/cipher.ts';
import { createMemoryStore } from '../core/persistence/memory-store.ts';
import type { SettingsStore } from '../core/persistence/store.ts';
import { SafeStorageCipher, type SafeStorageLike } from './safe-storage-cipher.ts';

/** The modes the Electron app can be in (`key-file` is the Node preview's). */
export type AppTokenStorageMode = Exclude<TokenStorageMode, 'key-file'>;

/** The environment variable that opts in to saving the login without a keyring. */
export const ALLOW_PLAINTEXT_ENV = 'TRAYTUNE_ALLOW_PLAINTEXT_TOKENS';

/** Linux storage backends, as `safeStorage.getSelectedStorageBackend()` names them. */
export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** What the mode is decided from. */
export interface TokenStorageFacts {
  platform: NodeJS.Platform;
  /** Linux only; null elsewhere. */
  backend: StorageBackend | null;
  /** `safeStorage.isEncryptionAvailable()`, asked after the opt-in was applied. */
  encryptionAvailable: boolean;
  allowPlaintext: boolean;
}

/**
 * The mode for the facts. `basic_text` is never called a keyring, even when
 * Electron reports encryption as available for it; with no usable encryption
 * at all (a keyring that refused, any platform) the login stays in memory.
 */
export function chooseTokenStorage(facts: TokenStorageFacts): AppTokenStorageMode {
  if (facts.platform === 'linux' && facts.backend === 'basic_text') {
    return facts.allowPlaintext && facts.encryptionAvailable ? 'plaintext-opt-in' : 'memory-only';
  }
  return facts.encryptionAvailable ? 'keyring' : 'memory-only';
}

/**
 * True when the user opted in to saving the login without a keyring: the
 * settings view's `allowPlaintextTokens` (saved in preferences), or
 * `TRAYTUNE_ALLOW_PLAINTEXT_TOKENS=1`, which keeps working for scripted setups.
 */
export function allowPlaintextTokens(env: Readonly<Record<string, string | undefined>>, preference = false): boolean {
  return preference || env[ALLOW_PLAINTEXT_ENV] === '1';
}

/** `preferences.allowPlaintextTokens` as saved, read before the service exists (the cipher depends on it). */
export function savedAllowPlaintext(store: { get(key: 'preferences'): unknown }): boolean {
  const saved = store.get('preferences');
  return (
    typeof saved === 'object' && saved !== null && (saved as Record<string, unknown>)['allowPlaintextTokens'] === true
  );
}

/** The safeStorage calls that decide the mode, besides the cipher's own. */
export interface SafeStorageProbe extends SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): StorageBackend;
  setUsePlainTextEncryption?(usePlainText: boolean): void;
}

/** What the core is given: its cipher and, for memory-only, the store the login goes to. */
export interface TokenStorage {
  mode: AppTokenStorageMode;
  cipher: TokenCipher;
  /** Present in memory-only mode: pass as TraytuneCore's `tokenStore`. */
  tokenStore?: SettingsStore;
}

/** Decides the mode and builds the cipher (and memory store). Call after `app` is ready. */
export function setupTokenStorage(options: {
  safeStorage: SafeStorageProbe;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The saved `preferences.allowPlaintextTokens`. */
  allowPlaintextPreference?: boolean;
}): TokenStorage {
  const { safeStorage, platform } = options;
  const allowPlaintext = allowPlaintextTokens(options.env, options.allowPlaintextPreference);
  // Only affects the basic_text backend ("a no-op on Windows and macOS"); must precede the availability check.
  // Set both ways: switched off at runtime, basic_text must stop counting as available too.
  if (platform === 'linux') safeStorage.setUsePlainTextEncryption?.(allowPlaintext);
  // The sync check also makes Electron pick the Linux backend; asked before it, the backend reads 'unknown'.
  const encryptionAvailable = safeStorage.isEncryptionAvailable();
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : null;
  const mode = chooseTokenStorage({ platform, backend, encryptionAvailable, allowPlaintext });
  switch (mode) {
    case 'keyring':
      return { mode, cipher: new SafeStorageCipher(safeStorage) };
    case 'plaintext-opt-in':
      return { mode, cipher: new SafeStorageCipher(safeStorage, { api: 'sync' }) };
    case 'memory-only':
      // safeStorage cannot protect anything here; a key made for this run and never stored lets the vault work unchanged.
      return { mode, cipher: new AesGcmCipher(randomBytes(32)), tokenStore: createMemoryStore() };
  }
}

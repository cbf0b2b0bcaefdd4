/**
 * The token cipher inside the app: Electron's safeStorage, i.e. the OS
 * keyring (Keychain, DPAPI, libsecret/kwallet). It uses the async API that
 * Electron recommends (non-blocking, handles key rotation and a keyring that
 * is not ready yet) and falls back to the sync one where that is missing.
 *
 * The vault needs to know *why* a decrypt failed: a blob from another keyring
 * can never be read and is discarded (UndecryptableError), whereas a keyring
 * that is still locked or initialising must not cost the user their login.
 */
import { UndecryptableError, type TokenCipher } from '../core/persistence/cipher.ts';

/** The parts of Electron's `safeStorage` the cipher uses; the async pair is optional (older Electron). */
export interface SafeStorageLike {
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** How the cipher talks to safeStorage. */
export interface SafeStorageCipherOptions {
  /**
   * 'sync' forces the sync API. Used with the Linux `basic_text` opt-in,
   * where `setUsePlainTextEncryption(true)` is documented for the sync API.
   */
  api?: 'async' | 'sync';
}

/**
 * Electron's messages for a ciphertext that this keyring cannot decrypt
 * (shell/browser/api/electron_api_safe_storage.cc): "Error while decrypting
 * the ciphertext provided to …" and "Ciphertext does not appear to be
 * encrypted." Everything else ("temporarily unavailable", "Decryption is not
 * available", "cannot be used before app is ready") is temporary.
 */
export function isUndecryptableMessage(message: string): boolean {
  if (/temporarily unavailable|not available|before app is ready/i.test(message)) return false;
  return /error while decrypting|does not appear to be encrypted/i.test(message);
}

/** TokenCipher over safeStorage. */
export class SafeStorageCipher implements TokenCipher {
  /** Stored next to the blob; a blob written by the key-file cipher is never handed to this one. */
  readonly id = 'electron-safe-storage';
  readonly #storage: SafeStorageLike;
  readonly #async: boolean;

  constructor(storage: SafeStorageLike, options: SafeStorageCipherOptions = {}) {
    this.#storage = storage;
    this.#async =
      options.api !== 'sync' &&
      typeof storage.encryptStringAsync === 'function' &&
      typeof storage.decryptStringAsync === 'function';
  }

  /** Which safeStorage API this cipher calls. */
  get api(): 'async' | 'sync' {
    return this.#async ? 'async' : 'sync';
  }

  async encrypt(plain: string): Promise<Uint8Array> {
    const blob =
      this.#async && this.#storage.encryptStringAsync !== undefined
        ? await this.#storage.encryptStringAsync(plain)
        : this.#storage.encryptString(plain);
    return new Uint8Array(blob);
  }

  async decrypt(blob: Uint8Array): Promise<string> {
    const buffer = Buffer.from(blob);
    try {
      if (this.#async && this.#storage.decryptStringAsync !== undefined) {
        // `shouldReEncrypt` (a rotated key) needs no action: the next refresh saves a freshly encrypted blob.
        return (await this.#storage.decryptStringAsync(buffer)).result;
      }
      return this.#storage.decryptString(buffer);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isUndecryptableMessage(message)) {
        throw new UndecryptableError('The saved login was encrypted by another keyring.', { cause: error });
      }
      // Kept as a plain error: the vault keeps the blob for the next start.
      throw new Error(`The system keyring is not available yet: ${message}`, { cause: error });
    }
  }
}

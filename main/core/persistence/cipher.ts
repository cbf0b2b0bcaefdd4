/**
 * Encryption of the saved login. The vault only knows the TokenCipher
 * interface; the app injects one backed by Electron's safeStorage (the OS
 * keyring), and the Node preview/CLI, which has no keyring, uses AesGcmCipher
 * with a key file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Turns the serialised login into an opaque blob and back. Async because
 * Electron's safeStorage has async APIs.
 *
 * `decrypt` must throw UndecryptableError when the blob can never be read by
 * this cipher (tampered, other key, other format): the vault then discards it.
 * Any other error is taken as temporary (a locked keyring) and the blob is kept.
 */
export interface TokenCipher {
  /** Names the cipher (and key source) in the settings file, so a blob is only given to the cipher that wrote it. */
  readonly id: string;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(blob: Uint8Array): Promise<string>;
}

/** The blob cannot be decrypted by this cipher and never will be. */
export class UndecryptableError extends Error {
  override readonly name = 'UndecryptableError';
}

const VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * AES-256-GCM with a random 96-bit IV per message. Blob layout:
 * `version (1 byte) | iv (12) | tag (16) | ciphertext`. The version byte is
 * also authenticated (as AAD), so it cannot be swapped without detection.
 */
export class AesGcmCipher implements TokenCipher {
  readonly id = 'aes-256-gcm';
  readonly #key: Buffer;

  /** @param key 32 random bytes; copied, so the caller may wipe its buffer. */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key, got ${key.length}`);
    this.#key = Buffer.from(key);
  }

  /**
   * A cipher whose key lives in `keyPath`, created (32 random bytes, mode 0600,
   * in a directory made 0700) if missing. For the Node preview/CLI, where there
   * is no keyring: it keeps tokens out of casual reading, backups and synced
   * settings files that do not include the key file, but NOT from a local
   * attacker running as the user, who can read the key file as easily as the
   * settings file.
   */
  static async fromKeyFile(keyPath: string): Promise<AesGcmCipher> {
    return new AesGcmCipher(await readOrCreateKey(keyPath));
  }

  async encrypt(plain: string): Promise<Uint8Array> {
    const iv = randomBytes(IV_BYTES);
    const header = Uint8Array.of(VERSION);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(header);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
  }

  async decrypt(blob: Uint8Array): Promise<string> {
    if (blob.length < HEADER_BYTES) throw new UndecryptableError('The encrypted login is truncated.');
    if (blob[0] !== VERSION) throw new UndecryptableError(`Unknown encrypted-login format ${String(blob[0])}.`);
    const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.length);
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(bytes.subarray(0, 1));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      // GCM does not say which: a changed byte and a different key fail the same way.
      throw new UndecryptableError('The encrypted login was altered or made with another key.', { cause });
    }
  }
}

async function readOrCreateKey(keyPath: string): Promise<Buffer> {
  const existing = await readKey(keyPath);
  if (existing !== undefined && existing.length > 0) {
    await tightenMode(keyPath);
    return checkKey(existing, keyPath);
  }
  await fs.mkdir(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  // Written whole to a temp file, then linked into place: the key file either
  // does not exist or is complete, and link() fails if another process won the
  // race, in which case its key is the one to use.
  const temp = `${keyPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const key = randomBytes(KEY_BYTES);
  try {
    await fs.writeFile(temp, key, { mode: 0o600, flag: 'wx' });
    if (existing !== undefined) {
      // An empty key file (a crash before anything was written) never encrypted anything.
      await fs.rename(temp, keyPath);
      return key;
    }
    try {
      await fs.link(temp, keyPath);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return checkKey(await fs.readFile(keyPath), keyPath);
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function readKey(keyPath: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A key file copied around (or restored from a backup) may have lost its 0600. */
async function tightenMode(keyPath: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await fs.stat(keyPath);
  if ((mode & 0o077) !== 0) await fs.chmod(keyPath, 0o600);
}

function checkKey(key: Buffer, keyPath: string): Buffer {
  // Never replaced silently: a new key would make the saved login unreadable without saying why.
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The token key file ${keyPath} is damaged (${key.length} bytes, expected ${KEY_BYTES}). ` +
        'Delete it and log in again.',
    );
  }
  return key;
}

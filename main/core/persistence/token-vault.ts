/**
 * The saved Spotify login. Tokens reach the settings file only encrypted, as
 * base64 in `tokens`, with `tokenCipher` naming the cipher that wrote them. A
 * blob that can never be read again is removed and reported with a sentence
 * the user can act on; the other settings are left alone.
 */
import { isTokenSet, type TokenSet } from '../auth/token.ts';
import { silentLogger, type Logger } from '../log.ts';
import { UndecryptableError, type TokenCipher } from './cipher.ts';
import type { SettingsStore } from './store.ts';

/** What `load` found. */
export type VaultLoadResult =
  { status: 'none' } | { status: 'ok'; tokens: TokenSet } | { status: 'unreadable'; reason: string };

export interface TokenVaultOptions {
  store: SettingsStore;
  cipher: TokenCipher;
  logger?: Logger;
}

/** Shown when the keyring (or key file) that encrypted the login is not the one we have now. */
export const UNDECRYPTABLE_REASON =
  'Your saved Spotify login could not be decrypted (the system keyring may have changed). Log in again.';
/** Shown when the blob decrypted but does not hold a login. */
export const DAMAGED_REASON = 'Your saved Spotify login was damaged and has been removed. Log in again.';

/**
 * Encrypted storage of one TokenSet. Every operation runs after the previous
 * one has finished, so saves land in the order they were started and a load
 * never discards a blob that a concurrent save has just written.
 */
export class TokenVault {
  readonly #store: SettingsStore;
  readonly #cipher: TokenCipher;
  readonly #logger: Logger;
  // Never rejects: each caller gets its own result, the chain only orders them.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: TokenVaultOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Encrypts and saves `tokens`, replacing any saved login. */
  save(tokens: TokenSet): Promise<void> {
    return this.#enqueue(() => this.#save(tokens));
  }

  /**
   * Reads the saved login. Throws only when the cipher fails for a reason other
   * than UndecryptableError (e.g. a keyring that is not unlocked yet); the blob
   * is then kept for a later attempt.
   */
  load(): Promise<VaultLoadResult> {
    return this.#enqueue(() => this.#load());
  }

  /** Forgets the saved login (logout). */
  clear(): Promise<void> {
    return this.#enqueue(async () => this.#remove());
  }

  #enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #save(tokens: TokenSet): Promise<void> {
    if (!isTokenSet(tokens)) throw new TypeError('TokenVault.save: not a valid TokenSet');
    const blob = await this.#cipher.encrypt(JSON.stringify(pick(tokens)));
    const encoded = Buffer.from(blob).toString('base64');
    if (this.#store.get('tokenCipher') !== this.#cipher.id) {
      // Two writes: drop the old blob before relabelling it, so a crash in
      // between leaves no login rather than an old blob under the wrong cipher.
      this.#store.delete('tokens');
      this.#store.set('tokenCipher', this.#cipher.id);
    }
    this.#store.set('tokens', encoded);
  }

  async #load(): Promise<VaultLoadResult> {
    const encoded = this.#store.get('tokens');
    const cipherId = this.#store.get('tokenCipher');
    if (encoded === undefined) {
      if (cipherId !== undefined) this.#store.delete('tokenCipher');
      return { status: 'none' };
    }
    if (cipherId !== this.#cipher.id) {
      return this.#discard('written by another cipher', UNDECRYPTABLE_REASON, { saved: cipherId ?? null });
    }
    let plain: string;
    try {
      plain = await this.#cipher.decrypt(Buffer.from(encoded, 'base64'));
    } catch (error) {
      if (!(error instanceof UndecryptableError)) throw error;
      return this.#discard('undecryptable', UNDECRYPTABLE_REASON, { error: error.message });
    }
    let value: unknown;
    try {
      value = JSON.parse(plain);
    } catch {
      return this.#discard('not JSON after decryption', DAMAGED_REASON);
    }
    if (!isTokenSet(value)) return this.#discard('not a token set', DAMAGED_REASON);
    return { status: 'ok', tokens: pick(value) };
  }

  #discard(why: string, reason: string, detail: Record<string, unknown> = {}): VaultLoadResult {
    // The blob itself is never logged, only why it was dropped.
    this.#logger.warn(`Saved login discarded: ${why}`, { cipher: this.#cipher.id, ...detail });
    this.#remove();
    return { status: 'unreadable', reason };
  }

  #remove(): void {
    this.#store.delete('tokens');
    this.#store.delete('tokenCipher');
  }
}

/** Exactly the TokenSet fields, so nothing else rides along into the file or back out of it. */
function pick(tokens: TokenSet): TokenSet {
  const { accessToken, refreshToken, expiresAt, scopes, authorizedAt } = tokens;
  return { accessToken, refreshToken, expiresAt, scopes: [...scopes], authorizedAt };
}

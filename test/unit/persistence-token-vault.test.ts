import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { TokenSet } from '../../main/core/auth/token.ts';
import { createLogger } from '../../main/core/log.ts';
import { AesGcmCipher, type TokenCipher } from '../../main/core/persistence/cipher.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore, type SettingsStore } from '../../main/core/persistence/store.ts';
import { DAMAGED_REASON, TokenVault, UNDECRYPTABLE_REASON } from '../../main/core/persistence/token-vault.ts';

const TOKENS: TokenSet = {
  accessToken: 'BQDaccess-token-in-clear-0123456789',
  refreshToken: 'AQCrefresh-token-in-clear-9876543210',
  expiresAt: 1_800_000_000_000,
  scopes: ['user-read-playback-state', 'user-modify-playback-state'],
  authorizedAt: 1_700_000_000_000,
};

let dir: string;
let store: SettingsStore;
let logLines: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-vault-'));
  store = openStore(nodeStoreFactory, storeOptions({ cwd: dir })).store;
  logLines = [];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const logger = createLogger((_level, line) => logLines.push(line));
const vaultWith = (cipher: TokenCipher): TokenVault => new TokenVault({ store, cipher, logger });
const newCipher = (): AesGcmCipher => new AesGcmCipher(randomBytes(32));
const rawFile = (): string => fs.readFileSync(store.path, 'utf8');
const fileJson = (): Record<string, unknown> => JSON.parse(rawFile()) as Record<string, unknown>;

/** Wraps a cipher; `encrypt` of a given plaintext can be held until released. */
function gatedCipher(inner: TokenCipher, holdWhen: (plain: string) => boolean) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const cipher: TokenCipher = {
    id: inner.id,
    async encrypt(plain) {
      if (holdWhen(plain)) await gate;
      return inner.encrypt(plain);
    },
    decrypt: (blob) => inner.decrypt(blob),
  };
  return { cipher, release: () => release() };
}

describe('TokenVault', () => {
  it('loads nothing from a fresh store', async () => {
    expect(await vaultWith(newCipher()).load()).toEqual({ status: 'none' });
  });

  it('round-trips a TokenSet, also through a reopened store', async () => {
    const cipher = newCipher();
    await vaultWith(cipher).save(TOKENS);
    expect(await vaultWith(cipher).load()).toEqual({ status: 'ok', tokens: TOKENS });
    store = openStore(nodeStoreFactory, storeOptions({ cwd: dir })).store;
    expect(await vaultWith(cipher).load()).toEqual({ status: 'ok', tokens: TOKENS });
  });

  it('never writes a token in clear: the file holds only base64 ciphertext and the cipher id', async () => {
    const cipher = newCipher();
    await vaultWith(cipher).save(TOKENS);
    const raw = rawFile();
    for (const secret of [TOKENS.accessToken, TOKENS.refreshToken]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(Buffer.from(secret).toString('base64'));
    }
    const saved = fileJson();
    expect(saved['tokenCipher']).toBe('aes-256-gcm');
    expect(saved['tokens']).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const blob = Buffer.from(String(saved['tokens']), 'base64');
    expect(blob.includes(TOKENS.accessToken)).toBe(false);
    expect(JSON.parse(await cipher.decrypt(blob))).toEqual(TOKENS);
  });

  it('stores exactly the TokenSet fields', async () => {
    const cipher = newCipher();
    await vaultWith(cipher).save({ ...TOKENS, extra: 'do not persist' } as TokenSet);
    const blob = Buffer.from(String(fileJson()['tokens']), 'base64');
    expect(Object.keys(JSON.parse(await cipher.decrypt(blob)) as object).sort()).toEqual(Object.keys(TOKENS).sort());
  });

  it('refuses to save something that is not a TokenSet, writing nothing', async () => {
    const vault = vaultWith(newCipher());
    await expect(vault.save({ ...TOKENS, accessToken: '' })).rejects.toThrow(TypeError);
    expect(fileJson()).toEqual({ preferences: {} });
  });

  it('clear() leaves neither a token nor a blob in the file, and keeps other settings', async () => {
    store.set('clientId', 'abc');
    const vault = vaultWith(newCipher());
    await vault.save(TOKENS);
    await vault.clear();
    expect(fileJson()).toEqual({ clientId: 'abc', preferences: {} });
    expect(rawFile()).not.toContain(TOKENS.accessToken);
    expect(await vault.load()).toEqual({ status: 'none' });
  });

  it('reports a blob from another key as unreadable, deletes it and keeps the settings', async () => {
    store.set('clientId', 'abc');
    store.set('redirectUri', 'http://127.0.0.1:8888/callback');
    await vaultWith(newCipher()).save(TOKENS);

    const result = await vaultWith(newCipher()).load();

    expect(result).toEqual({ status: 'unreadable', reason: UNDECRYPTABLE_REASON });
    expect(UNDECRYPTABLE_REASON).toMatch(/Log in again/);
    expect(fileJson()).toEqual({ clientId: 'abc', redirectUri: 'http://127.0.0.1:8888/callback', preferences: {} });
    expect(logLines.join('\n')).toMatch(/discarded: undecryptable/);
  });

  it('reports a blob tampered with on disk as unreadable', async () => {
    const cipher = newCipher();
    await vaultWith(cipher).save(TOKENS);
    const blob = Buffer.from(String(fileJson()['tokens']), 'base64');
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0xff;
    store.set('tokens', blob.toString('base64'));
    expect(await vaultWith(cipher).load()).toMatchObject({ status: 'unreadable' });
    expect(store.get('tokens')).toBeUndefined();
  });

  it('does not hand a blob to a cipher other than the one that wrote it', async () => {
    const key = randomBytes(32);
    await vaultWith(new AesGcmCipher(key)).save(TOKENS);
    const decrypted: Uint8Array[] = [];
    const impostor: TokenCipher = {
      id: 'safe-storage',
      encrypt: (plain) => new AesGcmCipher(key).encrypt(plain),
      decrypt: (blob) => {
        decrypted.push(blob);
        return new AesGcmCipher(key).decrypt(blob);
      },
    };
    expect(await vaultWith(impostor).load()).toEqual({ status: 'unreadable', reason: UNDECRYPTABLE_REASON });
    expect(decrypted).toEqual([]);
    expect(store.get('tokens')).toBeUndefined();
    expect(store.get('tokenCipher')).toBeUndefined();
  });

  it.each([
    ['not JSON', 'this is not json'],
    ['not a TokenSet', JSON.stringify({ accessToken: 'x' })],
  ])('reports a blob that decrypts to %s as damaged and deletes it', async (_what, plain) => {
    const cipher = newCipher();
    store.set('tokens', Buffer.from(await cipher.encrypt(plain)).toString('base64'));
    store.set('tokenCipher', cipher.id);
    expect(await vaultWith(cipher).load()).toEqual({ status: 'unreadable', reason: DAMAGED_REASON });
    expect(store.get('tokens')).toBeUndefined();
  });

  it('keeps the blob when the cipher fails for another reason (e.g. a locked keyring)', async () => {
    const cipher = newCipher();
    await vaultWith(cipher).save(TOKENS);
    const locked: TokenCipher = {
      id: cipher.id,
      encrypt: (plain) => cipher.encrypt(plain),
      decrypt: () => Promise.reject(new Error('keyring is locked')),
    };
    await expect(vaultWith(locked).load()).rejects.toThrow('keyring is locked');
    expect(await vaultWith(cipher).load()).toEqual({ status: 'ok', tokens: TOKENS });
  });

  it('serialises saves: the save started last wins even when the first one is slower', async () => {
    const { cipher, release } = gatedCipher(newCipher(), (plain) => plain.includes('first'));
    const vault = vaultWith(cipher);
    const finished: string[] = [];
    const first = vault.save({ ...TOKENS, accessToken: 'first' }).then(() => finished.push('first'));
    const second = vault.save({ ...TOKENS, accessToken: 'second' }).then(() => finished.push('second'));
    // Let the second save run if it were not queued behind the first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([first, second]);
    expect(finished).toEqual(['first', 'second']);
    expect(await vault.load()).toMatchObject({ status: 'ok', tokens: { accessToken: 'second' } });
  });

  it('keeps working after a failed save', async () => {
    const cipher = newCipher();
    const failing: TokenCipher = {
      id: cipher.id,
      encrypt: () => Promise.reject(new Error('encrypt failed')),
      decrypt: (blob) => cipher.decrypt(blob),
    };
    const vault = vaultWith(failing);
    await expect(vault.save(TOKENS)).rejects.toThrow('encrypt failed');
    expect(await vault.load()).toEqual({ status: 'none' });
  });

  it('never logs a token', async () => {
    await vaultWith(newCipher()).save(TOKENS);
    await vaultWith(newCipher()).load();
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('\n');
    expect(log).not.toContain(TOKENS.accessToken);
    expect(log).not.toContain(TOKENS.refreshToken);
  });
});

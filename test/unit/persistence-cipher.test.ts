import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AesGcmCipher, UndecryptableError } from '../../main/core/persistence/cipher.ts';

const isPosix = process.platform !== 'win32';
const PLAIN = '{"accessToken":"BQD-secret-access","refreshToken":"AQC-secret-refresh"}';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-cipher-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const flip = (blob: Uint8Array, index: number): Uint8Array => {
  const copy = Uint8Array.from(blob);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

describe('AesGcmCipher', () => {
  it('round-trips text, including non-ASCII', async () => {
    const cipher = new AesGcmCipher(randomBytes(32));
    const text = `${PLAIN} – Björk ♫`;
    expect(await cipher.decrypt(await cipher.encrypt(text))).toBe(text);
  });

  it('writes version 1 | 12-byte IV | 16-byte tag | ciphertext, with a fresh IV each time', async () => {
    const cipher = new AesGcmCipher(randomBytes(32));
    const a = await cipher.encrypt(PLAIN);
    const b = await cipher.encrypt(PLAIN);
    expect(a[0]).toBe(1);
    expect(a.length).toBe(1 + 12 + 16 + Buffer.byteLength(PLAIN));
    expect(Buffer.from(a.subarray(1, 13)).equals(Buffer.from(b.subarray(1, 13)))).toBe(false);
    expect(Buffer.from(a).includes('secret')).toBe(false);
  });

  it('accepts a blob that is a view into a larger buffer', async () => {
    const cipher = new AesGcmCipher(randomBytes(32));
    const blob = await cipher.encrypt(PLAIN);
    const padded = new Uint8Array(blob.length + 10);
    padded.set(blob, 5);
    expect(await cipher.decrypt(padded.subarray(5, 5 + blob.length))).toBe(PLAIN);
  });

  it.each([
    ['the version byte', 0],
    ['the IV', 5],
    ['the tag', 20],
    ['the ciphertext', 40],
  ])('throws UndecryptableError when %s is tampered with', async (_what, index) => {
    const cipher = new AesGcmCipher(randomBytes(32));
    const blob = await cipher.encrypt(PLAIN);
    await expect(cipher.decrypt(flip(blob, index))).rejects.toBeInstanceOf(UndecryptableError);
  });

  it('throws UndecryptableError for another key, a truncated blob and an empty one', async () => {
    const blob = await new AesGcmCipher(randomBytes(32)).encrypt(PLAIN);
    const other = new AesGcmCipher(randomBytes(32));
    await expect(other.decrypt(blob)).rejects.toBeInstanceOf(UndecryptableError);
    await expect(other.decrypt(blob.subarray(0, 20))).rejects.toBeInstanceOf(UndecryptableError);
    await expect(other.decrypt(new Uint8Array())).rejects.toBeInstanceOf(UndecryptableError);
    await expect(other.decrypt(blob)).rejects.toMatchObject({ name: 'UndecryptableError' });
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmCipher(randomBytes(16))).toThrow(RangeError);
  });

  it('keeps its own copy of the key', async () => {
    const key = randomBytes(32);
    const cipher = new AesGcmCipher(key);
    const blob = await cipher.encrypt(PLAIN);
    key.fill(0);
    expect(await cipher.decrypt(blob)).toBe(PLAIN);
  });
});

describe('AesGcmCipher.fromKeyFile', () => {
  const keyPath = (): string => path.join(dir, 'nested', 'token.key');

  it('creates a 32-byte key file (0600, in a 0700 directory) and reuses it', async () => {
    const first = await AesGcmCipher.fromKeyFile(keyPath());
    const key = fs.readFileSync(keyPath());
    expect(key.length).toBe(32);
    if (isPosix) {
      expect(fs.statSync(keyPath()).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(keyPath())).mode & 0o777).toBe(0o700);
    }
    const blob = await first.encrypt(PLAIN);
    const second = await AesGcmCipher.fromKeyFile(keyPath());
    expect(fs.readFileSync(keyPath()).equals(key)).toBe(true);
    expect(await second.decrypt(blob)).toBe(PLAIN);
    expect(fs.readdirSync(path.dirname(keyPath()))).toEqual(['token.key']);
  });

  it('gives every concurrent caller the same key', async () => {
    const ciphers = await Promise.all(Array.from({ length: 5 }, () => AesGcmCipher.fromKeyFile(keyPath())));
    const blob = await ciphers[0]?.encrypt(PLAIN);
    for (const cipher of ciphers) expect(await cipher.decrypt(blob ?? new Uint8Array())).toBe(PLAIN);
    expect(fs.readdirSync(path.dirname(keyPath()))).toEqual(['token.key']);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    fs.mkdirSync(path.dirname(keyPath()));
    fs.writeFileSync(keyPath(), 'too short');
    await expect(AesGcmCipher.fromKeyFile(keyPath())).rejects.toThrow(/damaged/);
    expect(fs.readFileSync(keyPath(), 'utf8')).toBe('too short');
  });

  it('replaces an empty key file, which cannot have encrypted anything', async () => {
    fs.mkdirSync(path.dirname(keyPath()));
    fs.writeFileSync(keyPath(), '');
    await AesGcmCipher.fromKeyFile(keyPath());
    expect(fs.readFileSync(keyPath()).length).toBe(32);
  });

  it.skipIf(!isPosix)('tightens a key file that was made readable by others', async () => {
    fs.mkdirSync(path.dirname(keyPath()));
    fs.writeFileSync(keyPath(), randomBytes(32), { mode: 0o644 });
    fs.chmodSync(keyPath(), 0o644);
    await AesGcmCipher.fromKeyFile(keyPath());
    expect(fs.statSync(keyPath()).mode & 0o777).toBe(0o600);
  });
});

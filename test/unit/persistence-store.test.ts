import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../main/core/log.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore, type OpenedStore } from '../../main/core/persistence/store.ts';

const isPosix = process.platform !== 'win32';
const FIXED_NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const settingsPath = (): string => path.join(dir, 'settings.json');
const open = (logLines: string[] = []): OpenedStore =>
  openStore(nodeStoreFactory, storeOptions({ cwd: dir }), {
    now: () => FIXED_NOW,
    logger: createLogger((_level, line) => logLines.push(line)),
  });
const mode = (file: string): number => fs.statSync(file).mode & 0o777;
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('openStore: a healthy file', () => {
  it('creates settings.json in cwd with the defaults and no recovery', () => {
    const { store, recovered } = open();
    expect(recovered).toBeUndefined();
    expect(store.path).toBe(settingsPath());
    expect(readJson(settingsPath())).toEqual({ preferences: {} });
    expect(store.get('preferences')).toEqual({});
    expect(store.get('clientId')).toBeUndefined();
  });

  it('reads back what it wrote after reopening', () => {
    open().store.set('clientId', 'abc');
    expect(open().store.get('clientId')).toBe('abc');
  });

  it('deletes a key from the file', () => {
    const { store } = open();
    store.set('redirectUri', 'http://127.0.0.1:8888/callback');
    store.delete('redirectUri');
    expect(readJson(settingsPath())).toEqual({ preferences: {} });
  });

  it('refuses a value the schema rejects and leaves the file as it was', () => {
    const { store } = open();
    store.set('clientId', 'abc');
    const before = fs.readFileSync(settingsPath(), 'utf8');
    expect(() => store.set('tokens', 'not base64 !!')).toThrow(/schema/i);
    expect(fs.readFileSync(settingsPath(), 'utf8')).toBe(before);
  });

  it('honours configName', () => {
    const { store } = openStore(nodeStoreFactory, storeOptions({ cwd: dir, configName: 'other' }));
    expect(store.path).toBe(path.join(dir, 'other.json'));
  });
});

describe.skipIf(!isPosix)('openStore: file mode', () => {
  it('is 0600 from creation and stays 0600 after later writes', () => {
    const { store } = open();
    expect(mode(settingsPath())).toBe(0o600);
    store.set('clientId', 'abc');
    expect(mode(settingsPath())).toBe(0o600);
    store.delete('clientId');
    expect(mode(settingsPath())).toBe(0o600);
  });

  it('puts 0600 back on the next write when the file was loosened', () => {
    const { store } = open();
    fs.chmodSync(settingsPath(), 0o644);
    store.set('clientId', 'abc');
    expect(mode(settingsPath())).toBe(0o600);
  });
});

describe('openStore: atomic writes', () => {
  it.skipIf(!isPosix)('replaces the file by rename (new inode), never rewriting it in place', () => {
    const { store } = open();
    const before = fs.statSync(settingsPath()).ino;
    store.set('clientId', 'abc');
    expect(fs.statSync(settingsPath()).ino).not.toBe(before);
  });

  it('ignores a stray temp file from a write that was killed, and keeps the real file intact', () => {
    open().store.set('clientId', 'abc');
    const intact = fs.readFileSync(settingsPath(), 'utf8');
    // What atomically's temp file would hold if the process died mid-write.
    const stray = `${settingsPath()}.tmp-1767323045abc123`;
    fs.writeFileSync(stray, '{"clientId": "half-writ', { mode: 0o600 });

    const { store, recovered } = open();
    expect(recovered).toBeUndefined();
    expect(store.get('clientId')).toBe('abc');
    expect(fs.readFileSync(settingsPath(), 'utf8')).toBe(intact);

    store.set('clientId', 'def');
    expect(readJson(settingsPath())).toEqual({ clientId: 'def', preferences: {} });
    expect(fs.readFileSync(stray, 'utf8')).toBe('{"clientId": "half-writ');
  });
});

describe('openStore: a damaged file', () => {
  it('sets corrupt JSON aside byte for byte, opens a fresh store and explains', () => {
    const garbage = '{"clientId": "abc", "tokens": "QUJD'; // cut off mid-write
    fs.writeFileSync(settingsPath(), garbage, { mode: 0o600 });
    const logLines: string[] = [];

    const { store, recovered } = open(logLines);

    const backupPath = path.join(dir, 'settings.corrupt-2026-01-02T03-04-05-678Z.json');
    expect(recovered?.backupPath).toBe(backupPath);
    expect(fs.readFileSync(backupPath, 'utf8')).toBe(garbage);
    if (isPosix) expect(mode(backupPath)).toBe(0o600);
    expect(recovered?.reason).toMatch(/could not be read/);
    expect(recovered?.reason).toMatch(/Client ID/);
    expect(recovered?.reason).toMatch(/log in again/);
    expect(recovered?.reason).toContain(backupPath);
    expect(recovered?.kept).toEqual([]);
    expect(readJson(settingsPath())).toEqual({ preferences: {} });
    expect(store.get('clientId')).toBeUndefined();
    store.set('clientId', 'new');
    expect(store.get('clientId')).toBe('new');
    // Logged, without any of the file's content.
    expect(logLines.join('\n')).toContain(backupPath);
    expect(logLines.join('\n')).not.toContain('QUJD');
  });

  it('treats an empty file (crash on a non-atomic filesystem) as damaged', () => {
    fs.writeFileSync(settingsPath(), '');
    const { recovered } = open();
    expect(recovered).toBeDefined();
    expect(fs.readFileSync(recovered?.backupPath ?? '', 'utf8')).toBe('');
  });

  it('keeps the settings that are still readable from a schema-invalid file', () => {
    const original = JSON.stringify({
      clientId: '0123456789abcdef0123456789abcdef',
      redirectUri: 'http://127.0.0.1:8888/callback',
      tokens: 'this is not base64 at all!',
      tokenCipher: 'aes-256-gcm',
      preferences: { theme: 'dark' },
      fromNewerVersion: 42,
    });
    fs.writeFileSync(settingsPath(), original, { mode: 0o600 });

    const { store, recovered } = open();

    expect(recovered).toBeDefined();
    expect(fs.readFileSync(recovered?.backupPath ?? '', 'utf8')).toBe(original);
    expect(store.get('clientId')).toBe('0123456789abcdef0123456789abcdef');
    expect(store.get('redirectUri')).toBe('http://127.0.0.1:8888/callback');
    expect(store.get('tokens')).toBeUndefined();
    expect(store.get('tokenCipher')).toBe('aes-256-gcm');
    expect(readJson(settingsPath())).toMatchObject({ preferences: { theme: 'dark' }, fromNewerVersion: 42 });
    expect(recovered?.kept).toEqual(
      expect.arrayContaining(['clientId', 'redirectUri', 'tokenCipher', 'preferences', 'fromNewerVersion']),
    );
    expect(recovered?.kept).not.toContain('tokens');
    expect(recovered?.reason).toMatch(/Spotify login/);
    expect(recovered?.reason).toMatch(/log in again/);
    expect(recovered?.reason).not.toMatch(/Client ID again/);
  });

  it('says the Client ID must be entered again when that is what was unreadable', () => {
    fs.writeFileSync(settingsPath(), JSON.stringify({ clientId: 12345, preferences: {} }));
    const { store, recovered } = open();
    expect(store.get('clientId')).toBeUndefined();
    expect(recovered?.reason).toMatch(/enter your Spotify Client ID again/);
  });

  it('replaces an unreadable preferences object by its default, keeping what it can', () => {
    fs.writeFileSync(settingsPath(), JSON.stringify({ clientId: 'abc', preferences: 'dark mode' }));
    const { store, recovered } = open();
    expect(store.get('clientId')).toBe('abc');
    expect(store.get('preferences')).toEqual({});
    expect(recovered?.reason).toMatch(/preferences/);
  });

  it('never overwrites an earlier backup made in the same millisecond', () => {
    fs.writeFileSync(settingsPath(), 'first');
    const first = open().recovered?.backupPath;
    fs.writeFileSync(settingsPath(), 'second');
    const second = open().recovered?.backupPath;
    expect(second).not.toBe(first);
    expect(fs.readFileSync(first ?? '', 'utf8')).toBe('first');
    expect(fs.readFileSync(second ?? '', 'utf8')).toBe('second');
  });

  it('throws, and sets nothing aside, when the file cannot be read at all', () => {
    // A directory where the file should be: EISDIR, not damage that moving it would fix.
    fs.mkdirSync(settingsPath());
    expect(() => open()).toThrow();
    expect(fs.statSync(settingsPath()).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });
});

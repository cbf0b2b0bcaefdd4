/**
 * The Electron adapter, run against the electron test double (vitest aliases
 * `electron` to test/doubles/electron.ts) and the real electron-store.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import electron from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AesGcmCipher } from '../../main/core/persistence/cipher.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore } from '../../main/core/persistence/store.ts';
import { TokenVault } from '../../main/core/persistence/token-vault.ts';
import { openAppStore } from '../../main/electron/store.ts';
import * as double from '../doubles/electron.ts';

const isPosix = process.platform !== 'win32';
const ACCESS = 'BQDelectron-access-token-0123456789';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traytune-electron-store-'));
  double.resetElectronDouble();
  double.app.setPath('userData', path.join(dir, 'userData'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openAppStore', () => {
  it('runs against the electron test double, not Electron', () => {
    expect(electron.app).toBe(double.app);
  });

  it('writes settings.json in the given cwd with mode 0600, in the Node store format', async () => {
    const cwd = path.join(dir, 'app');
    const { store, recovered } = openAppStore({ cwd });
    expect(recovered).toBeUndefined();
    expect(store.path).toBe(path.join(cwd, 'settings.json'));
    if (isPosix) expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);

    const cipher = new AesGcmCipher(randomBytes(32));
    store.set('clientId', 'abc');
    await new TokenVault({ store, cipher }).save({
      accessToken: ACCESS,
      refreshToken: 'AQCrefresh',
      expiresAt: 1,
      scopes: [],
      authorizedAt: 0,
    });
    if (isPosix) expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);
    const raw = fs.readFileSync(store.path, 'utf8');
    expect(raw).not.toContain(ACCESS);
    expect(Object.keys(JSON.parse(raw) as object).sort()).toEqual(['clientId', 'preferences', 'tokenCipher', 'tokens']);

    // The Node store reads what the Electron store wrote, and vice versa: one format.
    const nodeStore = openStore(nodeStoreFactory, storeOptions({ cwd })).store;
    expect(nodeStore.get('clientId')).toBe('abc');
    const loaded = await new TokenVault({ store: nodeStore, cipher }).load();
    expect(loaded).toMatchObject({ status: 'ok', tokens: { accessToken: ACCESS } });
    nodeStore.set('redirectUri', 'http://127.0.0.1:8888/callback');
    expect(openAppStore({ cwd }).store.get('redirectUri')).toBe('http://127.0.0.1:8888/callback');
  });

  it("uses Electron's userData dir when no cwd is given", () => {
    const { store } = openAppStore();
    expect(store.path).toBe(path.join(dir, 'userData', 'settings.json'));
    expect(fs.existsSync(store.path)).toBe(true);
  });

  it('keeps the configName (electron-store calls it name and would default it to config)', () => {
    const { store } = openAppStore({ cwd: dir, configName: 'other' });
    expect(store.path).toBe(path.join(dir, 'other.json'));
  });

  it('recovers a damaged file in the userData dir the same way as the Node store', () => {
    const userData = path.join(dir, 'userData');
    fs.mkdirSync(userData);
    fs.writeFileSync(path.join(userData, 'settings.json'), '{"clientId": "abc", "tokens": 7}');
    const { store, recovered } = openAppStore({}, { now: () => 0 });
    expect(recovered?.backupPath).toBe(path.join(userData, 'settings.corrupt-1970-01-01T00-00-00-000Z.json'));
    expect(fs.readFileSync(recovered?.backupPath ?? '', 'utf8')).toBe('{"clientId": "abc", "tokens": 7}');
    expect(store.get('clientId')).toBe('abc');
    expect(store.get('tokens')).toBeUndefined();
  });

  it('registers electron-store with ipcMain once, as in the main process', () => {
    openAppStore({ cwd: dir });
    openAppStore({ cwd: dir });
    expect(double.ipcMain.listenerCount('electron-store-get-data')).toBe(1);
    // electron-store answers the renderer with the app data of its first construction in this module instance.
    expect(double.emitIpc('electron-store-get-data')).toMatchObject({ appVersion: '0.0.0-test' });
  });
});

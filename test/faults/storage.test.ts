/**
 * Fault matrix, the settings file: garbage, a partly damaged file, a login
 * encrypted under another key, and a write that was killed half way.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { startFakeSpotify } from '../fake-spotify/index.ts';
import { describeState, verdict, type FaultCore } from '../support/faults-harness.ts';
import { faultCore, onCleanup } from './fault-setup.ts';

/** Logs in once, stops that "app", and hands back what a restart needs. */
async function previousRun(): Promise<{ first: FaultCore; restart: (key?: Buffer) => Promise<FaultCore> }> {
  const fake = await startFakeSpotify();
  onCleanup(() => fake.close());
  const first = await faultCore({ fake });
  await first.logIn();
  await first.core.dispose();
  return {
    first,
    restart: (key) => faultCore({ fake, dataDir: first.dataDir, key: key ?? first.key }),
  };
}

describe('storage faults', () => {
  it('corrupt store file (garbage): set aside, explained, fresh start works', async () => {
    const { first, restart } = await previousRun();
    await writeFile(join(first.dataDir, 'settings.json'), '\u0000{{{ not json at all');
    const h = await restart();
    expect(h.recovered?.backupPath).toMatch(/settings\.corrupt-.*\.json$/);
    await h.core.start();
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('store-unreadable');
    // The damaged file is kept; a new login works on the fresh file.
    await h.core.login();
    expect((await h.consent('agree')).status).toBe(200);
    await h.waitForScreen('logged-in');
    await verdict(h, 'kept', `${describeState(state)}, then a new login worked`);
  });

  it('partly damaged store file: the readable login is carried over', async () => {
    const { first, restart } = await previousRun();
    const path = join(first.dataDir, 'settings.json');
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...parsed, redirectUri: 42, preferences: 'broken' }));
    const h = await restart();
    expect(h.recovered?.kept).toContain('tokens');
    await h.core.start();
    const state = await h.waitForScreen('logged-in', (s) => s.user !== null);
    await verdict(h, 'kept', `schema-invalid file set aside, ${describeState(state)}`);
  });

  it('undecryptable token blob (keyring changed): asks to log in again, settings kept', async () => {
    const { restart } = await previousRun();
    const h = await restart(randomBytes(32));
    await h.core.start();
    const state = await h.waitForScreen('logged-out');
    expect(state.notice?.reason).toBe('store-unreadable');
    expect(state.notice?.message).toMatch(/could not be decrypted/);
    await verdict(h, 'gone', describeState(state));
  });

  it('process killed mid-write: stray temp files are ignored, the real file loads', async () => {
    const { first, restart } = await previousRun();
    const path = join(first.dataDir, 'settings.json');
    const text = await readFile(path, 'utf8');
    // What atomically leaves behind when killed between write and rename: a truncated temp file.
    await writeFile(`${path}.tmp-1767225600a1b2c3`, text.slice(0, Math.floor(text.length / 2)));
    await writeFile(`${path}.tmp-1767225601d4e5f6`, '');
    const h = await restart();
    expect(h.recovered).toBeUndefined();
    await h.core.start();
    const state = await h.waitForScreen('logged-in', (s) => s.user !== null);
    // The next real write (a refresh) still lands in settings.json.
    h.fake.expireAccessTokens();
    await h.waitForScreen('logged-in', () => h.fake.refreshCount > 0 && h.storeEvents.some((e) => e.key === 'tokens'));
    expect((await readdir(first.dataDir)).filter((n) => n.startsWith('settings.json.tmp-'))).toHaveLength(2);
    await verdict(h, 'kept', `2 stray temp files, ${describeState(state)}, refresh saved`);
  });

  it('restart with an intact store: login restored without a browser', async () => {
    const { restart } = await previousRun();
    const h = await restart();
    await h.core.start();
    const state = await h.waitForScreen('logged-in', (s) => s.user !== null);
    expect(h.opened).toEqual([]);
    await verdict(h, 'kept', describeState(state));
  });
});

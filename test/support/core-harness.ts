/**
 * A TraytuneCore wired exactly as the apps wire it — real conf store in a
 * temp dir, real AES-GCM cipher, real undici, real callback server — and
 * pointed at a fake Spotify on 127.0.0.1. The browser opener only records
 * the URL; the test plays the browser (over HTTP, or with Playwright).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { AppState } from '../../main/core/app-state.ts';
import type { Clock } from '../../main/core/clock.ts';
import { createLogger, type LogLevel } from '../../main/core/log.ts';
import { AesGcmCipher } from '../../main/core/persistence/cipher.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import { nodeStoreFactory, openStore, type SettingsStore } from '../../main/core/persistence/store.ts';
import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import { TraytuneCore } from '../../main/core/traytune-core.ts';
import { startFakeSpotify, type FakeOptions, type FakeSpotify } from '../fake-spotify/index.ts';
import { waitFor } from './wait-for.ts';

export const CLIENT_ID = '0123456789abcdef0123456789abcdef';
export const CLIENT_SECRET = 'fedcba9876543210fedcba9876543210';
/** Port-less loopback registration: each login picks a free port, so parallel tests never collide. */
export const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface HarnessOptions {
  secret?: boolean;
  redirectUri?: string;
  registeredRedirectUris?: string[];
  fake?: FakeOptions;
  clock?: Clock;
  pollIntervalMs?: number;
  /** Reuse a data directory (to restart the "app" over the same files). */
  dataDir?: string;
  key?: Buffer;
}

export interface Harness {
  core: TraytuneCore;
  fake: FakeSpotify;
  store: SettingsStore;
  dataDir: string;
  key: Buffer;
  /** Authorize URLs the core asked the browser to open. */
  opened: string[];
  /** Every log line, after redaction, as the app would write it. */
  logs: string[];
  states: AppState[];
  /** Plays the browser: consent on the fake, then follow the redirect to the callback server. */
  consentAndReturn(
    decision: 'agree' | 'cancel',
    authorizeUrl?: string,
  ): Promise<{ status: number; body: string; url: URL }>;
  waitForScreen<S extends AppState['screen']>(
    screen: S,
    what?: (state: Extract<AppState, { screen: S }>) => boolean,
  ): Promise<Extract<AppState, { screen: S }>>;
  settingsFileText(): Promise<string>;
  /** Disposes the core and stops the fake; removes the data dir unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}, existingFake?: FakeSpotify): Promise<Harness> {
  const fake = existingFake ?? (await startFakeSpotify(options.fake));
  const redirectUri = options.redirectUri ?? REDIRECT_URI;
  fake.registerClient({
    clientId: CLIENT_ID,
    ...(options.secret === true ? { clientSecret: CLIENT_SECRET } : {}),
    redirectUris: options.registeredRedirectUris ?? [redirectUri],
    name: 'Traytune test',
  });
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'traytune-it-')));
  const key = options.key ?? randomBytes(32);
  const { store } = openStore(nodeStoreFactory, storeOptions({ cwd: dataDir }));
  const logs: string[] = [];
  const logger = createLogger((level: LogLevel, line: string) => logs.push(`${level} ${line}`), 'test');
  const opened: string[] = [];
  const states: AppState[] = [];
  const env: Record<string, string> = {
    SPOTIFY_CLIENT_ID: CLIENT_ID,
    SPOTIFY_REDIRECT_URI: redirectUri,
    TRAYTUNE_ACCOUNTS_URL: fake.accountsUrl,
    TRAYTUNE_API_URL: fake.apiUrl,
    ...(options.secret === true ? { SPOTIFY_CLIENT_SECRET: CLIENT_SECRET } : {}),
  };
  const core = new TraytuneCore({
    env,
    store,
    cipher: new AesGcmCipher(key),
    logger,
    // No proxy from the environment may sit between the tests and the fake.
    dispatcher: createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' }),
    openExternal: async (url) => {
      opened.push(url);
    },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    pollIntervalMs: options.pollIntervalMs ?? 200,
  });
  core.subscribe((state) => states.push(state));

  const harness: Harness = {
    core,
    fake,
    store,
    dataDir,
    key,
    opened,
    logs,
    states,
    async consentAndReturn(decision, authorizeUrl) {
      const url = await fake.consent(authorizeUrl ?? lastOf(opened), decision);
      const response = await fetch(url, { redirect: 'manual' });
      return { status: response.status, body: await response.text(), url };
    },
    async waitForScreen(screen, what) {
      type Wanted = Extract<AppState, { screen: typeof screen }>;
      await waitFor(
        () => core.state.screen === screen && (what === undefined || what(core.state as Wanted)),
        `screen ${screen}`,
      );
      return core.state as Wanted;
    },
    settingsFileText: () => readFile(store.path, 'utf8'),
    async close(closeOptions) {
      await core.dispose();
      if (existingFake === undefined) await fake.close();
      if (closeOptions?.keepData !== true) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

function lastOf(list: string[]): string {
  const last = list.at(-1);
  if (last === undefined) throw new Error('the core has not opened any authorize URL yet');
  return last;
}

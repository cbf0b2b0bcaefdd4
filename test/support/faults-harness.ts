/**
 * The fault matrix's own core builder. Like core-harness.ts (real conf store
 * in a temp dir, AES-GCM, undici, the real callback server, the fake Spotify
 * on 127.0.0.1) but every platform seam a fault needs is open: the accounts
 * and API URLs (a dead port, an `.invalid` host, a switchable link), the
 * dispatcher's timeouts, the clock, the settings file before it is opened,
 * and a record of every write to the store. `verdict` then checks what the
 * user would care about — is the login still there, is any token in clear —
 * and writes one result line for `npm run faults`.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { expect } from 'vitest';

import type { AppState } from '../../main/core/app-state.ts';
import type { TokenSet } from '../../main/core/auth/token.ts';
import type { Clock } from '../../main/core/clock.ts';
import { createLogger, type LogLevel } from '../../main/core/log.ts';
import { AesGcmCipher } from '../../main/core/persistence/cipher.ts';
import { storeOptions } from '../../main/core/persistence/settings.ts';
import {
  nodeStoreFactory,
  openStore,
  type SettingsStore,
  type StoreRecovery,
} from '../../main/core/persistence/store.ts';
import { TokenVault } from '../../main/core/persistence/token-vault.ts';
import { createHttpDispatcher, type HttpDispatcherOptions } from '../../main/core/spotify/http.ts';
import { TraytuneCore } from '../../main/core/traytune-core.ts';
import { startFakeSpotify, type FakeOptions, type FakeSpotify } from '../fake-spotify/index.ts';
import { waitFor, waitForAsync } from './wait-for.ts';

export const CLIENT_ID = '0123456789abcdef0123456789abcdef';
export const PORTLESS_REDIRECT = 'http://127.0.0.1/callback';

export interface FaultCoreOptions {
  /** Share a running fake (restarts over the same data dir); closed by its owner. */
  fake?: FakeSpotify;
  fakeOptions?: FakeOptions;
  /** Overrides TRAYTUNE_ACCOUNTS_URL (default: the fake). */
  accountsUrl?: string;
  /** Overrides TRAYTUNE_API_URL (default: the fake). */
  apiUrl?: string;
  redirectUri?: string;
  dispatcher?: HttpDispatcherOptions;
  clock?: Clock;
  dataDir?: string;
  key?: Buffer;
  pollIntervalMs?: number;
}

export interface StoreEvent {
  op: 'set' | 'delete';
  key: string;
  /** How many requests the fake had seen when the write happened. */
  requestsSeen: number;
}

export interface FaultCore {
  core: TraytuneCore;
  fake: FakeSpotify;
  store: SettingsStore;
  recovered: StoreRecovery | undefined;
  dataDir: string;
  key: Buffer;
  opened: string[];
  logs: string[];
  states: AppState[];
  storeEvents: StoreEvent[];
  /** Consent on the fake (whatever origin the authorize URL names), then the browser's redirect. */
  consent(decision: 'agree' | 'cancel', authorizeUrl?: string): Promise<{ status: number; body: string; url: URL }>;
  /** start() + login() + consent + wait for the logged-in screen with user and playback. */
  logIn(): Promise<void>;
  waitForScreen<S extends AppState['screen']>(
    screen: S,
    what?: (state: Extract<AppState, { screen: S }>) => boolean,
    limitMs?: number,
  ): Promise<Extract<AppState, { screen: S }>>;
  /** The login saved on disk, decrypted with this core's key; null when none. */
  savedLogin(): Promise<TokenSet | null>;
  settingsFileText(): Promise<string>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startFaultCore(options: FaultCoreOptions = {}): Promise<FaultCore> {
  const fake = options.fake ?? (await startFakeSpotify(options.fakeOptions));
  const redirectUri = options.redirectUri ?? PORTLESS_REDIRECT;
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: [redirectUri], name: 'Traytune faults' });
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'traytune-faults-')));
  const key = options.key ?? randomBytes(32);
  const logs: string[] = [];
  const logger = createLogger((level: LogLevel, line: string) => logs.push(`${level} ${line}`), 'faults');
  const opened = openStore(nodeStoreFactory, storeOptions({ cwd: dataDir }), { logger });
  const storeEvents: StoreEvent[] = [];
  const inner = opened.store;
  // Every write is logged with the fake's request count, so ordering ("saved before used") is checkable.
  const store: SettingsStore = {
    get: (k) => inner.get(k),
    set(k, value) {
      inner.set(k, value);
      storeEvents.push({ op: 'set', key: k, requestsSeen: fake.requests.length });
    },
    delete(k) {
      inner.delete(k);
      storeEvents.push({ op: 'delete', key: k, requestsSeen: fake.requests.length });
    },
    get path() {
      return inner.path;
    },
  };
  const openedUrls: string[] = [];
  const states: AppState[] = [];
  const core = new TraytuneCore({
    env: {
      SPOTIFY_CLIENT_ID: CLIENT_ID,
      SPOTIFY_REDIRECT_URI: redirectUri,
      TRAYTUNE_ACCOUNTS_URL: options.accountsUrl ?? fake.accountsUrl,
      TRAYTUNE_API_URL: options.apiUrl ?? fake.apiUrl,
    },
    store,
    cipher: new AesGcmCipher(key),
    logger,
    // No proxy from the environment may sit between the tests and the fake.
    dispatcher: createHttpDispatcher({ ...options.dispatcher, httpProxy: '', httpsProxy: '', noProxy: '' }),
    openExternal: async (url) => {
      openedUrls.push(url);
    },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    pollIntervalMs: options.pollIntervalMs ?? 200,
    ...(opened.recovered === undefined ? {} : { startupNotice: opened.recovered.reason }),
  });
  core.subscribe((state) => states.push(state));

  const h: FaultCore = {
    core,
    fake,
    store,
    recovered: opened.recovered,
    dataDir,
    key,
    opened: openedUrls,
    logs,
    states,
    storeEvents,
    async consent(decision, authorizeUrl) {
      const url = new URL(authorizeUrl ?? openedUrls.at(-1) ?? '');
      // The browser reaches Spotify even when Traytune's own path to it is broken.
      const onFake = new URL(`${url.pathname}${url.search}`, fake.accountsUrl).toString();
      const back = await fake.consent(onFake, decision);
      const response = await fetch(back, { redirect: 'manual' });
      return { status: response.status, body: await response.text(), url: back };
    },
    async logIn() {
      await core.start();
      await core.login();
      const page = await h.consent('agree');
      expect(page.status).toBe(200);
      await h.waitForScreen('logged-in', (s) => s.user !== null && s.nowPlaying !== null);
    },
    async waitForScreen(screen, what, limitMs = 15_000) {
      type Wanted = Extract<AppState, { screen: typeof screen }>;
      await waitFor(
        () => core.state.screen === screen && (what === undefined || what(core.state as Wanted)),
        `screen ${screen} (now ${describeState(core.state)})`,
        limitMs,
      );
      return core.state as Wanted;
    },
    async savedLogin() {
      const loaded = await new TokenVault({ store: inner, cipher: new AesGcmCipher(key) }).load();
      return loaded.status === 'ok' ? loaded.tokens : null;
    },
    settingsFileText: () => readFile(inner.path, 'utf8'),
    async close(closeOptions) {
      await core.dispose();
      if (options.fake === undefined) await fake.close();
      if (closeOptions?.keepData !== true) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** One short phrase for a screen, as the matrix prints it. */
export function describeState(state: AppState): string {
  switch (state.screen) {
    case 'logged-in': {
      const parts = [state.nowPlaying === null ? 'nothing shown yet' : `showing ${state.nowPlaying.kind}`];
      if (state.problem !== null) parts.push(`problem ${state.problem.kind}`);
      return `logged in, ${parts.join(', ')}`;
    }
    case 'logged-out':
      return state.notice === null ? 'logged out' : `logged out (${state.notice.reason})`;
    default:
      return state.screen;
  }
}

/** What should have become of the login. */
export type LoginExpectation =
  /** A still-valid login must survive: on disk, decryptable, and accepted by Spotify. */
  | 'kept'
  /** The login must be gone from disk (logout, invalid_grant, cancelled or failed login). */
  | 'gone';

export interface Verdict {
  scenario: string;
  outcome: string;
  tokensLost: boolean;
  problems: string[];
}

const RESULTS = process.env['FAULTS_RESULTS'];

/**
 * Checks token hygiene and the login's fate, records the scenario's one-line
 * outcome, and fails the test on any breach. A "token lost" is a still-valid
 * login that was discarded, or a token found in clear on disk or in a log.
 */
export async function verdict(h: FaultCore, login: LoginExpectation, outcome: string): Promise<Verdict> {
  const problems: string[] = [];
  let tokensLost = false;
  const secrets = h.fake.issuedSecrets().filter((s) => s.length >= 8);
  for (const name of await readdir(h.dataDir).catch(() => [])) {
    const text = await readFile(join(h.dataDir, name), 'utf8').catch(() => '');
    if (secrets.some((s) => text.includes(s))) {
      problems.push(`a token in clear in ${name}`);
      tokensLost = true;
    }
  }
  const logText = h.logs.join('\n');
  if (secrets.some((s) => logText.includes(s))) {
    problems.push('a token in the log');
    tokensLost = true;
  }
  // A refresh may be between Spotify's answer and the save: give it a moment to land.
  const settled = async (): Promise<boolean> => {
    const current = await h.savedLogin();
    return login === 'kept'
      ? current !== null && h.fake.activeRefreshTokens().includes(current.refreshToken)
      : current === null;
  };
  await waitForAsync(settled, 'login settled', 3_000).catch(() => undefined);
  const saved = await h.savedLogin();
  if (login === 'kept') {
    if (saved === null) {
      problems.push('the still-valid login was discarded');
      tokensLost = true;
    } else if (!h.fake.activeRefreshTokens().includes(saved.refreshToken)) {
      problems.push('the saved refresh token is no longer the one Spotify accepts');
      tokensLost = true;
    }
  } else if (saved !== null) {
    problems.push('a login that should be gone is still on disk');
  }
  const scenario = (expect.getState().currentTestName ?? 'unknown').split(' > ').at(-1) ?? 'unknown';
  const line = `${outcome}; login ${login === 'kept' ? 'kept' : 'gone'}${problems.length > 0 ? `; ${problems.join(', ')}` : ''}`;
  const result: Verdict = { scenario, outcome: line, tokensLost, problems };
  record(result);
  expect(problems).toEqual([]);
  return result;
}

/** Appends one result line for run.ts (only when it asked for them). */
export function record(result: Verdict): void {
  if (RESULTS === undefined || RESULTS === '') return;
  mkdirSync(dirname(RESULTS), { recursive: true });
  appendFileSync(RESULTS, `${JSON.stringify(result)}\n`);
}

/** The last authorize URL's redirect URI and state. */
export function pendingCallback(h: FaultCore): { redirect: URL; state: string } {
  const authorize = new URL(h.opened.at(-1) ?? '');
  return {
    redirect: new URL(authorize.searchParams.get('redirect_uri') ?? ''),
    state: authorize.searchParams.get('state') ?? '',
  };
}

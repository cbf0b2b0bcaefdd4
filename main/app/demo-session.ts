/**
 * One run of "Try the demo": the simulated Spotify and a second TraytuneCore
 * pointed at it. The demo core has its own in-memory settings and a cipher
 * with a throwaway key, so demo tokens never reach the real settings file,
 * and it ignores the user's SPOTIFY_* variables and proxies (the demo is on
 * 127.0.0.1).
 */
import { randomBytes } from 'node:crypto';

import type { Logger } from '../core/log.ts';
import { AesGcmCipher } from '../core/persistence/cipher.ts';
import { createHttpDispatcher } from '../core/spotify/http.ts';
import { TraytuneCore } from '../core/traytune-core.ts';
import { DEMO_CLIENT_ID, DEMO_REDIRECT_URI, startDemoSpotify, type DemoSpotify } from '../demo/server.ts';
import { createMemoryStore } from '../core/persistence/memory-store.ts';

export interface DemoSessionOptions {
  /** Opens the demo's consent page in the browser. */
  openExternal: (url: string) => Promise<void>;
  logger?: Logger;
  /** Clock for the simulated player (tests). */
  now?: () => number;
  /** The demo core's poll interval (tests); default the core's. */
  pollIntervalMs?: number;
}

export interface DemoSession {
  core: TraytuneCore;
  server: DemoSpotify;
  /** The demo server's origin, where the demo's "Open in Spotify" links point. */
  origin: string;
  close(): Promise<void>;
}

export async function startDemoSession(options: DemoSessionOptions): Promise<DemoSession> {
  const server = await startDemoSpotify(options.now === undefined ? {} : { now: options.now });
  const dispatcher = createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' });
  const core = new TraytuneCore({
    env: {
      SPOTIFY_CLIENT_ID: DEMO_CLIENT_ID,
      SPOTIFY_REDIRECT_URI: DEMO_REDIRECT_URI,
      TRAYTUNE_ACCOUNTS_URL: server.accountsUrl,
      TRAYTUNE_API_URL: server.apiUrl,
    },
    store: createMemoryStore(),
    cipher: new AesGcmCipher(randomBytes(32)),
    openExternal: options.openExternal,
    dispatcher,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  });
  return {
    core,
    server,
    origin: server.accountsUrl,
    async close() {
      await core.dispose();
      await dispatcher.close();
      await server.close();
    },
  };
}

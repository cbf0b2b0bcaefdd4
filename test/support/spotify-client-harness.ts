/**
 * Everything a SpotifyClient test needs, wired once: a scripted real HTTP
 * server stamped with a virtual clock (auto-advancing, so backoff and
 * Retry-After waits take no real time), a fake token source, a recording
 * logger and a list of onRetry calls. Reusable for later client methods.
 */
import type { Dispatcher } from 'undici';

import type { BackoffPolicy } from '../../main/core/backoff.ts';
import { SpotifyClient } from '../../main/core/spotify/client.ts';
import type { RetryInfo, SpotifyClientOptions } from '../../main/core/spotify/client.ts';
import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import { FakeTokenSource } from './fake-token-source.ts';
import { ManualClock } from './manual-clock.ts';
import { createRecordingLogger } from './recording-logger.ts';
import type { RecordingLogger } from './recording-logger.ts';
import { startScriptedServer } from './scripted-http-server.ts';
import type { ScriptedServer } from './scripted-http-server.ts';

/** Fixed jitter: backoff delays are 500, 1000, 2000 ms for retries 1, 2, 3. */
export const TEST_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000, random: () => 0.5 };

export interface ClientHarness {
  clock: ManualClock;
  /** `clock.now()` when the harness started; request times are asserted relative to it. */
  start: number;
  server: ScriptedServer;
  tokens: FakeTokenSource;
  logger: RecordingLogger;
  retries: RetryInfo[];
  /** A direct (proxy-free) dispatcher, whatever the machine's environment says. */
  dispatcher: Dispatcher;
  /** Client options pointing at the scripted server at `/v1`. */
  options(overrides?: Partial<SpotifyClientOptions>): SpotifyClientOptions;
  client(overrides?: Partial<SpotifyClientOptions>): SpotifyClient;
  close(): Promise<void>;
}

/** Starts a harness; call `close()` in afterEach. */
export async function startClientHarness(): Promise<ClientHarness> {
  const clock = new ManualClock({ autoAdvance: true });
  const server = await startScriptedServer({ now: () => clock.now() });
  const tokens = new FakeTokenSource();
  const logger = createRecordingLogger();
  const retries: RetryInfo[] = [];
  const dispatcher = createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' });
  const options = (overrides: Partial<SpotifyClientOptions> = {}): SpotifyClientOptions => ({
    apiBaseUrl: `${server.origin}/v1`,
    dispatcher,
    tokens,
    clock,
    logger,
    backoff: TEST_BACKOFF,
    onRetry: (info) => retries.push(info),
    ...overrides,
  });
  return {
    clock,
    start: clock.now(),
    server,
    tokens,
    logger,
    retries,
    dispatcher,
    options,
    client: (overrides) => new SpotifyClient(options(overrides)),
    close: async () => {
      clock.setAutoAdvance(false);
      await dispatcher.destroy();
      await server.close();
    },
  };
}

/**
 * One poller through one scripted session: a fresh fake Spotify on
 * 127.0.0.1 whose clock is the virtual clock, the real SpotifyClient (real
 * undici, real HTTP) behind a simulated home network, and the real
 * NowPlayingWatcher with the scheduler under test. Also the 24-hour heap run,
 * which is the same set-up for a whole simulated day.
 */
import type { Activity } from '../../main/core/activity.ts';
import { DEFAULT_ACTIVITY } from '../../main/core/activity.ts';
import type { AccessTokenSource } from '../../main/core/auth/token-source.ts';
import { silentLogger } from '../../main/core/log.ts';
import { SpotifyClient } from '../../main/core/spotify/client.ts';
import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import type { NowPlaying } from '../../main/core/spotify/now-playing.ts';
import type { Scheduler } from '../../main/core/spotify/schedule.ts';
import { NowPlayingWatcher } from '../../main/core/spotify/watcher.ts';
import { startFakeSpotify } from '../fake-spotify/index.ts';
import type { FakeSpotify } from '../fake-spotify/index.ts';
import { BenchRecorder } from './metrics.ts';
import type { PollerFigures, SampleCounts } from './metrics.ts';
import { ListeningSession } from './session.ts';
import type { Phase } from './session.ts';
import { homeNetwork, seededRandom, VirtualLoop } from './virtual-loop.ts';

/** Where every run's virtual clock starts: 1 August 2026, 08:00 UTC. */
export const BENCH_START_MS = Date.UTC(2026, 7, 1, 8);
const CLIENT_ID = '0123456789abcdef0123456789abcdef';
const SCOPES = ['user-read-currently-playing', 'user-read-playback-state'];
const SESSION_SEED = 20_260_801;
const NETWORK_SEED = 4_242;

/** A login that never ends: the benchmark is about polling, not tokens. */
class BenchTokens implements AccessTokenSource {
  readonly #fake: FakeSpotify;
  #token: string;

  constructor(fake: FakeSpotify) {
    this.#fake = fake;
    this.#token = this.#mint();
  }

  async getAccessToken(): Promise<string> {
    return this.#token;
  }

  async renewAfterRejection(rejected: string): Promise<string> {
    if (rejected === this.#token) this.#token = this.#mint();
    return this.#token;
  }

  #mint(): string {
    return this.#fake.issueTokens({ clientId: CLIENT_ID, scopes: SCOPES }).accessToken;
  }
}

interface Rig {
  loop: VirtualLoop;
  fake: FakeSpotify;
  watcher: NowPlayingWatcher;
  close(): Promise<void>;
}

async function rig(
  scheduler: Scheduler,
  onView: (view: NowPlaying) => void,
  activity: Activity = DEFAULT_ACTIVITY,
): Promise<Rig> {
  const loop = new VirtualLoop(BENCH_START_MS);
  const clock = loop.clock;
  const fake = await startFakeSpotify({ now: () => clock.now(), accessTokenLifetimeS: 30 * 24 * 3600 });
  fake.registerClient({ clientId: CLIENT_ID, redirectUris: ['http://127.0.0.1/callback'], name: 'bench' });
  const direct = createHttpDispatcher({ httpProxy: '', httpsProxy: '', noProxy: '' });
  const client = new SpotifyClient({
    apiBaseUrl: fake.apiUrl,
    dispatcher: loop.withLatency(direct, homeNetwork(seededRandom(NETWORK_SEED))),
    tokens: new BenchTokens(fake),
    clock,
    logger: silentLogger,
    backoff: { baseMs: 1_000, maxMs: 60_000, random: () => 0.5 },
  });
  const watcher = new NowPlayingWatcher({
    client,
    clock,
    scheduler,
    activity,
    onUpdate: onView,
    onProblem: () => undefined,
    logger: silentLogger,
  });
  return {
    loop,
    fake,
    watcher,
    async close() {
      watcher.stop();
      await direct.close();
      await fake.close();
    },
  };
}

/** Runs `phases` with `scheduler` and returns its figures. */
export async function runPoller(
  scheduler: Scheduler,
  phases: readonly Phase[],
): Promise<{ figures: PollerFigures; counts: SampleCounts }> {
  let recorder: BenchRecorder | null = null;
  const r = await rig(scheduler, (view) => recorder?.onView(view));
  try {
    const rec = new BenchRecorder(r.loop.clock, r.fake);
    recorder = rec;
    const session = new ListeningSession(r.fake, r.loop.clock, seededRandom(SESSION_SEED), {
      setActivity(patch) {
        rec.setActivity(patch);
        r.watcher.setActivity(patch);
      },
      onPlayerChange: (kind) => rec.onPlayerChange(kind),
    });
    const endMs = session.start(phases);
    rec.sampleProgressUntil(endMs);
    r.watcher.start();
    await r.loop.runUntil(endMs);
    return rec.figures(endMs);
  } finally {
    await r.close();
  }
}

/** Heap in use after collecting garbage as thoroughly as V8 allows. */
async function settledHeap(gc: () => void, loop: VirtualLoop): Promise<number> {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await loop.settle();
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Heap growth over a simulated day with Traytune's scheduler, in MB: one
 * session as a warm-up (JIT, connection pools, first allocations), then 24
 * virtual hours of `day` measured from settled heap to settled heap. The
 * fake's request log is test scaffolding, not the core, and is emptied hourly.
 */
export async function heapGrowthMb(
  scheduler: Scheduler,
  warmUp: readonly Phase[],
  day: readonly Phase[],
  gc: () => void,
): Promise<{ growthMb: number; requests: number }> {
  const r = await rig(scheduler, () => undefined);
  let requests = 0;
  try {
    const clock = r.loop.clock;
    const session = new ListeningSession(r.fake, clock, seededRandom(SESSION_SEED), {
      setActivity: (patch) => r.watcher.setActivity(patch),
      onPlayerChange: () => undefined,
    });
    const hour = 3_600_000;
    const warmUpEnd = BENCH_START_MS + warmUp.reduce((sum, phase) => sum + phase.minutes, 0) * 60_000;
    const endMs = warmUpEnd + 24 * hour;
    session.start([...warmUp, ...day]);
    const clearLog = (): void => {
      requests += r.fake.requests.length;
      r.fake.clearRequests();
      if (clock.now() + hour <= endMs) clock.setTimeout(clearLog, hour);
    };
    clock.setTimeout(clearLog, hour);
    r.watcher.start();
    await r.loop.runUntil(warmUpEnd);
    const before = await settledHeap(gc, r.loop);
    await r.loop.runUntil(endMs);
    requests += r.fake.requests.length;
    r.fake.clearRequests();
    const after = await settledHeap(gc, r.loop);
    return { growthMb: (after - before) / (1024 * 1024), requests };
  } finally {
    await r.close();
  }
}

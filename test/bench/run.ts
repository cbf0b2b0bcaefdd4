/**
 * `npm run bench` (`node test/bench/run.ts`): Traytune's adaptive polling
 * against fixed 1, 2, 5 and 10 s pollers over the same scripted listening
 * session in virtual time (real HTTP to the fake Spotify on 127.0.0.1,
 * the real SpotifyClient and watcher), plus core heap growth over 24 virtual
 * hours, the login round trip, the renderer's gzipped size and its first
 * render in Chromium. Prints a table; with `--json`, also the same figures
 * as one JSON object on the last line. Progress goes to stderr.
 *
 * Deterministic where it can be: the polling figures come from seeded
 * sessions and a simulated network in virtual time, so they are identical
 * on every machine. Login, heap and render figures are real measurements.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

import { adaptiveScheduler, fixedScheduler } from '../../main/core/spotify/schedule.ts';
import type { Scheduler } from '../../main/core/spotify/schedule.ts';
import { loginRoundTripMs } from './login.ts';
import type { PollerFigures, SampleCounts } from './metrics.ts';
import { heapGrowthMb, runPoller } from './polling.ts';
import { rendererFigures } from './renderer.ts';
import { daySession, SESSION } from './session.ts';
import { formatTable, POLLERS, toJsonLine } from './table.ts';
import type { BenchNotes, BenchReport, PollerName } from './table.ts';

/** The scripted session, four times over (each repetition draws new behaviour): ~100 changes of each kind. */
const SESSION_REPEATS = 4;
const LOGIN_ROUNDS = 15;
const RENDER_LOADS = 9;

const SCHEDULERS: Record<PollerName, Scheduler> = {
  traytune: adaptiveScheduler(),
  fixed_1s: fixedScheduler(1_000),
  fixed_2s: fixedScheduler(2_000),
  fixed_5s: fixedScheduler(5_000),
  fixed_10s: fixedScheduler(10_000),
};

const log = (line: string): void => console.error(`bench: ${line}`);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `global.gc` when node runs with --expose-gc; otherwise V8's flag set at run time gives the same function. */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  log(`${what} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const notes: BenchNotes = { counts: {}, unavailable: {}, detail: [] };
  const session = Array.from({ length: SESSION_REPEATS }, () => SESSION).flat();
  notes.sessionHours = session.reduce((sum, phase) => sum + phase.minutes, 0) / 60;

  const pollers: Partial<Record<PollerName, { figures: PollerFigures; counts: SampleCounts }>> = {};
  for (const name of POLLERS) {
    pollers[name] = await timed(`${name} over ${notes.sessionHours} virtual hours`, () =>
      runPoller(SCHEDULERS[name], session),
    );
  }

  let heap: number | null = null;
  try {
    const result = await timed('heap over 24 virtual hours', () =>
      heapGrowthMb(SCHEDULERS.traytune, SESSION, daySession(), garbageCollector()),
    );
    heap = result.growthMb;
    notes.detail?.push(`heap run: ${result.requests} requests to the fake over 27.5 virtual hours`);
  } catch (error) {
    notes.unavailable = { ...notes.unavailable, heap: message(error) };
  }

  let login: number | null = null;
  try {
    login = await timed('login round trips', () => loginRoundTripMs(LOGIN_ROUNDS));
    notes.detail?.push(`login: median of ${LOGIN_ROUNDS} logins after a warm-up, real clock`);
  } catch (error) {
    notes.unavailable = { ...notes.unavailable, login: message(error) };
  }

  const renderer = await timed('renderer', () => rendererFigures(RENDER_LOADS));
  notes.unavailable = { ...notes.unavailable, ...renderer.unavailable };
  notes.detail?.push(...renderer.detail);
  if (renderer.firstRenderMs !== null)
    notes.detail?.push(`first render: median of ${RENDER_LOADS} loads after a warm-up`);

  const figures = (name: PollerName): PollerFigures => {
    const result = pollers[name];
    if (result === undefined) throw new Error(`no figures for ${name}`);
    if (notes.counts !== undefined) notes.counts[name] = result.counts;
    return result.figures;
  };
  const report: BenchReport = {
    traytune: figures('traytune'),
    fixed_1s: figures('fixed_1s'),
    fixed_2s: figures('fixed_2s'),
    fixed_5s: figures('fixed_5s'),
    fixed_10s: figures('fixed_10s'),
    heap_growth_24h_mb: heap,
    login_roundtrip_ms: login,
    renderer_gzip_kb: renderer.gzipKb,
    first_render_ms: renderer.firstRenderMs,
  };
  console.log(formatTable(report, notes));
  if (json) console.log(toJsonLine(report));
}

await main();

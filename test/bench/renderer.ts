/**
 * The popover's weight and speed: the built renderer's size gzipped, and
 * its first render in Debian's Chromium. The page is served as the app
 * serves it (CSP in place) with a stub `window.traytune` that already holds
 * a logged-in state with a track, so the time measured is the renderer's
 * own: from navigation start to the animation frame in which the popover's
 * content is first on screen (performance marks set in the page).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { CSP_PLACEHOLDER, rendererCsp } from '../../main/contract/csp.ts';
import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import { percentile } from './metrics.ts';

export interface RendererFigures {
  gzipKb: number | null;
  firstRenderMs: number | null;
  /** Why a figure is missing. */
  unavailable: { renderer?: string; firstRender?: string };
  detail: string[];
}

type BuildRenderer = (outDir: string) => Promise<{ files: string[] }>;

const FIRST_RENDER_MARK = 'traytune:first-render';
const CONTENT_TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

/** A logged-in view with a playing track: the popover's usual first screen. */
const STATE: ViewState = {
  app: {
    screen: 'logged-in',
    user: { id: 'bench', displayName: 'Benchmark Listener', avatarUrl: null, profileUrl: null },
    problem: null,
    liked: false,
    controls: { available: true, note: null, pending: null },
    nowPlaying: {
      kind: 'track',
      id: '4uLU6hMCjMI75M1A2tKUQC',
      title: 'A Fairly Long Song Title To Wrap',
      artists: ['First Artist', 'Second Artist'],
      album: 'The Album',
      artUrl: null,
      durationMs: 213_000,
      isPlaying: true,
      progressMs: 61_000,
      sampledAt: 0,
      uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
      url: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
      isLocal: false,
      disallows: { pausing: false, resuming: true, seeking: false, skippingNext: false, skippingPrev: false },
    },
  },
  setup: {
    redirectUri: 'http://127.0.0.1:29593/callback',
    clientId: '0123456789abcdef0123456789abcdef',
    dashboardUrl: 'https://developer.spotify.com/dashboard',
  },
  demo: false,
  tokenStorage: 'keyring',
  version: '0.1.0',
  preferences: { ...DEFAULT_PREFERENCES },
  platform: 'linux',
};

/** Runs in the page before any of its scripts: the stub API and the marks. */
function pageSetup(state: ViewState): void {
  const app = state.app;
  if (app.screen === 'logged-in' && app.nowPlaying !== null && 'sampledAt' in app.nowPlaying) {
    app.nowPlaying.sampledAt = Date.now();
  }
  const observer = new MutationObserver(() => {
    const host = document.getElementById('app');
    if (host === null || host.childElementCount === 0) return;
    observer.disconnect();
    performance.mark('traytune:content');
    requestAnimationFrame(() => performance.mark('traytune:first-render'));
  });
  observer.observe(document, { childList: true, subtree: true });
  const done = (): Promise<void> => Promise.resolve();
  (window as unknown as Record<string, unknown>)['traytune'] = {
    getState: () => Promise.resolve(state),
    onState: () => () => undefined,
    login: done,
    cancelLogin: done,
    logout: done,
    saveSettings: () => Promise.resolve({ ok: true }),
    openExternal: done,
    startDemo: done,
    hidePopover: done,
  };
}

async function serve(files: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const assets = new Map<string, { type: string; body: Buffer | string }>();
  for (const file of files) {
    const name = basename(file);
    const type = CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
    const body =
      name === 'index.html'
        ? (await readFile(file, 'utf8')).replace(CSP_PLACEHOLDER, rendererCsp())
        : await readFile(file);
    assets.set(`/${name}`, { type, body });
  }
  const index = assets.get('/index.html');
  if (index !== undefined) {
    assets.set('/', index);
    // For scale: the same page with static text where the script would render.
    const page = String(index.body)
      .replace(/<script[^>]*><\/script>/, '')
      .replace('<div id="app" class="app"></div>', '<div id="app" class="app"><p>Benchmark Listener</p></div>');
    assets.set('/baseline.html', { type: 'text/html', body: page });
  }
  const server = createServer((request, response) => {
    const asset = assets.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (asset === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'no-store' });
    response.end(asset.body);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface LoadTimes {
  /** Navigation start → the frame with the popover's content (the figure). */
  firstRender: number;
  /** app.js fully received → content in the DOM: the renderer's own work. */
  script: number;
  /** Chromium's first-contentful-paint entry for the same load. */
  fcp: number;
}

/** Medians over `loads` page loads (after a warm-up), plus a static page's first paint for scale. */
async function measureLoads(url: string, loads: number): Promise<{ median: LoadTimes; baselineFcp: number }> {
  const { launchChromium } = await import('../support/chromium.ts');
  const browser = await launchChromium();
  try {
    const loadOnce = async (target: string, setup: boolean): Promise<LoadTimes> => {
      const context = await browser.newContext();
      const page = await context.newPage();
      if (setup) await page.addInitScript(pageSetup, STATE);
      await page.goto(target);
      const mark = setup ? FIRST_RENDER_MARK : 'none';
      await page.waitForFunction(
        (name) =>
          (name === 'none' || performance.getEntriesByName(name).length > 0) &&
          performance.getEntriesByName('first-contentful-paint').length > 0,
        mark,
        { timeout: 10_000 },
      );
      const times = await page.evaluate((name) => {
        const at = (entry: string): number => performance.getEntriesByName(entry)[0]?.startTime ?? Number.NaN;
        const script = performance.getEntriesByName(new URL('app.js', location.href).href)[0];
        const received = script === undefined ? Number.NaN : (script as PerformanceResourceTiming).responseEnd;
        return { firstRender: at(name), script: at('traytune:content') - received, fcp: at('first-contentful-paint') };
      }, mark);
      await context.close();
      return times;
    };
    const median = (values: number[]): number => percentile(values, 50) ?? Number.NaN;
    // The first load pays for Chromium's own start-up (disk cache, code cache): a warm-up.
    await loadOnce(url, true);
    const runs: LoadTimes[] = [];
    const baseline: number[] = [];
    for (let load = 0; load < loads; load += 1) {
      runs.push(await loadOnce(url, true));
      baseline.push((await loadOnce(`${url}baseline.html`, false)).fcp);
    }
    return {
      median: {
        firstRender: median(runs.map((r) => r.firstRender)),
        script: median(runs.map((r) => r.script)),
        fcp: median(runs.map((r) => r.fcp)),
      },
      baselineFcp: median(baseline),
    };
  } finally {
    await browser.close();
  }
}

const message = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);

/** Builds the renderer with `buildRenderer` (main/dev/build-renderer.ts) and measures it. */
export async function rendererFigures(loads: number): Promise<RendererFigures> {
  const result: RendererFigures = { gzipKb: null, firstRenderMs: null, unavailable: {}, detail: [] };
  let buildRenderer: BuildRenderer;
  try {
    ({ buildRenderer } = (await import('../../main/dev/build-renderer.ts')) as { buildRenderer: BuildRenderer });
  } catch (error) {
    const why = `main/dev/build-renderer.ts could not be loaded: ${message(error)}`;
    result.unavailable = { renderer: why, firstRender: why };
    return result;
  }
  const dir = await mkdtemp(join(tmpdir(), 'traytune-bench-renderer-'));
  try {
    const { files } = await buildRenderer(dir);
    const sizes = await Promise.all(files.map(async (file) => ({ file, gzip: gzipSync(await readFile(file)).length })));
    result.gzipKb = sizes.reduce((sum, { gzip }) => sum + gzip, 0) / 1024;
    result.detail.push(
      `renderer files, gzipped: ${sizes.map(({ file, gzip }) => `${basename(file)} ${(gzip / 1024).toFixed(1)} KB`).join(', ')}`,
    );
    const server = await serve(files);
    try {
      const { median, baselineFcp } = await measureLoads(server.url, loads);
      result.firstRenderMs = median.firstRender;
      result.detail.push(
        `first render ${median.firstRender.toFixed(1)} ms: renderer script ${median.script.toFixed(1)} ms after app.js ` +
          `arrived; Chromium's first-contentful-paint ${median.fcp.toFixed(1)} ms; a static page (same HTML ` +
          `and CSS, text instead of the script) first paints at ${baselineFcp.toFixed(1)} ms on this machine`,
      );
    } catch (error) {
      result.unavailable.firstRender = message(error);
    } finally {
      await server.close();
    }
  } catch (error) {
    result.unavailable.renderer = `the renderer did not build: ${message(error)}`;
    result.unavailable.firstRender ??= result.unavailable.renderer;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

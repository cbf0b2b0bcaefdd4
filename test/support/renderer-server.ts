/**
 * Serves the built renderer to a real Chromium the way the app does: the CSP
 * placeholder replaced with the real policy, nothing inline. Before app.js it
 * adds the scripted API (renderer-test-api.ts, bundled here), and it serves
 * test album art and axe-core from the same origin so CSP allows them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

import { CSP_PLACEHOLDER, cspForMetaTag, rendererCsp } from '../../main/contract/csp.ts';
import { buildRenderer } from '../../main/dev/build-renderer.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const APP_SCRIPT_TAG = '<script src="app.js" defer></script>';

/** A running server; `url` ends with a slash. */
export interface RendererServer {
  url: string;
  /** Absolute paths of the built files (index.html, app.js, styles.css). */
  builtFiles: string[];
  close(): Promise<void>;
}

/** A square of one colour with a letter, so screenshots show which art is which. */
function artSvg(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">' +
    `<rect width="300" height="300" fill="hsl(${hash} 60% 45%)"/>` +
    `<text x="150" y="190" font-size="150" text-anchor="middle" fill="#fff" font-family="sans-serif">${name.slice(0, 1).toUpperCase()}</text>` +
    '</svg>'
  );
}

/** Builds the renderer into a temporary folder and serves it on 127.0.0.1 with a free port. */
export async function startRendererServer(): Promise<RendererServer> {
  const dir = await mkdtemp(join(tmpdir(), 'traytune-renderer-'));
  const { files } = await buildRenderer(dir);
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  if (!html.includes(CSP_PLACEHOLDER) || !html.includes(APP_SCRIPT_TAG)) {
    throw new Error(`index.html must carry ${CSP_PLACEHOLDER} and ${APP_SCRIPT_TAG}`);
  }
  const page = html
    .replace(CSP_PLACEHOLDER, cspForMetaTag(rendererCsp()))
    .replace(APP_SCRIPT_TAG, `<script src="renderer-test-api.js" defer></script>${APP_SCRIPT_TAG}`);
  const testApi = await build({
    entryPoints: [join(import.meta.dirname, 'renderer-test-api.ts')],
    bundle: true,
    format: 'iife',
    target: 'chrome130',
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, { type: string; body: string | Buffer }>([
    ['/', { type: 'text/html', body: page }],
    ['/index.html', { type: 'text/html', body: page }],
    ['/app.js', { type: 'text/javascript', body: await readFile(join(dir, 'app.js')) }],
    ['/styles.css', { type: 'text/css', body: await readFile(join(dir, 'styles.css')) }],
    ['/renderer-test-api.js', { type: 'text/javascript', body: testApi.outputFiles[0]?.text ?? '' }],
    [
      '/axe.min.js',
      { type: 'text/javascript', body: await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js')) },
    ],
  ]);

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const art = /^\/art\/([a-z0-9-]+)\.svg$/.exec(path);
    const asset = art?.[1] !== undefined ? { type: 'image/svg+xml', body: artSvg(art[1]) } : assets.get(path);
    if (asset === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'no-store' });
    response.end(asset.body);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    builtFiles: files,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

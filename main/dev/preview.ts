/**
 * The browser preview: the real core (through AppService, as in the app)
 * runs here in Node and the real popover is served to a browser on
 * 127.0.0.1, with a bridge script standing in for the preload. Tokens stay
 * in this process; the page only ever receives view states.
 *
 *   npm run preview                     the real app (needs a Spotify Client ID)
 *   npm run preview -- --demo           the built-in simulated Spotify
 *   npm run preview -- --port 0         any free port (default 29580)
 *   npm run preview -- --no-open        print URLs instead of opening the browser
 *   npm run preview -- --data-dir DIR   settings and key file in DIR (default: as `npm start`)
 *   npm run preview -- --build-dir DIR  where the renderer is built (default dist/preview/renderer)
 *
 * Honours SPOTIFY_CLIENT_ID, SPOTIFY_REDIRECT_URI, SPOTIFY_CLIENT_SECRET,
 * TRAYTUNE_ACCOUNTS_URL, TRAYTUNE_API_URL, TRAYTUNE_DATA_DIR and the proxy
 * variables, like the app.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';

import { AppService, type OpenPurpose } from '../app/app-service.ts';
import { startBridgeServer, type BridgeServer } from '../app/bridge-server.ts';
import { rendererCsp } from '../contract/csp.ts';
import { DEFAULT_API_URL } from '../core/config/config.ts';
import { consoleSink, createLogger } from '../core/log.ts';
import { AesGcmCipher } from '../core/persistence/cipher.ts';
import { storeOptions } from '../core/persistence/settings.ts';
import { nodeStoreFactory, openStore } from '../core/persistence/store.ts';
import { buildRenderer } from './build-renderer.ts';
import { openInBrowser } from './open-browser.ts';

/** Next to the login callback's 29593, outside the ephemeral ranges and common dev-server ports. */
const DEFAULT_PORT = 29580;
const ROOT = resolve(import.meta.dirname, '..', '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: String(DEFAULT_PORT) },
    demo: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'build-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('Usage: npm run preview -- [--demo] [--port N] [--no-open] [--data-dir DIR] [--build-dir DIR]');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`preview: --port must be a number from 0 to 65535, got "${values.port}".`);
  process.exit(2);
}

const logger = createLogger(consoleSink, 'preview');
const noOpen = values['no-open'];

/** Builds the popover and the bridge that stands in for the preload. */
async function buildAssets(buildDir: string): Promise<string> {
  await buildRenderer(buildDir);
  const bundle = await build({
    entryPoints: [join(ROOT, 'renderer', 'bridge', 'bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no bridge bundle');
  return script;
}

/** The fake's or a local proxy's image origin, when TRAYTUNE_API_URL points at this machine. */
function loopbackImageOrigins(): string[] {
  const url = new URL(process.env['TRAYTUNE_API_URL'] ?? DEFAULT_API_URL);
  return ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname) ? [url.origin] : [];
}

async function openUrl(url: string, purpose: OpenPurpose): Promise<void> {
  // The login URL is always printed: the browser may open in another profile or not at all.
  if (purpose === 'login') console.log(`Log in at: ${url}`);
  if (noOpen) {
    if (purpose !== 'login') console.log(`Open: ${url}`);
    return;
  }
  try {
    await openInBrowser(url);
  } catch {
    if (purpose !== 'login') console.log(`Could not open a browser; open this address yourself: ${url}`);
  }
}

const buildDir = resolve(values['build-dir'] ?? join(ROOT, 'dist', 'preview', 'renderer'));
const bridgeScript = await buildAssets(buildDir);
const dataDir = values['data-dir'] ?? process.env['TRAYTUNE_DATA_DIR'];
const { store, recovered } = openStore(nodeStoreFactory, storeOptions(dataDir === undefined ? {} : { cwd: dataDir }), {
  logger,
});
const cipher = await AesGcmCipher.fromKeyFile(join(dirname(store.path), 'token.key'));
const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version?: string };

const service = new AppService({
  core: {
    env: process.env,
    store,
    cipher,
    logger,
    ...(recovered === undefined ? {} : { startupNotice: recovered.reason }),
  },
  openUrl,
  tokenStorage: 'key-file',
  version: packageJson.version ?? '0.0.0',
});
await service.start();
if (values.demo) await service.startDemo();

let server: BridgeServer;
try {
  server = await startBridgeServer({
    service,
    rendererDir: buildDir,
    bridgeScript,
    csp: rendererCsp({ connectSelf: true, extraImageOrigins: loopbackImageOrigins() }),
    port,
    logger,
    // An open page is the popover on screen: poll as the app does while it is shown.
    onPagesChanged: (count) => service.setActivity({ popoverVisible: count > 0 }),
  });
} catch (error) {
  const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(busy ? `preview: port ${port} is in use; pick another with --port N (0: any free port).` : error);
  await service.dispose();
  process.exit(1);
}

console.log(`Traytune preview: ${server.url}`);
console.log(`Settings: ${store.path}${values.demo ? ' (the demo keeps nothing)' : ''}. Ctrl-C to stop.`);
if (!noOpen) openInBrowser(server.url).catch(() => undefined);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  await service.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/**
 * The `app://traytune/` scheme the popover is loaded from. A custom scheme
 * instead of `file://` gives the renderer a real origin of its own (so the
 * IPC gate and the navigation guard can recognise it, and `'self'` in the CSP
 * means only the renderer's files), and lets main serve index.html with the
 * CSP placeholder filled in. Only files inside the renderer directory, with a
 * known type, are served.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { CSP_PLACEHOLDER, cspForMetaTag, rendererCsp } from '../contract/csp.ts';

/** The scheme the renderer is served on. */
export const APP_SCHEME = 'app';
/** The renderer's host: its origin is `app://traytune`. */
export const APP_HOST = 'traytune';
/** The popover's document. */
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for any URL on the renderer's `app://traytune` origin. */
export function isAppOrigin(url: string): boolean {
  try {
    // `URL#origin` is "null" for non-special schemes, so compare scheme and host.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** True for the popover's document itself (a reload), whatever its query or hash. */
export function isAppDocument(url: string): boolean {
  if (!isAppOrigin(url)) return false;
  const { pathname } = new URL(url);
  return pathname === '/' || pathname === '/index.html';
}

/**
 * The origin of `url` when it is on this machine (127.0.0.1, [::1] or
 * localhost: the test fake or the demo), else null. Only such an origin may
 * join Spotify's CDN in the CSP's `img-src`: a remote API origin set in the
 * environment must not widen what the popover can load.
 */
export function loopbackOrigin(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname) ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The popover's CSP: the shared one, plus the image origins of loopback API servers (fake, demo). */
export function popoverCsp(imageApiUrls: readonly (string | undefined)[]): string {
  const extra = [...new Set(imageApiUrls.map(loopbackOrigin).filter((origin) => origin !== null))];
  return rendererCsp({ extraImageOrigins: extra });
}

/** The part of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/**
 * Must run before `app` is ready. `standard` makes relative URLs and a real
 * origin work; `secure` makes it a secure context. Deliberately not
 * `corsEnabled`, `supportFetchAPI` or `bypassCSP`: nothing but the popover's
 * own document and files loads from it.
 */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** What the app:// handler serves, and with which CSP. */
export interface RendererHandlerOptions {
  /** The built renderer (`<outDir>/renderer`). */
  rootDir: string;
  /** The CSP for an HTML document, asked per request so it can follow the configured API origin. */
  csp: () => string;
}

/**
 * The `protocol.handle` handler: GET only, `app://traytune/<file>` only,
 * refusing anything that resolves outside `rootDir`. HTML gets the CSP both
 * in its meta tag (replacing the placeholder) and as a header (which can also
 * say `frame-ancestors`).
 */
export function createRendererHandler(options: RendererHandlerOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rootDir);
  return async (request) => {
    if (request.method !== 'GET') return status(405);
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return status(404);
    const file = resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname);
    if (file === null) return status(403);
    const type = TYPES[path.extname(file).toLowerCase()];
    if (type === undefined) return status(404);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return status(404);
    }
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (path.extname(file) !== '.html') return new Response(new Uint8Array(body), { headers });
    const csp = options.csp();
    const html = body.toString('utf8').replaceAll(CSP_PLACEHOLDER, cspForMetaTag(csp));
    return new Response(html, { headers: { ...headers, 'Content-Security-Policy': csp } });
  };
}

/**
 * The file a URL path names, or null when it would leave `root`: encoded
 * separators (`%2F`, `%5C`), `..` segments, NUL bytes and absolute or drive
 * paths are all refused after decoding.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.' || /^[A-Za-z]:/.test(segment))) return null;
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

function status(code: number): Response {
  return new Response(null, { status: code });
}

/** Serves the renderer on `app://traytune/` (after `app` is ready). */
export function setupAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, options: RendererHandlerOptions): void {
  protocol.handle(APP_SCHEME, createRendererHandler(options));
}

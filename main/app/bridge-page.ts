/**
 * Serving the built renderer to the browser preview: index.html gets the
 * popover's CSP and the bridge (its token meta tag and script, ahead of
 * app.js), and the other files are served by name from the build directory.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { CSP_PLACEHOLDER, cspForMetaTag } from '../contract/csp.ts';
import { BRIDGE_SCRIPT, TOKEN_META } from './bridge-protocol.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const APP_SCRIPT = /<script\b[^>]*\bsrc=["'](?:\.\/)?app\.js["'][^>]*>/i;

/**
 * index.html as the preview serves it. Throws when the page has no CSP
 * placeholder: serving the renderer without its policy would hide CSP bugs
 * that the app would then hit.
 */
export function previewIndexHtml(html: string, options: { csp: string; token: string }): string {
  if (!html.includes(CSP_PLACEHOLDER))
    throw new Error(`The renderer's index.html has no ${CSP_PLACEHOLDER} placeholder.`);
  const withCsp = html.replaceAll(CSP_PLACEHOLDER, cspForMetaTag(options.csp));
  const bridge = `<meta name="${TOKEN_META}" content="${options.token}">\n<script src="${BRIDGE_SCRIPT}"></script>\n`;
  // Before app.js, so window.traytune exists when the popover's code first runs.
  const at = APP_SCRIPT.exec(withCsp)?.index ?? withCsp.search(/<\/head>/i);
  if (at < 0) throw new Error("The renderer's index.html has neither an app.js script nor a </head>.");
  return `${withCsp.slice(0, at)}${bridge}${withCsp.slice(at)}`;
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * A file of the built renderer by URL path, or null when there is none.
 * Only plain names under `dir` with a known type: no dot files, no `..`.
 */
export async function readStaticFile(dir: string, urlPath: string): Promise<StaticFile | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  const contentType = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (
    contentType === undefined ||
    /[\\\0:]/.test(relative) ||
    relative.split('/').some((part) => part === '' || part.startsWith('.'))
  ) {
    return null;
  }
  const file = normalize(join(dir, relative));
  if (!file.startsWith(normalize(dir) + sep)) return null;
  try {
    return { body: await readFile(file), contentType };
  } catch {
    return null;
  }
}

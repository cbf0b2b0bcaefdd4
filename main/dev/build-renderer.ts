/**
 * Builds the popover into a folder the Electron adapter, the preview and the
 * browser tests all serve: `app.js` (one minified bundle), `index.html` and
 * `styles.css`. No framework and no runtime dependencies, so the whole
 * renderer stays a few kilobytes. Run directly: `node main/dev/build-renderer.ts [outDir]`.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

const RENDERER_DIR = resolve(import.meta.dirname, '..', '..', 'renderer');

/** Below the Chromium of every supported Electron, so the preview also runs in a slightly older browser. */
const TARGET = 'chrome130';

/**
 * Bundles the renderer into `outDir` and returns the absolute paths written.
 * The CSP placeholder in index.html is kept: whoever serves the files puts
 * the policy in (see main/contract/csp.ts).
 */
export async function buildRenderer(outDir: string): Promise<{ files: string[] }> {
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  const script = join(out, 'app.js');
  await build({
    entryPoints: [join(RENDERER_DIR, 'src', 'main.ts')],
    outfile: script,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: TARGET,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  // One stylesheet: its @imports are inlined, so the page makes a single style request.
  const styles = join(out, 'styles.css');
  await build({
    entryPoints: [join(RENDERER_DIR, 'styles.css')],
    outfile: styles,
    bundle: true,
    minify: true,
    target: TARGET,
    logLevel: 'silent',
  });
  const html = join(out, 'index.html');
  await copyFile(join(RENDERER_DIR, 'index.html'), html);
  return { files: [html, script, styles] };
}

if (import.meta.main) {
  const outDir = process.argv[2] ?? join(RENDERER_DIR, '..', 'out', 'renderer');
  const { files } = await buildRenderer(outDir);
  console.log(`renderer built: ${files.join(', ')}`);
}

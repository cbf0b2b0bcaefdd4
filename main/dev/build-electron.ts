/**
 * Builds the Electron side of the app into `outDir`, next to the renderer
 * (built by build-renderer.ts into `<outDir>/renderer/`):
 *
 *   <outDir>/package.json        name, version, `"type": "module"`, main → main/main.js
 *   <outDir>/main/main.js        the main process, one ESM bundle with its dependencies
 *   <outDir>/preload/preload.cjs the preload, one CommonJS file (sandboxed preloads cannot load modules)
 *   <outDir>/assets/*.png        tray and app icons
 *
 * `electron <outDir>` then runs the app from anywhere, without node_modules.
 * With outDir `dist` this is also what electron-builder packs (it uses the
 * root package.json with `main: dist/main/main.js`).
 * Run directly: `node main/dev/build-electron.ts [outDir]` (default dist/).
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Electron 45 runs Node 24 in main and Chromium 140 in the renderer. */
const MAIN_TARGET = 'node24';
const PRELOAD_TARGET = 'chrome140';

// Bundled CommonJS dependencies (undici, ajv …) call `require` for Node's
// modules; an ESM bundle has none, so one is made from the bundle's own URL.
const REQUIRE_SHIM =
  "import { createRequire as __traytuneCreateRequire } from 'node:module';\n" +
  'const require = __traytuneCreateRequire(import.meta.url);';

/** Bundles main and preload, copies the icons and writes the app's package.json; returns the files written. */
export async function buildElectron(outDir: string): Promise<{ files: string[] }> {
  const out = resolve(outDir);
  const mainFile = join(out, 'main', 'main.js');
  const preloadFile = join(out, 'preload', 'preload.cjs');
  await Promise.all([
    build({
      entryPoints: [join(ROOT, 'main', 'electron', 'main.ts')],
      outfile: mainFile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: MAIN_TARGET,
      // Provided by the Electron runtime itself.
      external: ['electron'],
      banner: { js: REQUIRE_SHIM },
      // The map is written for debugging but not linked: the packed app leaves it out (electron-builder.yml).
      sourcemap: 'external',
      legalComments: 'eof',
      logLevel: 'silent',
    }),
    build({
      entryPoints: [join(ROOT, 'main', 'preload', 'index.ts')],
      outfile: preloadFile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: PRELOAD_TARGET,
      external: ['electron'],
      logLevel: 'silent',
    }),
  ]);
  const assets = await copyAssets(join(out, 'assets'));
  const manifest = await writeManifest(out);
  return { files: [manifest, mainFile, `${mainFile}.map`, preloadFile, ...assets] };
}

async function copyAssets(target: string): Promise<string[]> {
  const source = join(ROOT, 'main', 'assets');
  await mkdir(target, { recursive: true });
  const names = (await readdir(source)).filter((name) => name.endsWith('.png')).sort();
  await Promise.all(names.map((name) => copyFile(join(source, name), join(target, name))));
  return names.map((name) => join(target, name));
}

/**
 * Electron takes the app's name (and so its user-data directory) and
 * `app.getVersion()` from this file, and Node the module type of main.js.
 */
async function writeManifest(out: string): Promise<string> {
  const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const manifest = {
    name: root['name'],
    productName: root['productName'],
    version: root['version'],
    description: root['description'],
    license: root['license'],
    type: 'module',
    main: 'main/main.js',
  };
  const file = join(out, 'package.json');
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

if (import.meta.main) {
  const outDir = resolve(process.argv[2] ?? join(ROOT, 'dist'));
  const { files } = await buildElectron(outDir);
  console.log(`electron app built in ${outDir} (${files.length} files)`);
}

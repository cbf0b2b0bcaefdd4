/**
 * The app folder electron-builder would pack, assembled and checked without
 * the Electron download: a fresh build laid out like the repository, the
 * `files` globs of electron-builder.yml applied to it, package.json with
 * `extraMetadata`, then the folder checked (entry points resolve; no tests,
 * maps, sources or secrets; nothing needed from node_modules), its size
 * recorded, and an asar made of it with @electron/asar and listed.
 */
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import { createPackage, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CLIENT_ID } from '../../main/demo/accounts.ts';
import { buildElectron } from '../../main/dev/build-electron.ts';
import { buildRenderer } from '../../main/dev/build-renderer.ts';
import { builtPaths } from '../../main/electron/app.ts';
import type { TrayIconName } from '../../main/electron/tray.ts';
import { CLIENT_ID, CLIENT_SECRET } from '../support/core-harness.ts';
import {
  appFolderProblems,
  appPackageJson,
  copyFiles,
  dotEntries,
  listFiles,
  loadPackConfig,
  moduleRequests,
  providedByRuntime,
  ROOT,
  selectFiles,
  totalBytes,
  type PackConfig,
} from '../support/packaging-app.ts';

// A Record so that a new tray icon name fails the type check until it is listed here.
const TRAY_ICONS: Record<TrayIconName, true> = { trayTemplate: true, 'tray-light': true, 'tray-dark': true };

/** The test harness's Spotify credentials: shaped like real ones, and never to be shipped. */
const TEST_CREDENTIALS = { 'test CLIENT_ID': CLIENT_ID, 'test CLIENT_SECRET': CLIENT_SECRET };
/** The built-in demo's client ID is part of the app (main/demo), so it is the one 32-hex literal allowed. */
const ALLOWED_HEX = [DEMO_CLIENT_ID];

let tmp: string;
/** Laid out like the repository after `npm run build`: package.json and dist/. */
let project: string;
/** What electron-builder would put into app.asar. */
let app: string;
let config: PackConfig;
let files: string[];

/** Builds into `<dir>/dist` exactly as `npm run build` builds into the repository's dist/. */
async function buildProject(dir: string): Promise<void> {
  await buildElectron(join(dir, 'dist'));
  await buildRenderer(join(dir, 'dist', 'renderer'));
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify(appPackageJson(manifest, config.extraMetadata), null, 2)}\n`,
  );
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'traytune-pack-'));
  project = join(tmp, 'project');
  app = join(tmp, 'app');
  config = await loadPackConfig();
  await buildProject(project);
  files = await selectFiles(project, config.files);
  await copyFiles(project, app, files);
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the packed app folder', () => {
  it('holds the built output the `files` globs select, and leaves out the rest', async () => {
    // Node's glob never matches dot names where electron-builder (minimatch `dot: true`)
    // does, so a dotfile in the build would be packed unseen here: there must be none.
    expect(await dotEntries(project)).toEqual([]);
    expect(await listFiles(app)).toEqual(files);
    const all = await listFiles(project);
    // The linked source map, and the build's own manifest (for `electron dist/`; the
    // packed app uses the root package.json instead).
    expect(all.filter((file) => !files.includes(file))).toEqual(['dist/main/main.js.map', 'dist/package.json']);
  });

  it('resolves package.json `main` and the preload, renderer and icons main.js loads', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['main']).toBe(config.extraMetadata['main']);
    const main = join(app, String(manifest['main']));
    expect((await stat(main)).isFile()).toBe(true);
    // main.js is an ES module with a .js name: without this Electron loads it as CommonJS and fails.
    expect(manifest['type']).toBe('module');
    expect(manifest).not.toHaveProperty('devDependencies');

    const paths = builtPaths(dirname(main));
    for (const path of Object.values(paths)) expect(relative(app, path).startsWith('..')).toBe(false);
    expect((await stat(paths.preload)).isFile()).toBe(true);
    const html = await readFile(join(paths.renderer, 'index.html'), 'utf8');
    const linked = [...html.matchAll(/\s(?:src|href)="(?!data:|https?:)([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(linked.sort()).toEqual(['app.js', 'styles.css']);
    for (const file of linked) expect((await stat(join(paths.renderer, file))).isFile()).toBe(true);
    for (const name of Object.keys(TRAY_ICONS)) {
      for (const file of [`${name}.png`, `${name}@2x.png`])
        expect((await stat(join(paths.assets, file))).isFile()).toBe(true);
    }
    // builtPaths is what main.ts passes at run time; the bundle must still carry the same layout.
    const code = await readFile(main, 'utf8');
    expect(code).toContain('"preload.cjs"');
    expect(code).toContain('"renderer"');
  });

  it('needs nothing from node_modules: main.js and the preload load only electron and node: modules', async () => {
    const mainFile = String(config.extraMetadata['main']);
    const main = moduleRequests(mainFile, await readFile(join(app, mainFile), 'utf8'));
    expect(main.filter((request) => request.specifier === null)).toEqual([]);
    expect(main.filter((request) => !providedByRuntime(request.specifier ?? ''))).toEqual([]);
    expect(main.some((request) => request.specifier === 'electron')).toBe(true);

    const preloadFile = relative(app, builtPaths(join(app, dirname(mainFile))).preload);
    const preload = moduleRequests(preloadFile, await readFile(join(app, preloadFile), 'utf8'));
    // A sandboxed preload can require only `electron` (and a few polyfilled modules it does not use).
    expect(preload).toEqual([{ kind: 'require', specifier: 'electron' }]);
  });

  it('holds no test code, source maps, TypeScript sources, env files, keys or secrets', async () => {
    const problems = await appFolderProblems(app, files, {
      forbiddenValues: TEST_CREDENTIALS,
      allowedHex: ALLOWED_HEX,
    });
    expect(problems).toEqual([]);
  });

  it('packs into an asar that lists exactly the folder; records the size', async () => {
    const bytes = await totalBytes(app, files);
    console.log(`packed app: ${files.length} files, ${(bytes / 1024).toFixed(1)} KB`);
    // A regression guard, not a budget: today ~2 MB, nearly all of it main.js with its bundled dependencies.
    expect(bytes).toBeLessThan(8 * 1024 * 1024);

    const archive = join(tmp, 'app.asar');
    await createPackage(app, archive);
    const listed = listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/'));
    const expected = new Set<string>();
    for (const file of files) {
      // The listing names each directory as well as each file.
      for (let part = file; part !== '.'; part = dirname(part)) expected.add(`/${part}`);
    }
    expect([...listed].sort()).toEqual([...expected].sort());
    expect(listed).toContain('/package.json');
    expect(listed).toContain(`/${String(config.extraMetadata['main'])}`);
  });
});

describe('the selection and the checks are not vacuous', () => {
  it('leaves out stray sources, maps and tests, and the checks catch what would get in', async () => {
    const stray = join(tmp, 'stray');
    await cp(project, stray, { recursive: true });
    const write = async (file: string, text: string): Promise<void> => {
      await mkdir(dirname(join(stray, file)), { recursive: true });
      await writeFile(join(stray, file), text);
    };
    // Outside the selected folders, or a map: the `files` globs must not take these.
    await write('dist/test.ts', 'export {};\n');
    await write('dist/renderer/app.js.map', '{}\n');
    await write('test/unit/stray.test.ts', 'export {};\n');
    await write('main/electron/stray.ts', 'export {};\n');
    expect(await selectFiles(stray, config.files)).toEqual(files);
    // The map is kept out by the `!` pattern, not by luck: without the exclusions it is taken.
    const includesOnly = config.files.filter((pattern) => !pattern.startsWith('!'));
    expect(await selectFiles(stray, includesOnly)).toEqual(
      expect.arrayContaining(['dist/main/main.js.map', 'dist/renderer/app.js.map']),
    );

    // Inside the selected folders: the globs take these, and the checks must refuse them.
    await write('dist/main/stray.test.js', `export const client_secret = '${CLIENT_SECRET}';\n`);
    await write('dist/assets/signing.key', 'key\n');
    await write('dist/renderer/leak.js', `// test/fake-spotify/index.ts\nconst id = '${'ab'.repeat(16)}';\n`);
    await write('dist/preload/key.json', JSON.stringify({ pem: '-----BEGIN RSA PRIVATE KEY-----' }));
    const selected = await selectFiles(stray, config.files);
    const strays = [
      'dist/assets/signing.key',
      'dist/main/stray.test.js',
      'dist/preload/key.json',
      'dist/renderer/leak.js',
    ];
    expect(selected.filter((file) => !files.includes(file))).toEqual(strays);
    const problems = await appFolderProblems(stray, strays, {
      forbiddenValues: TEST_CREDENTIALS,
      allowedHex: ALLOWED_HEX,
    });
    expect(problems).toEqual([
      'dist/assets/signing.key: key or certificate',
      'dist/main/stray.test.js: test file',
      'dist/main/stray.test.js: client secret with a value',
      'dist/main/stray.test.js: contains test CLIENT_SECRET',
      `dist/main/stray.test.js: 32-hex literal ${CLIENT_SECRET}`,
      'dist/preload/key.json: PEM private key',
      'dist/renderer/leak.js: fake Spotify reference',
      `dist/renderer/leak.js: 32-hex literal ${'ab'.repeat(16)}`,
      'dist/renderer/leak.js: bundles test/fake-spotify/index.ts',
    ]);
    // And a require left for node_modules is caught.
    expect(
      moduleRequests('x.js', "const a = require('undici'); import('node:fs'); __require(name);").filter(
        (request) => request.specifier === null || !providedByRuntime(request.specifier),
      ),
    ).toEqual([
      { kind: 'require', specifier: 'undici' },
      { kind: 'require', specifier: null },
    ]);
  });
});

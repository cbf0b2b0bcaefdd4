/**
 * `npm start`: builds Traytune (main, preload, renderer) into dist/ (the
 * layout electron-builder packs, see electron-builder.yml) and
 * runs it with the Electron binary from node_modules/electron. Where that
 * binary is missing (it is downloaded by electron's own postinstall, which
 * some machines block), it says so in one line and points to the browser
 * preview, which runs the same core and UI without Electron.
 *
 *   npm start                 build and start the tray app
 *   npm start -- <args>       extra arguments go to Electron
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import { buildElectron } from './build-electron.ts';
import { buildRenderer } from './build-renderer.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The line printed when there is no binary; the `_electron` suite says the same when it skips. */
export const NO_ELECTRON_MESSAGE =
  'traytune: no Electron binary (node_modules/electron/dist is missing; its download may be blocked here) — ' +
  'run `npm run preview` for the same app in your browser.';

/**
 * The Electron executable, or null when it is not there. Reads what
 * electron's installer wrote (`path.txt`, then `dist/<path>`) instead of
 * importing the `electron` package, whose entry point would start a download.
 * Honours ELECTRON_OVERRIDE_DIST_PATH as that entry point does.
 */
export function findElectronBinary(
  electronDir: string | null = electronPackageDir(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  if (electronDir === null) return null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  if (executable === '') return null;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary =
    override !== undefined && override !== '' ? join(override, executable) : join(electronDir, 'dist', executable);
  return existsSync(binary) ? binary : null;
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Builds into `outDir` and runs Electron on it; resolves with Electron's exit code. */
export async function start(binary: string, outDir: string, args: readonly string[]): Promise<number> {
  await buildElectron(outDir);
  await buildRenderer(join(outDir, 'renderer'));
  const env = { ...process.env };
  // Set by some tools for their own child processes; it would turn Electron into plain Node.
  delete env['ELECTRON_RUN_AS_NODE'];
  const child = spawn(binary, [outDir, ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveExit(code ?? (signal === null ? 0 : 1)));
  });
}

if (import.meta.main) {
  const binary = findElectronBinary();
  if (binary === null) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exit(1);
  }
  process.exitCode = await start(binary, join(ROOT, 'dist'), process.argv.slice(2));
}

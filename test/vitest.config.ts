import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.test.ts'],
    // The fault matrix runs as its own step (test/faults/run.ts, which sets FAULTS_RESULTS),
    // so `npm test` runs it once and prints its closing line.
    exclude:
      process.env['FAULTS_RESULTS'] === undefined ? ['test/faults/**', '**/node_modules/**'] : ['**/node_modules/**'],
    // Real sockets and a real browser: give slow CI machines room, never assert timings.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: run files in parallel but not so many that Chromium starves.
    maxWorkers: 2,
    pool: 'forks',
    // Electron cannot start here; the suite never loads the real package.
    alias: {
      electron: fileURLToPath(new URL('./doubles/electron.ts', import.meta.url)),
    },
    server: { deps: { inline: ['electron-store'] } },
  },
});

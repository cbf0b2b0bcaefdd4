/**
 * Traytune's Electron entry point (bundled to `<outDir>/main/main.js` by
 * main/dev/build-electron.ts). It only connects the real `electron` module
 * and the Electron-free AppService; app.ts does the assembling.
 */
import * as electron from 'electron';

import { AppService } from '../app/app-service.ts';
import { consoleSink, createLogger } from '../core/log.ts';
import { builtPaths, startTraytune } from './app.ts';

const logger = createLogger(consoleSink, 'app');

// Not awaited: Electron emits `ready` only once this entry module has finished evaluating, so a
// top-level await on anything that waits for `ready` would hang the app
// (https://github.com/electron/electron/pull/41369). startTraytune does its before-ready work
// (user-data path, single-instance lock, app:// scheme) synchronously, before its first await.
startTraytune({
  electron,
  env: process.env,
  platform: process.platform,
  paths: builtPaths(import.meta.dirname),
  logger,
  createHandlers: (context) =>
    new AppService({
      core: {
        env: context.env,
        store: context.store,
        cipher: context.tokenStorage.cipher,
        logger: context.logger,
        ...(context.tokenStorage.tokenStore === undefined ? {} : { tokenStore: context.tokenStorage.tokenStore }),
        ...(context.startupNotice === undefined ? {} : { startupNotice: context.startupNotice }),
      },
      openUrl: (url) => context.openUrl(url),
      hidePopover: context.hidePopover,
      tokenStorage: context.tokenStorage.mode,
      version: context.version,
    }),
}).catch((error: unknown) => {
  // Nothing to show it in: no tray yet. Say it where `npm start` and the system log can see it.
  logger.error('Traytune could not start', error);
  electron.app.exit(1);
});

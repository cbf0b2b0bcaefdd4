/**
 * Traytune's core in a terminal: log in with Spotify in the system browser,
 * then print who is logged in and what is playing as it changes. It runs the
 * same core as the tray app, with tokens encrypted under a key file instead
 * of the OS keyring.
 *
 *   npm start                 log in if needed, then watch what is playing
 *   npm start -- --logout     forget the saved login
 */
import { dirname, join } from 'node:path';

import type { AppState } from '../core/app-state.ts';
import { consoleSink, createLogger } from '../core/log.ts';
import { AesGcmCipher } from '../core/persistence/cipher.ts';
import { storeOptions } from '../core/persistence/settings.ts';
import { nodeStoreFactory, openStore } from '../core/persistence/store.ts';
import { progressAt, type NowPlaying } from '../core/spotify/now-playing.ts';
import { TraytuneCore } from '../core/traytune-core.ts';
import { openInBrowser } from './open-browser.ts';

const logger = createLogger(consoleSink, 'cli');
const cwd = process.env['TRAYTUNE_DATA_DIR'];
const { store, recovered } = openStore(nodeStoreFactory, storeOptions(cwd === undefined ? {} : { cwd }), { logger });
const cipher = await AesGcmCipher.fromKeyFile(join(dirname(store.path), 'token.key'));

const core = new TraytuneCore({
  env: process.env,
  store,
  cipher,
  logger,
  openExternal: async (url) => {
    console.log(`\nOpen this address to log in with Spotify:\n  ${url}\n`);
    await openInBrowser(url);
  },
  ...(recovered === undefined ? {} : { startupNotice: recovered.reason }),
});

function describeNowPlaying(view: NowPlaying | null): string {
  if (view === null) return 'Now playing: …';
  switch (view.kind) {
    case 'nothing':
      return 'Nothing playing';
    case 'ad':
      return 'Advertisement';
    case 'unknown':
      return 'Playing something Traytune cannot show';
    case 'track':
    case 'episode': {
      const by = view.kind === 'track' ? view.artists.join(', ') : view.show;
      const at = Math.round((progressAt(view, Date.now()) ?? 0) / 1000);
      const total = Math.round(view.durationMs / 1000);
      return `${view.isPlaying ? '▶' : '⏸'} ${view.title} — ${by} (${at}/${total} s)`;
    }
  }
}

function render(state: AppState): string {
  switch (state.screen) {
    case 'setup':
      return ['Traytune needs setting up:', ...state.problems.map((p) => `  ${p.field}: ${p.message}`)].join('\n');
    case 'logged-out':
      return `User: None${state.notice === null ? '' : `\n${state.notice.message}`}`;
    case 'logging-in':
      return 'Finish logging in in your browser… (Ctrl-C to cancel)';
    case 'logged-in':
      return [
        `User: ${state.user === null ? '…' : `${state.user.displayName} (${state.user.id})`}`,
        describeNowPlaying(state.nowPlaying),
        ...(state.problem === null ? [] : [`Error: ${state.problem.message}`]),
      ].join('\n');
  }
}

let last = '';
core.subscribe((state) => {
  const text = render(state);
  if (text !== last) console.log(`\n${text}`);
  last = text;
  if (state.screen === 'setup') process.exitCode = 1;
});

const stop = async (): Promise<void> => {
  await core.dispose();
  process.exit();
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

await core.start();
if (process.argv.includes('--logout')) {
  await core.logout();
  console.log('Logged out; the saved login was deleted.');
  await core.dispose();
} else if (core.state.screen === 'logged-out') {
  await core.login();
} else if (core.state.screen === 'setup') {
  console.log('\nSet SPOTIFY_CLIENT_ID (see the README: "Register a Spotify app").');
  await core.dispose();
}

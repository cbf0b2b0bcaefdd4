/**
 * Runs the fake as a process, for browser tests and manual runs:
 *
 *   node test/fake-spotify/main.ts --port 0 --client-id abc \
 *     [--client-secret s] [--redirect-uri http://127.0.0.1/callback ...]
 *
 * Prints one JSON line `{"accountsUrl":…,"apiUrl":…}` once listening, starts
 * with a track playing and a short queue, and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';

import { startFakeSpotify } from './index.ts';

/** Port-less loopback: matches whatever port the app picks, like a typical registration. */
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake Spotify: --port must be 0-65535, got ${values.port}`);
  process.exit(2);
}

const fake = await startFakeSpotify({ port });
const clientId = values['client-id'];
if (clientId !== undefined) {
  const secret = values['client-secret'];
  fake.registerClient({
    clientId,
    ...(secret === undefined ? {} : { clientSecret: secret }),
    redirectUris: values['redirect-uri'] ?? [DEFAULT_REDIRECT_URI],
    name: 'Traytune (fake)',
  });
}

const { track, episode } = fake.fixtures;
fake.setPlayback({
  item: track({ name: 'Midnight Static', artists: ['The Fake Band'], album: 'Loopback', durationMs: 215_000 }),
  progressMs: 30_000,
  context: { type: 'playlist', href: null, external_urls: {}, uri: 'spotify:playlist:fakePlaylist00000000000' },
});
fake.setQueue([
  track({ name: 'Port Zero', artists: ['The Fake Band', 'Guest Singer'], album: 'Loopback' }),
  episode({ name: 'Episode 42: Tokens', show: 'The Fake Podcast' }),
  track({ name: 'Refresh Rotation', artists: ['Another Artist'], album: 'B-Sides' }),
]);

console.log(JSON.stringify({ accountsUrl: fake.accountsUrl, apiUrl: fake.apiUrl }));

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * A fake Spotify (accounts service + Web API) over real HTTP on 127.0.0.1,
 * for integration and browser tests. It follows the platform as Traytune
 * meets it in 2026: no `localhost` redirects, PKCE, rotating or kept refresh
 * tokens that die six months after consent, development-mode 403s.
 *
 * @example
 *   const fake = await startFakeSpotify({ now: () => clock.now() });
 *   fake.registerClient({ clientId: 'abc', redirectUris: ['http://127.0.0.1/callback'] });
 *   fake.setPlayback({ item: fake.fixtures.track({ name: 'Song' }) });
 *   // … point the app at fake.accountsUrl / fake.apiUrl …
 *   await fake.close();
 */
import { ClientRegistry } from './clients.ts';
import { consentOverHttp } from './consent.ts';
import type { FakeContext } from './context.ts';
import { FaultList } from './faults.ts';
import { createFixtures } from './fixtures.ts';
import { Player } from './playback.ts';
import type { RecordedRequest } from './server.ts';
import { HOST, IMAGE_PATH, listen } from './server.ts';
import { TokenStore } from './tokens.ts';
import type { FakeOptions, FakeSpotify } from './types.ts';

export type { ClientRegistration } from './clients.ts';
export type { FaultEffect, FaultMatch, FaultRule, InjectedFault } from './faults.ts';
export type { DeviceInit, EpisodeInit, Fixtures, TrackInit, UserInit } from './fixtures.ts';
export type { PlaybackScript, PlaybackView } from './playback.ts';
export type { RecordedRequest } from './server.ts';
export type { RefreshRotation } from './tokens.ts';
export type { FakeOptions, FakeSpotify, IssuedTokens } from './types.ts';
export type * from './wire.ts';

export async function startFakeSpotify(options: FakeOptions = {}): Promise<FakeSpotify> {
  const now = options.now ?? Date.now;
  const tokens = new TokenStore(now);
  tokens.accessTokenLifetimeS = options.accessTokenLifetimeS ?? tokens.accessTokenLifetimeS;
  tokens.rotation = options.refreshRotation ?? tokens.rotation;
  const clients = new ClientRegistry();
  for (const client of options.clients ?? []) clients.register(client);

  // Image URLs need the port, known only once listening: fixtures and the
  // default user are rebuilt right after `listen` resolves, which happens
  // before the event loop can deliver a first request.
  const fixtures = createFixtures('');
  const ctx: FakeContext = {
    now,
    clients,
    tokens,
    faults: new FaultList(),
    fixtures,
    library: new Set(),
    premium: options.premium ?? true,
    player: new Player(now, fixtures.device(), () => ctx.fixtures.track({ name: 'Autoplay Track' })),
    user: fixtures.user(),
  };
  const requests: RecordedRequest[] = [];
  const server = await listen(ctx, requests, options.port ?? 0);
  const origin = `http://${HOST}:${server.port}`;
  ctx.fixtures = createFixtures(`${origin}${IMAGE_PATH}`);
  ctx.user = ctx.fixtures.user();

  return {
    accountsUrl: origin,
    apiUrl: `${origin}/v1`,
    port: server.port,
    fixtures: ctx.fixtures,

    registerClient: (registration) => clients.register(registration),
    consent: (authorizeUrl, decision) => consentOverHttp(origin, authorizeUrl, decision),
    issueTokens({ clientId, scopes, authorizedAt }) {
      if (clients.get(clientId) === undefined) throw new Error(`issueTokens: client ${clientId} is not registered`);
      const grant = { clientId, scopes: [...scopes], authorizedAt: authorizedAt ?? now() };
      const minted = tokens.mint(grant, true);
      return {
        accessToken: minted.accessToken,
        refreshToken: minted.refreshToken ?? '',
        scope: grant.scopes.join(' '),
        expiresIn: minted.expiresIn,
        authorizedAt: grant.authorizedAt,
      };
    },
    setAccessTokenLifetime(seconds) {
      tokens.accessTokenLifetimeS = seconds;
    },
    setRefreshRotation(mode) {
      tokens.rotation = mode;
    },
    expireAccessTokens: () => tokens.expireAccessTokens(),
    revokeAll: () => tokens.revokeAll(),
    get refreshCount() {
      return tokens.refreshCount;
    },
    activeAccessTokens: () => tokens.activeAccessTokens(),
    activeRefreshTokens: () => tokens.activeRefreshTokens(),
    issuedSecrets: () => [...tokens.issuedSecrets(), ...clients.secrets()],

    setUser(user) {
      ctx.user = ctx.fixtures.user(user);
    },
    setPremium(premium) {
      ctx.premium = premium;
    },
    setPlayback: (state) => ctx.player.set(state),
    playback: () => ctx.player.view(),
    setQueue: (items) => ctx.player.setQueue(items),
    play: (positionMs) => ctx.player.play(positionMs),
    pause: () => ctx.player.pause(),
    seek: (positionMs) => ctx.player.seek(positionMs),
    nextTrack: () => ctx.player.next(),
    previousTrack: () => ctx.player.previous(),
    setSaved(uris) {
      ctx.library = new Set(uris);
    },
    savedUris: () => [...ctx.library],

    inject: (rule) => ctx.faults.inject(rule),
    clearFaults: () => ctx.faults.clear(),
    requests,
    clearRequests() {
      requests.length = 0;
    },
    close: () => server.close(),
  };
}

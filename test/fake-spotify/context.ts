/**
 * The state one fake Spotify instance shares between its routes. Built once
 * by index.ts; the routes read and mutate it, the public API scripts it.
 */
import type { ClientRegistry } from './clients.ts';
import type { FaultList } from './faults.ts';
import type { Fixtures } from './fixtures.ts';
import type { Player } from './playback.ts';
import type { TokenStore } from './tokens.ts';
import type { UserObject } from './wire.ts';

export interface FakeContext {
  now: () => number;
  clients: ClientRegistry;
  tokens: TokenStore;
  player: Player;
  faults: FaultList;
  fixtures: Fixtures;
  /** Saved URIs (tracks, episodes, …): the user's library. */
  library: Set<string>;
  user: UserObject;
  /** False: every player command answers 403 PREMIUM_REQUIRED. */
  premium: boolean;
}

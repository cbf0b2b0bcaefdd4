/**
 * Builds the protocol objects for one configuration. When the user changes
 * the client ID or redirect URI they are rebuilt as a whole, so no part of
 * the app keeps talking with the old settings.
 */
import { fetch as undiciFetch, type Dispatcher } from 'undici';

import { LoginFlow, type LoginOutcome } from './auth/login-flow.ts';
import { SpotifyOAuth, type FetchLike } from './auth/oauth.ts';
import type { TokenSet } from './auth/token.ts';
import type { AccessTokenSource } from './auth/token-source.ts';
import type { Clock } from './clock.ts';
import type { TraytuneConfig } from './config/config.ts';
import type { Logger } from './log.ts';
import { SpotifyClient, type RetryInfo } from './spotify/client.ts';

export interface WiringDeps {
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  openExternal: (url: string) => Promise<void>;
  tokens: AccessTokenSource;
  onTokens: (tokens: TokenSet) => Promise<void>;
  onLoginOutcome: (outcome: LoginOutcome) => void;
  onRetry: (info: RetryInfo) => void;
}

export interface Wiring {
  config: TraytuneConfig;
  oauth: SpotifyOAuth;
  loginFlow: LoginFlow;
  client: SpotifyClient;
}

/** `fetch` through the app's dispatcher, so logins honour the proxy settings too. */
export function fetchVia(dispatcher: Dispatcher): FetchLike {
  // undici's RequestInit/Response are structurally the WHATWG ones but typed separately; the casts bridge the two.
  return (input, init) =>
    undiciFetch(input, {
      ...(init as unknown as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}

export function wire(config: TraytuneConfig, deps: WiringDeps): Wiring {
  const oauth = new SpotifyOAuth({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    accountsUrl: config.accountsUrl,
    fetch: fetchVia(deps.dispatcher),
    clock: deps.clock,
  });
  const loginFlow = new LoginFlow({
    oauth,
    redirect: config.redirect,
    scopes: config.scopes,
    openExternal: deps.openExternal,
    onTokens: deps.onTokens,
    onOutcome: deps.onLoginOutcome,
    clock: deps.clock,
    logger: deps.logger,
  });
  const client = new SpotifyClient({
    apiBaseUrl: config.apiUrl,
    dispatcher: deps.dispatcher,
    tokens: deps.tokens,
    clock: deps.clock,
    logger: deps.logger,
    onRetry: deps.onRetry,
  });
  return { config, oauth, loginFlow, client };
}

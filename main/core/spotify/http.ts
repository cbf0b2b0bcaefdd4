/**
 * The one HTTP dispatcher the Spotify client talks through. Users behind a
 * corporate proxy set HTTPS_PROXY / HTTP_PROXY / NO_PROXY like for any other
 * tool, so the dispatcher honours them; every phase of a request has a
 * timeout because undici's defaults (300 s) would leave the tray frozen on a
 * dead network.
 */
import { EnvHttpProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';

/** Time allowed to open the TCP/TLS connection. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Time allowed between sending the request and receiving the response headers. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Time allowed between two chunks of the response body. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface HttpDispatcherOptions {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Overrides HTTP_PROXY; an empty string means "no proxy" whatever the environment says. */
  httpProxy?: string;
  /** Overrides HTTPS_PROXY; an empty string falls back to `httpProxy`. */
  httpsProxy?: string;
  /** Overrides NO_PROXY (comma-separated hosts). */
  noProxy?: string;
}

/**
 * Creates an undici dispatcher that routes through the proxies named in the
 * environment (or in `options`) and enforces connect/headers/body timeouts.
 * The caller owns it and should `close()` it on shutdown.
 */
export function createHttpDispatcher(options: HttpDispatcherOptions = {}): Dispatcher {
  const agentOptions: EnvHttpProxyAgent.Options = {
    connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    bodyTimeout: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  };
  // An absent key means "read the environment"; only copy what the caller set.
  if (options.httpProxy !== undefined) agentOptions.httpProxy = options.httpProxy;
  if (options.httpsProxy !== undefined) agentOptions.httpsProxy = options.httpsProxy;
  if (options.noProxy !== undefined) agentOptions.noProxy = options.noProxy;
  return new EnvHttpProxyAgent(agentOptions);
}

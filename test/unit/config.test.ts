import { describe, expect, it } from 'vitest';

import { clientIdProblem, DEFAULT_API_URL, resolveConfig, SCOPES } from '../../main/core/config/config.ts';
import {
  DEFAULT_CALLBACK_PORT,
  DEFAULT_REDIRECT_URI,
  parseRedirectUri,
  redirectUriForPort,
} from '../../main/core/config/redirect-uri.ts';

const ID = '0123456789abcdef0123456789abcdef';
const SECRET = 'fedcba9876543210fedcba9876543210';

describe('redirect URI rules', () => {
  it('accepts the default loopback URI with its fixed port', () => {
    const target = parseRedirectUri(DEFAULT_REDIRECT_URI);
    expect(target).toMatchObject({ listenHost: '127.0.0.1', listenPort: DEFAULT_CALLBACK_PORT, path: '/callback' });
    expect(redirectUriForPort(target, 1234)).toBe(DEFAULT_REDIRECT_URI);
  });

  it('keeps the default port clear of AirPlay and the ephemeral ranges', () => {
    expect([5000, 7000]).not.toContain(DEFAULT_CALLBACK_PORT);
    expect(DEFAULT_CALLBACK_PORT).toBeGreaterThan(1024);
    expect(DEFAULT_CALLBACK_PORT).toBeLessThan(32768);
  });

  it('refuses localhost with the reason and the 127.0.0.1 fix', () => {
    expect(() => parseRedirectUri('http://localhost:8888/callback')).toThrow(/Spotify rejects "localhost"/);
    expect(() => parseRedirectUri('http://localhost:8888/callback')).toThrow('http://127.0.0.1:8888/callback');
  });

  it('refuses plain http on anything but a loopback IP literal', () => {
    expect(() => parseRedirectUri('http://192.168.1.2:8888/callback')).toThrow(/only allowed on the loopback/);
    expect(() => parseRedirectUri('http://example.com/callback')).toThrow(/only allowed on the loopback/);
  });

  it('refuses other schemes, fragments, credentials and garbage', () => {
    expect(() => parseRedirectUri('ftp://127.0.0.1/cb')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRedirectUri('http://127.0.0.1:9000/cb#x')).toThrow(/fragment/);
    expect(() => parseRedirectUri('http://u:p@127.0.0.1:9000/cb')).toThrow(/user name/);
    expect(() => parseRedirectUri('not a url')).toThrow(/not a valid URL/);
    expect(() => parseRedirectUri('http://127.0.0.1:0/cb')).toThrow(/Port 0/);
  });

  it('treats a port-less loopback URI as "pick a free port" and puts the port in the request', () => {
    const target = parseRedirectUri('http://127.0.0.1/callback');
    expect(target.listenPort).toBeNull();
    expect(redirectUriForPort(target, 40123)).toBe('http://127.0.0.1:40123/callback');
  });

  it('supports IPv6 loopback, with and without a port', () => {
    expect(parseRedirectUri('http://[::1]:9000/cb')).toMatchObject({ listenHost: '::1', listenPort: 9000 });
    expect(redirectUriForPort(parseRedirectUri('http://[::1]/cb'), 5555)).toBe('http://[::1]:5555/cb');
  });

  it('keeps an explicit :80 that the URL parser would normalise away', () => {
    expect(parseRedirectUri('http://127.0.0.1:80/callback').listenPort).toBe(80);
  });

  it('accepts https for forwarding setups and listens on the default loopback port', () => {
    const target = parseRedirectUri('https://example.org/traytune');
    expect(target).toMatchObject({ kind: 'https-forwarding', listenPort: DEFAULT_CALLBACK_PORT });
    expect(redirectUriForPort(target, 1)).toBe('https://example.org/traytune');
  });
});

describe('configuration', () => {
  it('explains a malformed client ID', () => {
    expect(clientIdProblem(ID)).toBeNull();
    expect(clientIdProblem('abc')).toMatch(/32 letters and digits.*3 characters/);
    expect(clientIdProblem('z'.repeat(32))).toMatch(/characters that cannot be in one/);
    expect(clientIdProblem('')).toMatch(/Enter the Client ID/);
  });

  it('needs a client ID and uses PKCE without a secret', () => {
    const missing = resolveConfig({});
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((p) => p.field)).toEqual(['clientId']);

    const result = resolveConfig({ SPOTIFY_CLIENT_ID: ID });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.clientSecret).toBeNull();
    expect(result.config.redirect.registered).toBe(DEFAULT_REDIRECT_URI);
    expect(result.config.apiUrl).toBe(DEFAULT_API_URL);
    expect(result.config.scopes).toEqual(SCOPES);
    expect(result.config.sources).toEqual({ clientId: 'environment', clientSecret: 'none', redirectUri: 'default' });
  });

  it('prefers the environment over saved settings', () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    const result = resolveConfig(
      { SPOTIFY_CLIENT_ID: ID, SPOTIFY_REDIRECT_URI: 'http://127.0.0.1:9999/cb' },
      { clientId: other, redirectUri: 'http://127.0.0.1:8888/cb' },
    );
    expect(result.ok && result.config.clientId).toBe(ID);
    expect(result.ok && result.config.redirect.listenPort).toBe(9999);
  });

  it('falls back to saved settings, and a blank variable does not shadow them', () => {
    const result = resolveConfig({ SPOTIFY_CLIENT_ID: '  ' }, { clientId: ID, redirectUri: 'http://[::1]:8888/cb' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.sources.clientId).toBe('settings');
    expect(result.config.redirect.listenHost).toBe('::1');
  });

  it('uses the client secret from the environment only', () => {
    const result = resolveConfig({ SPOTIFY_CLIENT_ID: ID, SPOTIFY_CLIENT_SECRET: SECRET });
    expect(result.ok && result.config.clientSecret).toBe(SECRET);
    const bad = resolveConfig({ SPOTIFY_CLIENT_ID: ID, SPOTIFY_CLIENT_SECRET: 'nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]?.field).toBe('clientSecret');
  });

  it('reports every problem at once, each with its field', () => {
    const result = resolveConfig({
      SPOTIFY_CLIENT_ID: 'short',
      SPOTIFY_REDIRECT_URI: 'http://localhost/cb',
      TRAYTUNE_API_URL: 'ftp://x',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(['clientId', 'redirectUri', 'apiUrl']);
  });

  it('points the app at another server, trimming trailing slashes', () => {
    const result = resolveConfig({
      SPOTIFY_CLIENT_ID: ID,
      TRAYTUNE_ACCOUNTS_URL: 'http://127.0.0.1:4000/',
      TRAYTUNE_API_URL: 'http://127.0.0.1:4000/v1/',
    });
    expect(result.ok && result.config.accountsUrl).toBe('http://127.0.0.1:4000');
    expect(result.ok && result.config.apiUrl).toBe('http://127.0.0.1:4000/v1');
  });
});

/**
 * Traytune's configuration: which Spotify app to log in with, where the login
 * comes back, and which servers to talk to. Environment variables (the seed's
 * names) win over saved settings, which win over defaults, so a developer can
 * point a normal install at the test fake without touching its settings.
 */
import { DEFAULT_REDIRECT_URI, parseRedirectUri, RedirectUriError, type RedirectTarget } from './redirect-uri.ts';

export const DEFAULT_ACCOUNTS_URL = 'https://accounts.spotify.com';
export const DEFAULT_API_URL = 'https://api.spotify.com/v1';

/** Everything Traytune shows and controls, asked for once at login. */
export const SCOPES = [
  'user-read-currently-playing',
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-library-read',
  'user-library-modify',
] as const;

export interface TraytuneConfig {
  clientId: string;
  /** With a secret: classic code flow with HTTP Basic auth. Without: PKCE S256. */
  clientSecret: string | null;
  redirect: RedirectTarget;
  /** Authorize at `${accountsUrl}/authorize`, tokens at `${accountsUrl}/api/token`. */
  accountsUrl: string;
  apiUrl: string;
  scopes: readonly string[];
  /** Where each value came from, for the setup screen and the logs. */
  sources: Record<'clientId' | 'clientSecret' | 'redirectUri', ConfigSource>;
}

export type ConfigSource = 'environment' | 'settings' | 'default' | 'none';

export type ConfigField = 'clientId' | 'clientSecret' | 'redirectUri' | 'accountsUrl' | 'apiUrl';

export interface ConfigProblem {
  field: ConfigField;
  message: string;
}

export type ConfigResult = { ok: true; config: TraytuneConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * The subset of saved settings that configure the login. A client secret is
 * deliberately not among them: it would sit unencrypted in the settings file,
 * and PKCE needs none. It comes from the environment only.
 */
export interface SavedLoginSettings {
  clientId?: string | undefined;
  redirectUri?: string | undefined;
}

const CLIENT_ID_SHAPE = /^[0-9a-f]{32}$/i;

/** Checks a client ID's shape; returns a sentence to show, or null when it looks right. */
export function clientIdProblem(value: string): string | null {
  const id = value.trim();
  if (id === '') return 'Enter the Client ID from your app’s page in the Spotify Developer Dashboard.';
  if (CLIENT_ID_SHAPE.test(id)) return null;
  return (
    'A Spotify Client ID is 32 letters and digits (0–9, a–f), shown on your app’s page in the ' +
    `Spotify Developer Dashboard; this one has ${id.length} character${id.length === 1 ? '' : 's'}` +
    (/[^0-9a-f]/i.test(id) ? ' and characters that cannot be in one.' : '.')
  );
}

function clientSecretProblem(value: string): string | null {
  return CLIENT_ID_SHAPE.test(value)
    ? null
    : 'A Spotify Client Secret is 32 letters and digits (0–9, a–f); copy it again from the dashboard, or leave it out to use PKCE.';
}

function baseUrl(field: 'accountsUrl' | 'apiUrl', value: string, problems: ConfigProblem[]): string {
  const variable = field === 'accountsUrl' ? 'TRAYTUNE_ACCOUNTS_URL' : 'TRAYTUNE_API_URL';
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.href.replace(/\/+$/, '');
  } catch {
    problems.push({
      field,
      message: `${variable} must be an http(s) URL such as ${defaultFor(field)}; got "${value}".`,
    });
    return defaultFor(field);
  }
}

function defaultFor(field: 'accountsUrl' | 'apiUrl'): string {
  return field === 'accountsUrl' ? DEFAULT_ACCOUNTS_URL : DEFAULT_API_URL;
}

function pick(
  envValue: string | undefined,
  saved: string | undefined,
): { value: string | undefined; source: ConfigSource } {
  if (envValue !== undefined && envValue.trim() !== '') return { value: envValue.trim(), source: 'environment' };
  if (saved !== undefined && saved.trim() !== '') return { value: saved.trim(), source: 'settings' };
  return { value: undefined, source: 'none' };
}

/**
 * Resolves the configuration from the environment and saved settings.
 * Never throws: every problem comes back with the field it belongs to.
 */
export function resolveConfig(
  env: Readonly<Record<string, string | undefined>>,
  saved: SavedLoginSettings = {},
): ConfigResult {
  const problems: ConfigProblem[] = [];

  const clientId = pick(env['SPOTIFY_CLIENT_ID'], saved.clientId);
  if (clientId.value === undefined) {
    problems.push({ field: 'clientId', message: clientIdProblem('') ?? '' });
  } else {
    const problem = clientIdProblem(clientId.value);
    if (problem !== null) problems.push({ field: 'clientId', message: problem });
  }

  const secret = pick(env['SPOTIFY_CLIENT_SECRET'], undefined);
  if (secret.value !== undefined) {
    const problem = clientSecretProblem(secret.value);
    if (problem !== null) problems.push({ field: 'clientSecret', message: problem });
  }

  const redirectPick = pick(env['SPOTIFY_REDIRECT_URI'], saved.redirectUri);
  const redirectUri = redirectPick.value ?? DEFAULT_REDIRECT_URI;
  let redirect: RedirectTarget | undefined;
  try {
    redirect = parseRedirectUri(redirectUri);
  } catch (error) {
    if (!(error instanceof RedirectUriError)) throw error;
    problems.push({ field: 'redirectUri', message: error.message });
  }

  const accountsUrl = baseUrl('accountsUrl', env['TRAYTUNE_ACCOUNTS_URL'] ?? DEFAULT_ACCOUNTS_URL, problems);
  const apiUrl = baseUrl('apiUrl', env['TRAYTUNE_API_URL'] ?? DEFAULT_API_URL, problems);

  if (problems.length > 0 || clientId.value === undefined || redirect === undefined) return { ok: false, problems };
  return {
    ok: true,
    config: {
      clientId: clientId.value,
      clientSecret: secret.value ?? null,
      redirect,
      accountsUrl,
      apiUrl,
      scopes: SCOPES,
      sources: {
        clientId: clientId.source,
        clientSecret: secret.source,
        redirectUri: redirectPick.value === undefined ? 'default' : redirectPick.source,
      },
    },
  };
}

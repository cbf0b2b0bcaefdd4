/**
 * Shared setup for the fake Spotify's own tests (test/unit/fake-spotify-*):
 * the registered clients, a started fake on a virtual clock, and request
 * helpers bound to whichever fake the current test is using.
 */
import { createHash, randomBytes } from 'node:crypto';

import { expect } from 'vitest';

import type { FakeSpotify } from '../fake-spotify/index.ts';
import { startFakeSpotify } from '../fake-spotify/index.ts';

export const PUBLIC_ID = 'public-client';
export const SECRET_ID = 'secret-client';
export const SECRET = 'top-secret';
export const REDIRECT = 'http://127.0.0.1:8765/callback';
export const PLAYBACK_SCOPES = [
  'user-read-currently-playing',
  'user-read-playback-state',
  'user-modify-playback-state',
];
export const ALL_SCOPES = [...PLAYBACK_SCOPES, 'user-library-read', 'user-library-modify'];
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Where each test's virtual clock starts. */
export const START_MS = Date.UTC(2026, 7, 1);

/** A fake on the given clock with the public (PKCE) and secret test clients registered. */
export async function startTestFake(now: () => number): Promise<FakeSpotify> {
  const fake = await startFakeSpotify({ now });
  fake.registerClient({ clientId: PUBLIC_ID, redirectUris: [REDIRECT], name: 'Traytune Test' });
  fake.registerClient({ clientId: SECRET_ID, clientSecret: SECRET, redirectUris: [REDIRECT] });
  return fake;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface FakeSpotifyHelpers {
  authorizeUrl(params: Record<string, string>): string;
  tokenRequest(form: Record<string, string>, basic?: string): Promise<Response>;
  /** Full PKCE login through the consent page; returns the token response body. */
  loginPkce(scopes?: string[]): Promise<Record<string, unknown>>;
  api(path: string, token: string, init?: RequestInit): Promise<Response>;
  tokenFor(scopes?: string[]): string;
}

/** Request helpers that always talk to `getFake()`, the fake of the running test. */
export function fakeSpotifyHelpers(getFake: () => FakeSpotify): FakeSpotifyHelpers {
  function authorizeUrl(params: Record<string, string>): string {
    const defaults = { client_id: PUBLIC_ID, response_type: 'code', redirect_uri: REDIRECT, state: 'st-1' };
    return `${getFake().accountsUrl}/authorize?${new URLSearchParams({ ...defaults, ...params }).toString()}`;
  }

  async function tokenRequest(form: Record<string, string>, basic?: string): Promise<Response> {
    const headers: Record<string, string> = basic === undefined ? {} : { authorization: `Basic ${btoa(basic)}` };
    return fetch(`${getFake().accountsUrl}/api/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  }

  async function loginPkce(scopes = ALL_SCOPES): Promise<Record<string, unknown>> {
    const { verifier, challenge } = pkcePair();
    const back = await getFake().consent(
      authorizeUrl({ scope: scopes.join(' '), code_challenge_method: 'S256', code_challenge: challenge }),
      'agree',
    );
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      client_id: PUBLIC_ID,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  function api(path: string, token: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${getFake().apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
  }

  function tokenFor(scopes: string[] = ALL_SCOPES): string {
    return getFake().issueTokens({ clientId: PUBLIC_ID, scopes }).accessToken;
  }

  return { authorizeUrl, tokenRequest, loginPkce, api, tokenFor };
}

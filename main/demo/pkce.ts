/**
 * PKCE (RFC 7636) checks for an authorization server: what the built-in demo
 * Spotify verifies at its token endpoint, and what the test fake can share.
 * Pure functions over node:crypto, no state.
 */
import { createHash } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
export const PKCE_VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

/** base64url(SHA-256(verifier)) without padding is always 43 characters. */
export const PKCE_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The S256 code challenge of `verifier`. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Why a token request's verifier does not prove the challenge, if it does not. */
export type PkceFailure = 'missing' | 'malformed' | 'mismatch';

/**
 * Checks `verifier` against the S256 `challenge` remembered with the code.
 * Returns null when it proves possession, else what is wrong with it (the
 * token endpoint answers `invalid_request` for missing/malformed and
 * `invalid_grant` for a mismatch, as Spotify does).
 */
export function checkPkce(verifier: string | null | undefined, challenge: string): PkceFailure | null {
  if (verifier === null || verifier === undefined || verifier === '') return 'missing';
  if (!PKCE_VERIFIER_PATTERN.test(verifier)) return 'malformed';
  return s256Challenge(verifier) === challenge ? null : 'mismatch';
}

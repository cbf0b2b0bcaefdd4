/**
 * Everything the accounts service remembers: consent pages awaiting an
 * answer, authorization codes, access and refresh tokens. All secrets are
 * random so a test can grep files and logs for them without false hits.
 */
import { randomBytes } from 'node:crypto';

/** How the token endpoint treats a refresh token it has just used. */
export type RefreshRotation = 'rotate' | 'keep';

/** Codes die ten minutes after issue, as in Spotify's docs. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** Refresh tokens die 182 days after the user authorised, however often used (since July 2026). */
export const REFRESH_TOKEN_LIFETIME_MS = 182 * 24 * 60 * 60 * 1000;

/** What a user agreed to; every token minted from it carries it along. */
export interface Grant {
  clientId: string;
  scopes: readonly string[];
  /** Fake-clock time of the consent; the refresh token's six months count from here. */
  authorizedAt: number;
}

/** An authorize request waiting on the consent page; the form carries only its id. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  scopes: readonly string[];
  codeChallenge: string | undefined;
}

export interface CodeRecord extends Grant {
  redirectUri: string;
  codeChallenge: string | undefined;
  issuedAt: number;
}

interface AccessRecord {
  grant: Grant;
  expiresAt: number;
  /** Set by expireAccessTokens/revokeAll; a flag, so moving the fake clock back cannot revive it. */
  revoked: boolean;
}

interface RefreshRecord {
  grant: Grant;
  revoked: boolean;
}

export type CodeLookup = { ok: true; code: CodeRecord } | { ok: false; reason: 'unknown' | 'expired' };
export type RefreshLookup = { ok: true; grant: Grant } | { ok: false; reason: 'unknown' | 'revoked' };

export interface MintedTokens {
  accessToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
}

function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class TokenStore {
  accessTokenLifetimeS = 3600;
  /** 'rotate' by default: the stricter variant, it catches a client that fails to persist a new token. */
  rotation: RefreshRotation = 'rotate';
  /** Every `grant_type=refresh_token` request, successful or not. */
  refreshCount = 0;

  private readonly now: () => number;
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, CodeRecord>();
  /** Codes already exchanged (or tried); kept so reuse gets the same answer as an unknown code. */
  private readonly usedCodes = new Set<string>();
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();

  constructor(now: () => number) {
    this.now = now;
  }

  addPending(request: PendingAuthorization): string {
    const id = secret(16);
    this.pending.set(id, request);
    return id;
  }

  /** Single use: answering a consent page twice must not mint two codes. */
  takePending(id: string): PendingAuthorization | undefined {
    const request = this.pending.get(id);
    this.pending.delete(id);
    return request;
  }

  issueCode(request: PendingAuthorization): string {
    const code = secret(48);
    const now = this.now();
    this.codes.set(code, {
      clientId: request.clientId,
      scopes: request.scopes,
      authorizedAt: now,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      issuedAt: now,
    });
    return code;
  }

  /** Consumes the code whatever happens next, so a failed exchange cannot be retried with it. */
  takeCode(code: string): CodeLookup {
    const record = this.codes.get(code);
    this.codes.delete(code);
    if (record === undefined) return { ok: false, reason: 'unknown' };
    this.usedCodes.add(code);
    if (this.now() >= record.issuedAt + CODE_LIFETIME_MS) return { ok: false, reason: 'expired' };
    return { ok: true, code: record };
  }

  /** Mints an access token, and a refresh token when `withRefresh`. */
  mint(grant: Grant, withRefresh: boolean): MintedTokens {
    const accessToken = secret(48);
    this.access.set(accessToken, { grant, expiresAt: this.now() + this.accessTokenLifetimeS * 1000, revoked: false });
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = secret(48);
      this.refresh.set(refreshToken, { grant, revoked: false });
    }
    return { accessToken, refreshToken, expiresIn: this.accessTokenLifetimeS };
  }

  /** The grant behind a live access token, or undefined when unknown, expired or revoked. */
  checkAccess(token: string | undefined): Grant | undefined {
    const record = token === undefined ? undefined : this.access.get(token);
    if (record === undefined || record.revoked || this.now() >= record.expiresAt) return undefined;
    return record.grant;
  }

  /** Looks up a refresh token for `clientId`; the six-month limit revokes it for good. */
  checkRefresh(token: string, clientId: string): RefreshLookup {
    const record = this.refresh.get(token);
    if (record === undefined || record.grant.clientId !== clientId) return { ok: false, reason: 'unknown' };
    if (this.now() >= record.grant.authorizedAt + REFRESH_TOKEN_LIFETIME_MS) record.revoked = true;
    return record.revoked ? { ok: false, reason: 'revoked' } : { ok: true, grant: record.grant };
  }

  revokeRefresh(token: string): void {
    const record = this.refresh.get(token);
    if (record !== undefined) record.revoked = true;
  }

  expireAccessTokens(): void {
    for (const record of this.access.values()) record.revoked = true;
  }

  /** The user removed the app's access: nothing issued so far works any more. */
  revokeAll(): void {
    this.expireAccessTokens();
    for (const record of this.refresh.values()) record.revoked = true;
    for (const code of this.codes.keys()) this.usedCodes.add(code);
    this.codes.clear();
    this.pending.clear();
  }

  activeAccessTokens(): string[] {
    return [...this.access.keys()].filter((t) => this.checkAccess(t) !== undefined);
  }

  activeRefreshTokens(): string[] {
    const now = this.now();
    return [...this.refresh.entries()]
      .filter(([, r]) => !r.revoked && now < r.grant.authorizedAt + REFRESH_TOKEN_LIFETIME_MS)
      .map(([t]) => t);
  }

  /** Every code and token ever issued, live or dead, for leak checks. */
  issuedSecrets(): string[] {
    return [...this.codes.keys(), ...this.usedCodes, ...this.access.keys(), ...this.refresh.keys()];
  }
}

import { describe, expect, it } from 'vitest';

import type { RefreshResult } from '../../main/core/auth/oauth.ts';
import { REFRESH_TOKEN_LIFETIME_MS, type TokenSet } from '../../main/core/auth/token.ts';
import { TokenManager, type LoginLossReason, type TokenStorage } from '../../main/core/auth/token-manager.ts';
import { silentLogger } from '../../main/core/log.ts';
import { TraytuneProblem, type ProblemKind } from '../../main/core/problems.ts';
import { flushMicrotasks, ManualClock } from '../support/manual-clock.ts';

const HOUR = 3_600_000;

/** Storage that records the order of events, to prove "persist before use". */
class RecordingStorage implements TokenStorage {
  saved: TokenSet | null = null;
  readonly events: string[] = [];
  async save(tokens: TokenSet): Promise<void> {
    this.events.push(`save:${tokens.refreshToken}`);
    this.saved = tokens;
  }
  async clear(): Promise<void> {
    this.events.push('clear');
    this.saved = null;
  }
}

function setup(options: { refresh?: (rt: string) => Promise<RefreshResult> } = {}) {
  const clock = new ManualClock();
  const storage = new RecordingStorage();
  const lost: LoginLossReason[] = [];
  const problems: (ProblemKind | null)[] = [];
  let calls = 0;
  let serial = 0;
  const refresh =
    options.refresh ??
    (async (): Promise<RefreshResult> => {
      calls += 1;
      serial += 1;
      return {
        accessToken: `at-${serial}`,
        refreshToken: `rt-${serial}`,
        expiresAt: clock.now() + HOUR,
        scopes: ['a'],
      };
    });
  const manager = new TokenManager({
    refresh: async (rt) => {
      if (options.refresh !== undefined) calls += 1;
      return refresh(rt);
    },
    storage,
    clock,
    logger: silentLogger,
    onLoginLost: (reason) => lost.push(reason),
    onRefreshProblem: (problem) => problems.push(problem?.kind ?? null),
    backoff: { baseMs: 1000, maxMs: 8000, random: () => 1 },
  });
  const tokens: TokenSet = {
    accessToken: 'at-0',
    refreshToken: 'rt-0',
    expiresAt: clock.now() + HOUR,
    scopes: ['a', 'b'],
    authorizedAt: clock.now(),
  };
  return { clock, storage, lost, problems, manager, tokens, calls: () => calls };
}

describe('TokenManager', () => {
  it('hands out the current token while it is fresh, without refreshing', async () => {
    const { manager, tokens, calls } = setup();
    await manager.adopt(tokens, { persist: true });
    expect(await manager.getAccessToken()).toBe('at-0');
    expect(calls()).toBe(0);
  });

  it('refreshes before use when the token expires within 60 s', async () => {
    const { manager, tokens, clock, calls } = setup();
    await manager.adopt({ ...tokens, expiresAt: clock.now() + 59_000 }, { persist: false });
    expect(await manager.getAccessToken()).toBe('at-1');
    expect(calls()).toBe(1);
  });

  it('refreshes proactively a minute before expiry', async () => {
    const { manager, tokens, clock, calls } = setup();
    await manager.adopt(tokens, { persist: false });
    await clock.advanceAsync(HOUR - 61_000);
    expect(calls()).toBe(0);
    await clock.advanceAsync(1_000);
    expect(calls()).toBe(1);
    expect(await manager.getAccessToken()).toBe('at-1');
  });

  it('makes exactly one refresh request for many concurrent callers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ctx = setup({
      refresh: async () => {
        await gate;
        return { accessToken: 'at-new', refreshToken: undefined, expiresAt: ctx.clock.now() + HOUR, scopes: undefined };
      },
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() + 1000 }, { persist: false });
    const callers = Array.from({ length: 10 }, () => ctx.manager.getAccessToken());
    const rejections = Array.from({ length: 5 }, () => ctx.manager.renewAfterRejection('at-0'));
    release();
    expect(new Set(await Promise.all([...callers, ...rejections]))).toEqual(new Set(['at-new']));
    expect(ctx.calls()).toBe(1);
  });

  it('persists a rotated refresh token before the new access token is used', async () => {
    const { manager, tokens, clock, storage } = setup();
    await manager.adopt({ ...tokens, expiresAt: clock.now() }, { persist: true });
    const access = await manager.getAccessToken();
    expect(access).toBe('at-1');
    expect(storage.events).toEqual(['save:rt-0', 'save:rt-1']);
    expect(storage.saved?.accessToken).toBe('at-1');
  });

  it('keeps the old refresh token, scopes and authorisation time when Spotify does not rotate', async () => {
    const ctx = setup({
      refresh: async () => ({
        accessToken: 'at-x',
        refreshToken: undefined,
        expiresAt: ctx.clock.now() + HOUR,
        scopes: undefined,
      }),
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() }, { persist: false });
    await ctx.manager.getAccessToken();
    expect(ctx.storage.saved).toMatchObject({ accessToken: 'at-x', refreshToken: 'rt-0', scopes: ['a', 'b'] });
    expect(ctx.storage.saved?.authorizedAt).toBe(ctx.tokens.authorizedAt);
  });

  it('renewAfterRejection returns a token that already changed without another refresh', async () => {
    const { manager, tokens, calls } = setup();
    await manager.adopt(tokens, { persist: false });
    expect(await manager.renewAfterRejection('at-0')).toBe('at-1');
    expect(await manager.renewAfterRejection('at-0')).toBe('at-1');
    expect(calls()).toBe(1);
  });

  it('discards the tokens on invalid_grant and reports a revoked login', async () => {
    const ctx = setup({
      refresh: async () => {
        throw new TraytuneProblem('login-lost', 'invalid_grant: Refresh token revoked', { status: 400 });
      },
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() }, { persist: true });
    await expect(ctx.manager.getAccessToken()).rejects.toMatchObject({ kind: 'login-lost' });
    await flushMicrotasks();
    expect(ctx.lost).toEqual(['revoked']);
    expect(ctx.storage.saved).toBeNull();
    expect(ctx.manager.isLoggedIn).toBe(false);
    await expect(ctx.manager.getAccessToken()).rejects.toMatchObject({ kind: 'not-logged-in' });
  });

  it('calls a login that ended six months after authorising "expired"', async () => {
    const ctx = setup({
      refresh: async () => {
        throw new TraytuneProblem('login-lost', 'invalid_grant', { status: 400 });
      },
    });
    const authorizedAt = ctx.clock.now() - REFRESH_TOKEN_LIFETIME_MS - 1;
    await ctx.manager.adopt({ ...ctx.tokens, authorizedAt, expiresAt: ctx.clock.now() }, { persist: false });
    await expect(ctx.manager.getAccessToken()).rejects.toMatchObject({ kind: 'login-lost' });
    expect(ctx.lost).toEqual(['expired']);
  });

  it('keeps the tokens through a network failure and retries with backoff', async () => {
    let fail = true;
    const ctx = setup({
      refresh: async () => {
        if (fail) throw new TraytuneProblem('offline', 'no network');
        return {
          accessToken: 'at-back',
          refreshToken: 'rt-back',
          expiresAt: ctx.clock.now() + HOUR,
          scopes: undefined,
        };
      },
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() + 30_000 }, { persist: true });
    // Still valid for 30 s: the caller gets the old token rather than an error.
    expect(await ctx.manager.getAccessToken()).toBe('at-0');
    expect(ctx.problems).toEqual(['offline']);
    expect(ctx.storage.saved?.refreshToken).toBe('rt-0');
    expect(ctx.calls()).toBe(1);
    // The retry is scheduled (backoff 1 s with random() = 1), and it recovers.
    fail = false;
    await ctx.clock.advanceAsync(1_000);
    expect(ctx.calls()).toBe(2);
    expect(await ctx.manager.getAccessToken()).toBe('at-back');
    expect(ctx.problems).toEqual(['offline', null]);
  });

  it('reports offline once the token has really expired and the network is still down', async () => {
    const ctx = setup({
      refresh: async () => {
        throw new TraytuneProblem('offline', 'no network');
      },
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() - 1 }, { persist: true });
    await expect(ctx.manager.getAccessToken()).rejects.toMatchObject({ kind: 'offline' });
    expect(ctx.manager.isLoggedIn).toBe(true);
    expect(ctx.storage.saved).not.toBeNull();
  });

  it('refreshes on demand after a clock jump (sleep/resume) past expiry, before the late timer fires', async () => {
    const { manager, tokens, clock, calls } = setup();
    await manager.adopt(tokens, { persist: false });
    clock.jump(3 * HOUR);
    expect(calls()).toBe(0);
    expect(await manager.getAccessToken()).toBe('at-1');
    expect(calls()).toBe(1);
  });

  it('keeps a refreshed login in memory when saving it fails, instead of losing it', async () => {
    const ctx = setup();
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() }, { persist: true });
    ctx.storage.save = async () => {
      throw new Error('keyring locked');
    };
    expect(await ctx.manager.getAccessToken()).toBe('at-1');
    expect(ctx.manager.isLoggedIn).toBe(true);
    expect(ctx.lost).toEqual([]);
    // The next refresh goes out with the rotated refresh token, not the dead old one.
    let usedRefreshToken = '';
    const again = setup({
      refresh: async (rt) => {
        usedRefreshToken = rt;
        return { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: again.clock.now() + HOUR, scopes: undefined };
      },
    });
    await again.manager.adopt(
      { ...again.tokens, refreshToken: 'rt-live', expiresAt: again.clock.now() },
      { persist: false },
    );
    again.storage.save = async () => {
      throw new Error('disk full');
    };
    await again.manager.getAccessToken();
    expect(usedRefreshToken).toBe('rt-live');
  });

  it('logout stops timers and clears memory and disk; a refresh in flight cannot bring tokens back', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ctx = setup({
      refresh: async () => {
        await gate;
        return {
          accessToken: 'at-late',
          refreshToken: 'rt-late',
          expiresAt: ctx.clock.now() + HOUR,
          scopes: undefined,
        };
      },
    });
    await ctx.manager.adopt({ ...ctx.tokens, expiresAt: ctx.clock.now() }, { persist: true });
    const pending = ctx.manager.getAccessToken();
    await ctx.manager.logout();
    release();
    await expect(pending).rejects.toMatchObject({ kind: 'not-logged-in' });
    expect(ctx.storage.saved).toBeNull();
    expect(ctx.storage.events).not.toContain('save:rt-late');
    expect(ctx.clock.pendingTimers).toBe(0);
    expect(ctx.manager.isLoggedIn).toBe(false);
  });
});

/**
 * What the UI may know: a discriminated union the tray, the popover and the
 * CLI render from. Serialisable, and free of tokens by construction (nothing
 * here is ever built from a TokenSet).
 */
import type { ConfigProblem } from './config/config.ts';
import type { ProblemKind, TraytuneProblem } from './problems.ts';
import type { NowPlaying } from './spotify/now-playing.ts';
import type { UserProfile } from './spotify/profile.ts';

/** A problem as the UI shows it: the kind picks the wording and the fix. */
export interface ProblemView {
  kind: ProblemKind;
  message: string;
  /** Seconds until Traytune retries on its own, when known. */
  retryInS?: number;
}

/** Why the app is logged out, when it was not the user's own choice. */
export type LogoutReason =
  | 'login-cancelled'
  | 'login-failed'
  | 'login-expired'
  | 'login-revoked'
  | 'store-unreadable'
  | 'port-busy'
  | 'invalid-client';

export interface LogoutNotice {
  reason: LogoutReason;
  message: string;
}

export type AppState =
  | { screen: 'setup'; problems: ConfigProblem[] }
  | { screen: 'logged-out'; notice: LogoutNotice | null }
  | { screen: 'logging-in' }
  | {
      screen: 'logged-in';
      user: UserProfile | null;
      nowPlaying: NowPlaying | null;
      problem: ProblemView | null;
      /** Whether the current track is in the user's library; null while unknown or not a track. */
      liked: boolean | null;
      controls: ControlsView;
    };

/**
 * Playback controls as the UI offers them. After Spotify answers
 * PREMIUM_REQUIRED they stay unavailable for the session, with a quiet note
 * instead of buttons that cannot work.
 */
export interface ControlsView {
  available: boolean;
  /** Why controls are unavailable, or why the last command failed (no active device). */
  note: string | null;
  /** A command in flight: the UI already shows its expected result. */
  pending: 'toggle' | 'next' | 'previous' | 'like' | null;
}

export function problemView(problem: TraytuneProblem): ProblemView {
  return {
    kind: problem.kind,
    message: problem.message,
    ...(problem.retryAfterS === undefined ? {} : { retryInS: problem.retryAfterS }),
  };
}

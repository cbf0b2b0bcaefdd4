/**
 * Problems in words: one sentence per kind, saying what happened and what
 * fixes it. The core's own messages are written for logs (they name
 * endpoints), so the popover words every kind itself; only logout notices,
 * which the core writes for people, are shown as sent.
 */
import type { TokenStorageMode } from '../../../main/contract/ipc.ts';
import type { LogoutNotice, LogoutReason, ProblemView } from '../../../main/core/app-state.ts';
import type { ProblemKind } from '../../../main/core/problems.ts';

/** A sentence and whether the Spotify dashboard is where the fix happens. */
export interface ProblemText {
  sentence: string;
  dashboard: boolean;
}

function retrying(retryInS: number | undefined, fallback: string): string {
  if (retryInS === undefined) return fallback;
  return `retrying in ${Math.max(1, Math.round(retryInS))} s`;
}

const SENTENCES: Record<ProblemKind, (retryInS: number | undefined) => ProblemText> = {
  offline: (s) => ({
    sentence: `Spotify can’t be reached: check your internet connection; Traytune is ${retrying(s, 'retrying on its own')}.`,
    dashboard: false,
  }),
  timeout: (s) => ({
    sentence: `Spotify is slow to answer; Traytune is ${retrying(s, 'retrying on its own')}.`,
    dashboard: false,
  }),
  'rate-limited': (s) => ({
    sentence: `Spotify is limiting requests for a moment; nothing to do, Traytune is ${retrying(s, 'retrying shortly')}.`,
    dashboard: false,
  }),
  'quota-exceeded': () => ({
    sentence:
      'Your Spotify app has used up its request quota: wait for it to reset, or check the quota in the Spotify dashboard.',
    dashboard: true,
  }),
  'premium-required': () => ({
    sentence: 'Controlling playback needs Spotify Premium: use the Spotify app to control it instead.',
    dashboard: false,
  }),
  'no-active-device': () => ({
    sentence: 'No Spotify device is active: start playing in any Spotify app, then try again.',
    dashboard: false,
  }),
  'user-not-registered': () => ({
    sentence:
      'This Spotify account is not on your app’s user list: add it under User Management in the Spotify dashboard.',
    dashboard: true,
  }),
  'owner-needs-premium': () => ({
    sentence: 'Spotify requires the owner of your app to have Premium: upgrade the account that created the app.',
    dashboard: true,
  }),
  'login-lost': () => ({ sentence: 'Spotify ended this login: log out, then log in again.', dashboard: false }),
  'not-logged-in': () => ({ sentence: 'You are not logged in: log in with Spotify.', dashboard: false }),
  'server-error': (s) => ({
    sentence: `Spotify is having trouble right now; Traytune is ${retrying(s, 'retrying on its own')}.`,
    dashboard: false,
  }),
  forbidden: () => ({
    sentence: 'Spotify refused the request: check your app’s settings and users in the Spotify dashboard.',
    dashboard: true,
  }),
  'port-busy': () => ({
    sentence:
      'Another program is using Traytune’s login port: close it and log in again, or register a redirect URI without a port.',
    dashboard: false,
  }),
  'login-cancelled': () => ({
    sentence: 'The login was cancelled: log in again when you are ready.',
    dashboard: false,
  }),
  'login-failed': () => ({ sentence: 'The login did not finish: try logging in again.', dashboard: false }),
  'invalid-client': () => ({
    sentence: 'Spotify does not know this Client ID: copy it again from your app in the Spotify dashboard.',
    dashboard: true,
  }),
  unexpected: () => ({
    sentence: 'Something unexpected went wrong; Traytune keeps trying, and restarting it may help.',
    dashboard: false,
  }),
};

/** The sentence for a problem while logged in. */
export function problemText(problem: ProblemView): ProblemText {
  return SENTENCES[problem.kind](problem.retryInS);
}

/** What to do after a logout the user did not choose; null when the core's message already says it. */
const NOTICE_FIXES: Record<LogoutReason, string | null> = {
  'login-cancelled': 'Log in again whenever you are ready.',
  'login-failed': 'Try logging in again.',
  'login-expired': null,
  'login-revoked': null,
  'store-unreadable': 'Log in again and Traytune saves a fresh login.',
  'port-busy': 'Close the program using the port, or register a redirect URI without a port, then log in again.',
  'invalid-client': 'Copy the Client ID again from your app in the Spotify dashboard.',
};

/** A logout notice as shown: the core's sentence, then the fix when it is not already in it. */
export function noticeText(notice: LogoutNotice): ProblemText {
  const fix = NOTICE_FIXES[notice.reason];
  return {
    sentence: fix === null ? notice.message : `${notice.message} ${fix}`,
    dashboard: notice.reason === 'invalid-client',
  };
}

/** The quiet note about where the login is kept; null when it is the normal, encrypted place. */
export function storageNote(mode: TokenStorageMode): string | null {
  if (mode === 'memory-only') {
    return 'No system keyring: your login is kept in memory only and you will log in again after restarting.';
  }
  if (mode === 'plaintext-opt-in') return 'No system keyring: your login is saved unencrypted, as you chose.';
  return null;
}

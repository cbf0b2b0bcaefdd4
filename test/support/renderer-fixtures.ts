/** View states for the renderer tests: small builders with readable defaults. */
import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import type { AppState, ControlsView, LogoutNotice, ProblemView } from '../../main/core/app-state.ts';
import type { ProblemKind } from '../../main/core/problems.ts';
import type { EpisodePlaying, NowPlaying, TrackPlaying } from '../../main/core/spotify/now-playing.ts';
import type { UserProfile } from '../../main/core/spotify/profile.ts';

export const REDIRECT_URI = 'http://127.0.0.1:29593/callback';

/** Every problem kind; `satisfies` + the record below make the compiler flag a kind added to the core. */
const KIND_SET: Record<ProblemKind, true> = {
  offline: true,
  timeout: true,
  'rate-limited': true,
  'quota-exceeded': true,
  'premium-required': true,
  'no-active-device': true,
  'user-not-registered': true,
  'owner-needs-premium': true,
  'login-lost': true,
  'not-logged-in': true,
  'server-error': true,
  forbidden: true,
  'port-busy': true,
  'login-cancelled': true,
  'login-failed': true,
  'invalid-client': true,
  unexpected: true,
};
export const PROBLEM_KINDS = Object.keys(KIND_SET) as ProblemKind[];

/** A whole view state around an app state. */
export function view(app: AppState, extra: Partial<Omit<ViewState, 'app'>> = {}): ViewState {
  return {
    app,
    setup: { redirectUri: REDIRECT_URI, clientId: null, dashboardUrl: 'https://developer.spotify.com/dashboard' },
    demo: false,
    tokenStorage: 'keyring',
    version: '0.1.0',
    preferences: { ...DEFAULT_PREFERENCES },
    platform: 'linux',
    ...extra,
  };
}

export function setup(extra: Partial<Omit<ViewState, 'app'>> = {}): ViewState {
  return view(
    {
      screen: 'setup',
      problems: [
        { field: 'clientId', message: 'Enter the Client ID from your app’s page in the Spotify Developer Dashboard.' },
      ],
    },
    extra,
  );
}

export function loggedOut(notice: LogoutNotice | null = null, extra: Partial<Omit<ViewState, 'app'>> = {}): ViewState {
  return view({ screen: 'logged-out', notice }, extra);
}

export function loggingIn(): ViewState {
  return view({ screen: 'logging-in' });
}

export const ADA: UserProfile = {
  id: 'ada',
  displayName: 'Ada Lovelace',
  avatarUrl: null,
  profileUrl: 'https://open.spotify.com/user/ada',
};

/** Controls as the core offers them with Premium and an active device. */
export const CONTROLS_READY: ControlsView = { available: true, note: null, pending: null };

export function loggedIn(
  nowPlaying: NowPlaying | null,
  options: {
    user?: UserProfile | null;
    problem?: ProblemView | null;
    liked?: boolean | null;
    controls?: Partial<ControlsView>;
  } & Partial<Omit<ViewState, 'app'>> = {},
): ViewState {
  const { user = ADA, problem = null, liked = null, controls = {}, ...extra } = options;
  return view(
    { screen: 'logged-in', user, nowPlaying, problem, liked, controls: { ...CONTROLS_READY, ...controls } },
    extra,
  );
}

const NO_DISALLOWS = { pausing: false, resuming: false, seeking: false, skippingNext: false, skippingPrev: false };

/** A playing track; `artUrl` should be a path the test server serves (`/art/<name>.svg`). */
export function track(overrides: Partial<TrackPlaying> = {}): TrackPlaying {
  return {
    kind: 'track',
    id: 'track1',
    title: 'Analytical Engine',
    artists: ['The Difference', 'Babbage'],
    album: 'Notes on the Engine',
    artUrl: '/art/engine.svg',
    durationMs: 200_000,
    uri: 'spotify:track:track1',
    url: 'https://open.spotify.com/track/track1',
    isLocal: false,
    disallows: NO_DISALLOWS,
    isPlaying: true,
    progressMs: 10_000,
    sampledAt: 0,
    ...overrides,
  };
}

export function episode(overrides: Partial<EpisodePlaying> = {}): EpisodePlaying {
  return {
    kind: 'episode',
    id: 'ep1',
    title: 'On Looms and Punched Cards',
    show: 'History of Computing',
    artUrl: '/art/looms.svg',
    durationMs: 3_725_000,
    uri: 'spotify:episode:ep1',
    url: 'https://open.spotify.com/episode/ep1',
    disallows: NO_DISALLOWS,
    isPlaying: true,
    progressMs: 60_000,
    sampledAt: 0,
    ...overrides,
  };
}

export function ad(): NowPlaying {
  return { kind: 'ad', isPlaying: true, progressMs: 5_000, sampledAt: 0 };
}

export function nothing(): NowPlaying {
  return { kind: 'nothing' };
}

export function problem(kind: ProblemKind, retryInS?: number): ProblemView {
  return { kind, message: `${kind} (core message for logs)`, ...(retryInS === undefined ? {} : { retryInS }) };
}

/**
 * Play/pause, next, previous and the heart, on behalf of TraytuneCore. Each
 * command shows its expected result at once (optimistic), is rolled back if
 * Spotify refuses it, and otherwise asks the watcher for a fresh poll so the
 * view reconciles with what Spotify actually did. Premium cannot be read from
 * the profile any more, so the first PREMIUM_REQUIRED answer is the signal:
 * from then on no command is sent and the UI shows a quiet note instead.
 */
import type { AppState, ControlsView } from './app-state.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import { isProblem, TraytuneProblem } from './problems.ts';
import type { SpotifyClient } from './spotify/client.ts';
import { progressAt, type NowPlaying } from './spotify/now-playing.ts';

type LoggedIn = Extract<AppState, { screen: 'logged-in' }>;
type Command = 'toggle' | 'next' | 'previous';

/** The client calls the controls make. */
export type ControlsClient = Pick<
  SpotifyClient,
  'play' | 'pause' | 'next' | 'previous' | 'saveToLibrary' | 'removeFromLibrary' | 'libraryContains'
>;

export interface PlayerControlsDeps {
  clock: Clock;
  logger: Logger;
  /** The logged-in state now; null on any other screen. */
  state(): LoggedIn | null;
  /** Changes the logged-in state (ignored on any other screen). */
  patch(patch: Partial<LoggedIn>): void;
  /** The client of the current login; null when logged out. */
  client(): ControlsClient | null;
  /** Polls now and reports the answer even when it looks unchanged (the reconcile). */
  refresh(): void;
  /** Problems the core handles itself: a login Spotify no longer accepts. */
  onLoginProblem(problem: TraytuneProblem): void;
}

export const PREMIUM_NOTE = 'Playback control needs Spotify Premium';
export const NO_DEVICE_NOTE = 'Start Spotify on one of your devices first';

/** The `spotify:track:` URI the heart acts on; null for episodes, ads, local files and nothing. */
export function likeableUri(view: NowPlaying | null): string | null {
  if (view?.kind !== 'track' || view.isLocal || view.id === null) return null;
  return view.uri.startsWith('spotify:track:') ? view.uri : null;
}

/** The view with playback flipped; progress is frozen (or restarted) at the current position. */
function withPlaying(view: NowPlaying, isPlaying: boolean, now: number): NowPlaying {
  if (view.kind === 'nothing') return view;
  if (view.kind === 'unknown') return { ...view, isPlaying };
  const flipped = { ...view, isPlaying, progressMs: progressAt(view, now), sampledAt: now };
  // Spotify disallows resuming what plays and pausing what is paused; those two flip with the state.
  if (flipped.kind === 'ad') return flipped;
  return { ...flipped, disallows: { ...flipped.disallows, pausing: !isPlaying, resuming: isPlaying } };
}

/** A short sentence for a refused command; the problem's own message is for logs (it names the endpoint). */
function noteFor(problem: TraytuneProblem): string {
  switch (problem.kind) {
    case 'no-active-device':
      return NO_DEVICE_NOTE;
    case 'rate-limited':
    case 'quota-exceeded':
      return 'Spotify is busy right now; try again in a moment.';
    case 'offline':
    case 'timeout':
      return 'Spotify could not be reached; try again.';
    case 'forbidden':
      return 'Spotify does not allow that right now.';
    default:
      return 'Spotify did not accept that; try again.';
  }
}

/** Command state for one core; `reset()` when the login changes. */
export class PlayerControls {
  readonly #deps: PlayerControlsDeps;
  /** Spotify answered PREMIUM_REQUIRED: no more commands this session. */
  #premiumMissing = false;
  #note: string | null = null;
  #command: Command | null = null;
  /** The URI a save/remove is in flight for. */
  #likeUri: string | null = null;
  /** A now-playing update that arrived while a command was out: it may predate the command. */
  #deferred: NowPlaying | null = null;
  /** The track whose liked state is known or being asked for: asked once per track. */
  #likedFor: string | null = null;

  constructor(deps: PlayerControlsDeps) {
    this.#deps = deps;
  }

  /** The controls as the UI shows them now. */
  view(): ControlsView {
    return {
      available: !this.#premiumMissing,
      note: this.#premiumMissing ? PREMIUM_NOTE : this.#note,
      pending: this.#command ?? (this.#likeUri === null ? null : 'like'),
    };
  }

  /** A new login (or none): Premium is asked again and the liked state fetched again. */
  reset(): void {
    this.#premiumMissing = false;
    this.#note = null;
    this.forgetTrack();
  }

  /** Entering the logged-in screen afresh: its `liked` starts unknown, so ask again. */
  forgetTrack(): void {
    this.#likedFor = null;
    this.#deferred = null;
  }

  /** A view from the watcher. Held back while a command is out, shown otherwise. */
  onNowPlaying(view: NowPlaying): void {
    if (this.#command !== null) {
      this.#deferred = view;
      return;
    }
    // Something playing means a device is active again.
    if (view.kind !== 'nothing' && this.#note === NO_DEVICE_NOTE) this.#note = null;
    this.#deps.patch({ nowPlaying: view, problem: null, controls: this.view(), ...this.#likedPatch(view) });
  }

  /** Pauses what plays, plays what is paused; refused without a request when Spotify disallows it. */
  async togglePlayback(): Promise<void> {
    const current = this.#deps.state()?.nowPlaying ?? null;
    const playing = current !== null && current.kind !== 'nothing' && current.isPlaying;
    if (current !== null && 'disallows' in current) {
      if (playing ? current.disallows.pausing : current.disallows.resuming) return;
    }
    const optimistic = current === null ? null : withPlaying(current, !playing, this.#deps.clock.now());
    await this.#run('toggle', optimistic, (client) => (playing ? client.pause() : client.play()));
  }

  async next(): Promise<void> {
    const current = this.#deps.state()?.nowPlaying ?? null;
    if (current !== null && 'disallows' in current && current.disallows.skippingNext) return;
    await this.#run('next', current, (client) => client.next());
  }

  async previous(): Promise<void> {
    const current = this.#deps.state()?.nowPlaying ?? null;
    if (current !== null && 'disallows' in current && current.disallows.skippingPrev) return;
    await this.#run('previous', current, (client) => client.previous());
  }

  /** Saves or removes the current track; only once its liked state is known. */
  async toggleLike(): Promise<void> {
    const state = this.#deps.state();
    const client = this.#deps.client();
    const uri = likeableUri(state?.nowPlaying ?? null);
    if (state === null || client === null || uri === null || state.liked === null || this.#likeUri !== null) return;
    const was = state.liked;
    this.#likeUri = uri;
    this.#deps.patch({ liked: !was, controls: this.view() });
    try {
      await (was ? client.removeFromLibrary(uri) : client.saveToLibrary(uri));
      this.#likeUri = null;
      this.#deps.patch({ controls: this.view() });
    } catch (error) {
      this.#likeUri = null;
      this.#failed(error, 'like');
      // Roll back only if the heart still shows this track.
      this.#deps.patch({ controls: this.view(), ...(this.#likedFor === uri ? { liked: was } : {}) });
    }
  }

  async #run(command: Command, optimistic: NowPlaying | null, send: (client: ControlsClient) => Promise<void>) {
    const state = this.#deps.state();
    const client = this.#deps.client();
    if (state === null || client === null || this.#premiumMissing || this.#command !== null) return;
    const before = state.nowPlaying;
    this.#command = command;
    this.#deferred = null;
    this.#deps.patch({ nowPlaying: optimistic, controls: this.view() });
    try {
      await send(client);
      this.#command = null;
      this.#note = null;
      // Whatever came in meanwhile predates the command; the refresh brings what it did.
      this.#deferred = null;
      this.#deps.patch({ controls: this.view() });
      this.#deps.refresh();
    } catch (error) {
      this.#command = null;
      this.#failed(error, command);
      const latest = this.#deferred ?? before;
      this.#deferred = null;
      this.#deps.patch({
        nowPlaying: latest,
        controls: this.view(),
        ...(latest === null ? {} : this.#likedPatch(latest)),
      });
    }
  }

  #failed(error: unknown, what: Command | 'like'): void {
    const problem = isProblem(error) ? error : new TraytuneProblem('unexpected', `${what} failed`, { cause: error });
    this.#deps.logger.warn(`player ${what}: ${problem.kind}`, problem);
    if (problem.kind === 'login-lost' || problem.kind === 'not-logged-in') {
      this.#deps.onLoginProblem(problem);
    } else if (problem.kind === 'premium-required') {
      this.#premiumMissing = true;
    } else {
      this.#note = noteFor(problem);
    }
  }

  /**
   * The `liked` change for a new view: null for anything the heart cannot
   * act on, unchanged for the same track, and for a new track null until
   * `GET /me/library/contains` answers (asked here, once per track).
   */
  #likedPatch(view: NowPlaying): Partial<LoggedIn> {
    const uri = likeableUri(view);
    if (uri === null) {
      this.#likedFor = null;
      return { liked: null };
    }
    if (uri === this.#likedFor) return {};
    this.#likedFor = uri;
    const client = this.#deps.client();
    client?.libraryContains(uri).then(
      (liked) => {
        // A save or remove in flight for this track already shows its result.
        if (this.#likedFor === uri && this.#likeUri !== uri) this.#deps.patch({ liked });
      },
      (error: unknown) => {
        this.#deps.logger.warn('library contains failed', error);
        if (isProblem(error, 'login-lost')) this.#deps.onLoginProblem(error);
        // Ask again when the view next changes.
        if (this.#likedFor === uri) this.#likedFor = null;
      },
    );
    return { liked: null };
  }
}

/**
 * The current AppState and who is told when it changes. Every change goes
 * through `set`, so the tray, the popover and the CLI render from one
 * sequence of states (Signal's render-from-state).
 */
import type { AppState, LogoutNotice, LogoutReason } from './app-state.ts';
import type { Logger } from './log.ts';

export type StateListener = (state: AppState) => void;

type LoggedInState = Extract<AppState, { screen: 'logged-in' }>;

export class AppStateStore {
  readonly #logger: Logger;
  readonly #listeners = new Set<StateListener>();
  #state: AppState = { screen: 'logged-out', notice: null };

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get state(): AppState {
    return this.#state;
  }

  /** The logged-in state, or null on any other screen. */
  get loggedIn(): LoggedInState | null {
    return this.#state.screen === 'logged-in' ? this.#state : null;
  }

  /** Calls `listener` with every new state; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(state: AppState): void {
    this.#state = state;
    for (const listener of this.#listeners) {
      try {
        listener(state);
      } catch (error) {
        // One broken listener must not keep the others (the tray, the popover) stale.
        this.#logger.error('state listener failed', error);
      }
    }
  }

  /** Changes parts of the logged-in state; ignored on any other screen (a late answer after logout). */
  patchLoggedIn(patch: Partial<LoggedInState>): void {
    if (this.#state.screen !== 'logged-in') return;
    this.set({ ...this.#state, ...patch });
  }

  loggedOut(reason: LogoutReason, message: string): void {
    const notice: LogoutNotice = { reason, message };
    this.set({ screen: 'logged-out', notice });
  }

  clearListeners(): void {
    this.#listeners.clear();
  }
}

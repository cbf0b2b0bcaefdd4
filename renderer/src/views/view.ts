/** What every screen module provides, and what it gets from the app. */
import type { TraytuneApi, ViewState } from '../../../main/contract/ipc.ts';
import type { AppState } from '../../../main/core/app-state.ts';
import { h } from '../dom.ts';

/** Services the app hands to each screen. */
export interface ViewContext {
  api: TraytuneApi;
  /** Says `text` through the polite live region (track changes, confirmations). */
  announce(text: string): void;
  /** Shows a failed API call in the app's error line, so a rejection is never lost silently. */
  fail(error: unknown): void;
}

/**
 * One screen. Built once when the screen appears, then patched by `update`
 * for every later state of the same screen, so focus, selection and typed
 * text survive re-renders.
 */
export interface View {
  readonly root: HTMLElement;
  /** Where focus goes when this screen replaces another (its heading). */
  readonly initialFocus: HTMLElement;
  update(state: ViewState): void;
  /** Stops timers; the root is removed by the app. */
  destroy(): void;
  /** Space pressed outside buttons and fields; returns whether the screen toggled playback (only logged in). */
  togglePlayback?(): boolean;
}

/** The app state of one screen. */
export type ScreenState<S extends AppState['screen']> = Extract<AppState, { screen: S }>;

/**
 * The heading each screen starts with. Focusable by script only (not in the
 * Tab order), so a screen change can move focus there and screen readers
 * say where the user now is.
 */
export function screenHeading(text: string, className = 'screen-title'): HTMLHeadingElement {
  return h('h1', { class: className, tabindex: '-1' }, text);
}

/**
 * The popover's one `render(state)`: the frame (demo badge, storage note,
 * version) is patched, and the screen is rebuilt only when the screen
 * changes. Within a screen the view patches itself, so focus, typed text
 * and the progress ticker survive every update.
 */
import type { TraytuneApi, ViewState } from '../../main/contract/ipc.ts';
import { h, setHidden, setText } from './dom.ts';
import type { ProgressOptions } from './progress.ts';
import { createLoggedInView } from './views/logged-in.ts';
import { createLoggedOutView } from './views/logged-out.ts';
import { createLoggingInView } from './views/logging-in.ts';
import { storageNote } from './views/problems.ts';
import { createSetupView } from './views/setup.ts';
import type { View, ViewContext } from './views/view.ts';

/** Long enough for screen readers to notice the region was emptied. */
const ANNOUNCE_DELAY_MS = 50;

/** The mounted app. */
export interface App {
  render(state: ViewState): void;
  /** Shows a failure that has no screen of its own (a rejected call, a missing bridge). */
  fail(error: unknown): void;
}

/** Mounts the frame into `host` and returns the renderer. */
export function createApp(host: HTMLElement, api: TraytuneApi, progress: ProgressOptions = {}): App {
  const demo = h('span', { id: 'demo-badge', class: 'badge', hidden: true }, 'Demo');
  const viewHost = h('div', { class: 'view' });
  const error = h('p', { id: 'app-error', class: 'app-error', role: 'alert' });
  // Always in the page and never hidden, so assistive technology is already listening when text arrives.
  const announcer = h('div', { id: 'announcer', class: 'visually-hidden', role: 'status' });
  const note = h('p', { id: 'storage-note', class: 'storage-note' });
  const version = h('span', { class: 'version' });
  const footer = h('footer', { class: 'footer', hidden: true }, note);
  host.replaceChildren(
    h('header', { class: 'topbar' }, h('span', { class: 'brand' }, 'Traytune'), demo, version),
    h('main', { class: 'content' }, error, viewHost, announcer),
    footer,
  );

  const ctx: ViewContext = {
    api,
    announce(text) {
      // Emptying first, and filling a moment later, makes a repeated sentence count as a change.
      // A timer, not an animation frame: frames stop while the popover is hidden.
      announcer.textContent = '';
      setTimeout(() => setText(announcer, text), ANNOUNCE_DELAY_MS);
    },
    fail: (reason) => fail(reason),
  };
  let current: { screen: ViewState['app']['screen']; view: View } | null = null;

  function fail(reason: unknown): void {
    const detail = reason instanceof Error ? reason.message : String(reason);
    setText(error, `That did not work: ${detail}`);
    console.error('traytune:', reason);
  }

  function mount(state: ViewState): View {
    switch (state.app.screen) {
      case 'setup':
        return createSetupView(state, ctx);
      case 'logged-out':
        return createLoggedOutView(state, ctx);
      case 'logging-in':
        return createLoggingInView(state, ctx);
      case 'logged-in':
        return createLoggedInView(state, ctx, progress);
    }
  }

  function render(state: ViewState): void {
    setHidden(demo, !state.demo);
    const noteText = storageNote(state.tokenStorage);
    setText(note, noteText ?? '');
    setHidden(footer, noteText === null);
    setText(version, state.version === '' ? '' : `v${state.version}`);
    if (current !== null && current.screen === state.app.screen) {
      current.view.update(state);
      return;
    }
    const active = document.activeElement;
    // Only take focus that would otherwise be lost with the old screen: never from elsewhere.
    const focusWasHere = active === null || active === document.body || viewHost.contains(active);
    current?.view.destroy();
    setText(error, '');
    const view = mount(state);
    current = { screen: state.app.screen, view };
    viewHost.replaceChildren(view.root);
    if (focusWasHere) view.initialFocus.focus();
  }

  return { render, fail };
}

/**
 * The popover's one `render(state)`: the frame (demo badge, storage note,
 * version, Settings button) is patched, and the screen is rebuilt only when
 * the screen changes. Within a screen the view patches itself, so focus,
 * typed text and the progress ticker survive every update. The settings
 * view is the renderer's own: a `view` beside the app state, shown over the
 * screen (which stays mounted and current underneath).
 */
import type { TraytuneApi, ViewState } from '../../main/contract/ipc.ts';
import { button, h, setHidden, setText } from './dom.ts';
import type { ProgressOptions } from './progress.ts';
import { createLoggedInView } from './views/logged-in.ts';
import { createLoggedOutView } from './views/logged-out.ts';
import { createLoggingInView } from './views/logging-in.ts';
import { storageNote } from './views/problems.ts';
import { createSettingsView } from './views/settings.ts';
import { createSetupView } from './views/setup.ts';
import type { View, ViewContext } from './views/view.ts';

/** Long enough for screen readers to notice the region was emptied. */
const ANNOUNCE_DELAY_MS = 50;

/** The mounted app. */
export interface App {
  render(state: ViewState): void;
  /** Shows a failure that has no screen of its own (a rejected call, a missing bridge). */
  fail(error: unknown): void;
  /** Space outside buttons and fields: toggles playback when the screen offers it. Returns whether it did. */
  togglePlayback(): boolean;
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
  const settingsButton = button('Settings', () => openSettings(), {
    id: 'settings-button',
    class: 'topbar-button',
    hidden: true,
  });
  const settingsHost = h('div', { class: 'view', hidden: true });
  host.replaceChildren(
    h('header', { class: 'topbar' }, h('span', { class: 'brand' }, 'Traytune'), demo, version, settingsButton),
    h('main', { class: 'content' }, error, viewHost, settingsHost, announcer),
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
  /** What the popover shows: the core's screen, or the settings view over it. */
  let view: { name: 'screen' } | { name: 'settings'; settings: View } = { name: 'screen' };
  let latest: ViewState | null = null;

  function openSettings(): void {
    if (latest === null || view.name === 'settings') return;
    const settings = createSettingsView(latest, ctx, () => closeSettings(true));
    view = { name: 'settings', settings };
    settingsHost.replaceChildren(settings.root);
    setText(error, '');
    setHidden(viewHost, true);
    setHidden(settingsButton, true);
    setHidden(settingsHost, false);
    settings.initialFocus.focus();
  }

  /** Back to the screen; focus returns to the Settings button when there is one to return to. */
  function closeSettings(refocus: boolean): void {
    if (view.name !== 'settings') return;
    view.settings.destroy();
    view = { name: 'screen' };
    settingsHost.replaceChildren();
    setHidden(settingsHost, true);
    setHidden(viewHost, false);
    setHidden(settingsButton, latest?.app.screen === 'setup');
    if (!refocus) return;
    if (settingsButton.hidden) current?.view.initialFocus.focus();
    else settingsButton.focus();
  }

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
    latest = state;
    setHidden(demo, !state.demo);
    // Setup is the settings, so the button is offered on every other screen.
    if (state.app.screen === 'setup') closeSettings(false);
    if (view.name === 'settings') view.settings.update(state);
    else setHidden(settingsButton, state.app.screen === 'setup');
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
    const focusWasHere =
      view.name === 'screen' && (active === null || active === document.body || viewHost.contains(active));
    current?.view.destroy();
    setText(error, '');
    const screenView = mount(state);
    current = { screen: state.app.screen, view: screenView };
    viewHost.replaceChildren(screenView.root);
    if (focusWasHere) screenView.initialFocus.focus();
  }

  function togglePlayback(): boolean {
    return view.name === 'screen' && current?.view.togglePlayback?.() === true;
  }

  return { render, fail, togglePlayback };
}

/**
 * Entry point: renders whatever state the main process (or the preview's
 * bridge) reports, and nothing else. Escape hides the popover; Space toggles
 * playback where it would otherwise do nothing.
 */
import type { ViewState } from '../../main/contract/ipc.ts';
import { createApp } from './app.ts';

function start(): void {
  const host = document.getElementById('app');
  if (host === null) throw new Error('index.html has no #app element');
  // Typed as always present, but a page opened without the preload or a bridge has none.
  const api = (window as Partial<Window>).traytune;
  if (api === undefined) {
    host.textContent = 'Traytune’s popover must be opened by the app or by `npm run preview`.';
    console.error('traytune: window.traytune is missing (no preload or bridge)');
    return;
  }
  const app = createApp(host, api);
  let pushed = false;
  api.onState((state: ViewState) => {
    pushed = true;
    app.render(state);
  });
  // A pushed state is newer than the snapshot that was in flight when it arrived.
  api.getState().then((state) => {
    if (!pushed) app.render(state);
  }, app.fail);
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      api.hidePopover().catch(app.fail);
    } else if (event.key === ' ' && !event.repeat && !ownsSpace(event.target) && app.togglePlayback()) {
      // Only when it toggled: otherwise Space keeps scrolling the popover.
      event.preventDefault();
    }
  });
}

/** Fields type a space, and buttons, checkboxes and links already act on it themselves. */
function ownsSpace(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, button, a[href], [contenteditable], [role="button"]') !== null;
}

start();

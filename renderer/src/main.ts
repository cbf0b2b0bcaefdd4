/**
 * Entry point: renders whatever state the main process (or the preview's
 * bridge) reports, and nothing else. Escape hides the popover.
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
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    event.preventDefault();
    api.hidePopover().catch(app.fail);
  });
}

start();

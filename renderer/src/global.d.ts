/**
 * The one global the popover relies on: the typed API the preload (Electron)
 * or the preview's bridge script (browser) installs before app.js runs.
 */
import type { TraytuneApi } from '../../main/contract/ipc.ts';

declare global {
  interface Window {
    traytune: TraytuneApi;
  }
}

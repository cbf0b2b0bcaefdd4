/**
 * Browser side of the renderer harness: a scripted `window.traytune`. The
 * server bundles this file and serves it before app.js (CSP allows no inline
 * script). Tests push view states through `window.traytuneTest` with
 * `page.evaluate` and read back every call the popover made. It also records
 * CSP violations, which the browser reports only inside the page.
 */
import type { SaveSettingsResult, SetPreferencesResult, TraytuneApi, ViewState } from '../../main/contract/ipc.ts';

/** One API call as the popover made it. */
export interface RecordedCall {
  method: keyof TraytuneApi;
  args: unknown[];
}

/** The control surface tests reach through `window.traytuneTest`. */
export interface RendererTestControl {
  /**
   * Delivers a state to the popover (a structured clone, as IPC does). With
   * `sampledNow` (the default) a now-playing sample is stamped with the page's
   * clock, so tests with a fake clock stay in step.
   */
  push(state: ViewState, options?: { sampledNow?: boolean }): void;
  calls: RecordedCall[];
  violations: string[];
  /** What `saveSettings` answers next. */
  saveResult: SaveSettingsResult;
  /** What `setPreferences` answers next. */
  preferencesResult: SetPreferencesResult;
  /** Methods that reject from now on, to show the popover reports failures. */
  failing: string[];
  listenerCount(): number;
}

const listeners = new Set<(state: ViewState) => void>();
let current: ViewState | null = null;
const waiting: ((state: ViewState) => void)[] = [];

const control: RendererTestControl = {
  push(state, options = {}) {
    const copy = structuredClone(state);
    const playing = copy.app.screen === 'logged-in' ? copy.app.nowPlaying : null;
    if (options.sampledNow !== false && playing !== null && 'sampledAt' in playing) playing.sampledAt = Date.now();
    current = copy;
    for (const resolve of waiting.splice(0)) resolve(structuredClone(copy));
    for (const listener of listeners) listener(structuredClone(copy));
  },
  calls: [],
  violations: [],
  saveResult: { ok: true },
  preferencesResult: { ok: true },
  failing: [],
  listenerCount: () => listeners.size,
};

function record<T>(method: keyof TraytuneApi, args: unknown[], result: T): Promise<T> {
  control.calls.push({ method, args: structuredClone(args) });
  if (control.failing.includes(method)) return Promise.reject(new Error(`${method} failed (scripted)`));
  return Promise.resolve(result);
}

const api: TraytuneApi = {
  getState() {
    control.calls.push({ method: 'getState', args: [] });
    if (current !== null) return Promise.resolve(structuredClone(current));
    // Like the real bridge, the first snapshot may come after the page has loaded.
    return new Promise((resolve) => waiting.push(resolve));
  },
  onState(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  login: () => record('login', [], undefined),
  cancelLogin: () => record('cancelLogin', [], undefined),
  logout: () => record('logout', [], undefined),
  saveSettings: (input) => record('saveSettings', [input], control.saveResult),
  openExternal: (target) => record('openExternal', [target], undefined),
  startDemo: () => record('startDemo', [], undefined),
  hidePopover: () => record('hidePopover', [], undefined),
  togglePlayback: () => record('togglePlayback', [], undefined),
  next: () => record('next', [], undefined),
  previous: () => record('previous', [], undefined),
  toggleLike: () => record('toggleLike', [], undefined),
  setPreferences: (patch) => record('setPreferences', [patch], control.preferencesResult),
  forgetThisComputer: () => record('forgetThisComputer', [], undefined),
};

document.addEventListener('securitypolicyviolation', (event) => {
  control.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
});

const target = window as unknown as { traytune: TraytuneApi; traytuneTest: RendererTestControl };
target.traytune = api;
target.traytuneTest = control;

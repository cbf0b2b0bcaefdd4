/**
 * The browser preview's `window.traytune`: the same TraytuneApi the preload
 * exposes in the app, implemented over HTTP to the preview server (see
 * main/app/bridge-protocol.ts). Loaded as a classic script before app.js,
 * so the popover finds the API where it expects it. It holds no secrets of
 * the Spotify login: only view states come back from the server.
 */
import { API_PREFIX, EVENTS_PATH, STATE_EVENT, TOKEN_HEADER, TOKEN_META } from '../../main/app/bridge-protocol.ts';
import {
  invokeChannels,
  type ExternalTarget,
  type InvokeChannel,
  type Preferences,
  type SaveSettingsResult,
  type SetPreferencesResult,
  type SettingsInput,
  type TraytuneApi,
  type ViewState,
} from '../../main/contract/ipc.ts';

/** Wait before reconnecting the event stream; the server may be restarting. */
const RECONNECT_MS = 1_000;

const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content ?? '';

async function invoke(channel: InvokeChannel, args: unknown[] = []): Promise<unknown> {
  const response = await fetch(`${API_PREFIX}${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
    body: JSON.stringify(args),
    cache: 'no-store',
  });
  const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: unknown };
  if (!response.ok) {
    throw new Error(typeof body.error === 'string' ? body.error : `${channel} failed (HTTP ${response.status})`);
  }
  return body.result;
}

const listeners = new Set<(state: ViewState) => void>();
let stream: AbortController | null = null;

function deliver(state: ViewState): void {
  for (const listener of listeners) {
    try {
      listener(state);
    } catch (error) {
      console.error('traytune bridge: state listener failed', error);
    }
  }
}

/** Parses one SSE message (`event:` and `data:` lines) and delivers a state. */
function handleMessage(message: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of message.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (event === STATE_EVENT && data.length > 0) deliver(JSON.parse(data.join('\n')) as ViewState);
}

/**
 * Reads the event stream with fetch rather than EventSource, because
 * EventSource cannot send the token header. Reconnects until nobody listens.
 */
async function follow(controller: AbortController): Promise<void> {
  while (!controller.signal.aborted) {
    try {
      const response = await fetch(EVENTS_PATH, {
        headers: { [TOKEN_HEADER]: token },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!response.ok || response.body === null) throw new Error(`event stream: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += value.replace(/\r\n?/g, '\n');
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          handleMessage(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
          end = buffered.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      console.warn('traytune bridge: event stream interrupted; reconnecting', error);
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

const api: TraytuneApi = {
  getState: () => invoke(invokeChannels.getState) as Promise<ViewState>,
  onState(listener) {
    listeners.add(listener);
    if (stream === null) {
      const controller = new AbortController();
      stream = controller;
      void follow(controller);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stream !== null) {
        stream.abort();
        stream = null;
      }
    };
  },
  login: async () => void (await invoke(invokeChannels.login)),
  cancelLogin: async () => void (await invoke(invokeChannels.cancelLogin)),
  logout: async () => void (await invoke(invokeChannels.logout)),
  saveSettings: (input: SettingsInput) => invoke(invokeChannels.saveSettings, [input]) as Promise<SaveSettingsResult>,
  openExternal: async (target: ExternalTarget) => void (await invoke(invokeChannels.openExternal, [target])),
  startDemo: async () => void (await invoke(invokeChannels.startDemo)),
  hidePopover: async () => void (await invoke(invokeChannels.hidePopover)),
  togglePlayback: async () => void (await invoke(invokeChannels.togglePlayback)),
  next: async () => void (await invoke(invokeChannels.next)),
  previous: async () => void (await invoke(invokeChannels.previous)),
  toggleLike: async () => void (await invoke(invokeChannels.toggleLike)),
  setPreferences: (patch: Partial<Preferences>) =>
    invoke(invokeChannels.setPreferences, [patch]) as Promise<SetPreferencesResult>,
  forgetThisComputer: async () => void (await invoke(invokeChannels.forgetThisComputer)),
};

// Read-only and frozen, like the preload's contextBridge object.
Object.defineProperty(window, 'traytune', { value: Object.freeze(api), enumerable: true });

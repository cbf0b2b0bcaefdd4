/**
 * The one IPC gate (electron/fiddle's pattern): every `ipcMain.handle` goes
 * through `IpcGate#handle`, which answers only the popover's main frame on the
 * `app://traytune` origin and only with arguments that pass the contract's
 * validator, before the handler runs. State flows the other way as one event,
 * `eventChannels.state`, carrying a ViewState (which holds no token by
 * construction).
 */
import {
  eventChannels,
  invokeChannels,
  validateArgs,
  type InvokeChannel,
  type InvokeSignatures,
  type TraytuneApi,
  type ViewState,
} from '../contract/ipc.ts';
import type { Logger } from '../core/log.ts';
import { isAppOrigin } from './protocol.ts';

/**
 * What the gate calls: the contract's API minus the renderer-side `onState`,
 * plus a main-side `subscribe`. main/app's AppService implements it.
 */
export type ApiHandlers = Omit<TraytuneApi, 'onState'> & {
  /** Calls `listener` with every new ViewState; returns the unsubscribe function. */
  subscribe(listener: (state: ViewState) => void): () => void;
};

/** The parts of Electron's WebFrameMain the gate looks at. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of the popover's WebContents the gate uses. */
export interface PopoverContents {
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The parts of Electron's IpcMainInvokeEvent the gate looks at. */
export interface InvokeEvent {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of Electron's ipcMain the gate uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What the gate checks senders against and logs refusals to. */
export interface IpcGateOptions {
  ipcMain: IpcMainLike;
  /** The popover's web contents, or null before it exists or after it is gone. */
  popover: () => PopoverContents | null;
  logger: Logger;
}

type Handler<C extends InvokeChannel> = (
  ...args: InvokeSignatures[C]['args']
) => Promise<InvokeSignatures[C]['result']>;

/**
 * True only for the popover's main frame showing the app's own origin. A
 * frame that navigated elsewhere (the guards should stop that), a subframe,
 * or any other web contents is not trusted.
 */
export function isTrustedSender(event: InvokeEvent, popover: PopoverContents | null): boolean {
  if (popover === null || popover.isDestroyed() || event.sender !== popover) return false;
  const frame = event.senderFrame;
  if (frame === null) return false;
  // Compared by ids, not object identity: Electron may hand out different wrappers for one frame.
  const main = popover.mainFrame;
  return frame.processId === main.processId && frame.routingId === main.routingId && isAppOrigin(frame.url);
}

/** Wraps `ipcMain.handle` with the sender check and argument validation. */
export class IpcGate {
  readonly #options: IpcGateOptions;
  readonly #channels = new Set<InvokeChannel>();

  constructor(options: IpcGateOptions) {
    this.#options = options;
  }

  /** Registers `handler` for `channel`; it runs only for a trusted sender with valid arguments. */
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    const { ipcMain, logger } = this.#options;
    const validate = validateArgs[channel] as (args: unknown[]) => args is InvokeSignatures[C]['args'];
    this.#channels.add(channel);
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event, this.#options.popover())) {
        // The URL says which page tried; arguments are never logged.
        logger.warn('IPC refused: not the popover', { channel, frame: event.senderFrame?.url ?? null });
        throw new Error('Refused.');
      }
      if (!validate(args)) {
        logger.warn('IPC refused: invalid arguments', { channel, count: args.length });
        throw new Error('Invalid arguments.');
      }
      try {
        return await handler(...args);
      } catch (error) {
        logger.error(`IPC handler for ${channel} failed`, error);
        // The renderer learns that it failed, not main's internals (Electron sends it only the
        // error's string); the state carries what the user sees.
        throw new Error(`${channel} failed.`, { cause: error });
      }
    });
  }

  /** Removes every handler this gate registered. */
  dispose(): void {
    for (const channel of this.#channels) this.#options.ipcMain.removeHandler(channel);
    this.#channels.clear();
  }
}

/** Sends a state to the popover, if it is still there. */
export function pushState(target: PopoverContents | null, state: ViewState): void {
  if (target === null || target.isDestroyed()) return;
  target.send(eventChannels.state, state);
}

/**
 * Registers a handler for every invoke channel of the contract and pushes
 * each new state to the popover. Returns the function that undoes both.
 */
export function setupIpc(options: IpcGateOptions & { handlers: ApiHandlers }): () => void {
  const { handlers } = options;
  const gate = new IpcGate(options);
  gate.handle(invokeChannels.getState, () => handlers.getState());
  gate.handle(invokeChannels.login, () => handlers.login());
  gate.handle(invokeChannels.cancelLogin, () => handlers.cancelLogin());
  gate.handle(invokeChannels.logout, () => handlers.logout());
  gate.handle(invokeChannels.saveSettings, (input) => handlers.saveSettings(input));
  gate.handle(invokeChannels.openExternal, (target) => handlers.openExternal(target));
  gate.handle(invokeChannels.startDemo, () => handlers.startDemo());
  gate.handle(invokeChannels.hidePopover, () => handlers.hidePopover());
  gate.handle(invokeChannels.togglePlayback, () => handlers.togglePlayback());
  gate.handle(invokeChannels.next, () => handlers.next());
  gate.handle(invokeChannels.previous, () => handlers.previous());
  gate.handle(invokeChannels.toggleLike, () => handlers.toggleLike());
  gate.handle(invokeChannels.setPreferences, (patch) => handlers.setPreferences(patch));
  gate.handle(invokeChannels.forgetThisComputer, () => handlers.forgetThisComputer());
  const unsubscribe = handlers.subscribe((state) => pushState(options.popover(), state));
  return () => {
    unsubscribe();
    gate.dispose();
  };
}

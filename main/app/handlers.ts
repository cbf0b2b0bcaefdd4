/**
 * The contract's invoke channels mapped onto AppService, with the contract's
 * argument validation in front. The preview's bridge server calls
 * `invokeChannel`; the Electron IPC gate can use the same table after its
 * sender check, so both front ends reach the service the same way.
 */
import { validateArgs, type InvokeChannel, type InvokeSignatures } from '../contract/ipc.ts';
import type { AppService } from './app-service.ts';

/** The part of AppService a front end drives. */
export type ServiceApi = Pick<
  AppService,
  | 'getState'
  | 'view'
  | 'subscribe'
  | 'login'
  | 'cancelLogin'
  | 'logout'
  | 'saveSettings'
  | 'openExternal'
  | 'startDemo'
  | 'hidePopover'
  | 'togglePlayback'
  | 'next'
  | 'previous'
  | 'toggleLike'
  | 'setPreferences'
  | 'forgetThisComputer'
>;

/** One handler per invoke channel, typed by the contract. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeSignatures[C]['args']) => Promise<InvokeSignatures[C]['result']>;
};

export function serviceHandlers(service: ServiceApi): InvokeHandlers {
  return {
    'app:get-state': () => service.getState(),
    'auth:login': () => service.login(),
    'auth:cancel-login': () => service.cancelLogin(),
    'auth:logout': () => service.logout(),
    'settings:save': (input) => service.saveSettings(input),
    'shell:open-external': (target) => service.openExternal(target),
    'demo:start': () => service.startDemo(),
    'window:hide-popover': () => service.hidePopover(),
    'player:toggle': () => service.togglePlayback(),
    'player:next': () => service.next(),
    'player:previous': () => service.previous(),
    'library:toggle-like': () => service.toggleLike(),
    'settings:set-preferences': (patch) => service.setPreferences(patch),
    'settings:forget': () => service.forgetThisComputer(),
  };
}

/** The arguments of a call did not pass the contract's validator; nothing ran. */
export class InvalidArgumentsError extends Error {
  override readonly name = 'InvalidArgumentsError';
}

export function isInvokeChannel(value: string): value is InvokeChannel {
  return Object.hasOwn(validateArgs, value);
}

/** Validates `args` for `channel`, then runs its handler. Throws InvalidArgumentsError before running anything. */
export function invokeChannel(handlers: InvokeHandlers, channel: InvokeChannel, args: unknown[]): Promise<unknown> {
  if (!validateArgs[channel](args)) throw new InvalidArgumentsError(`Invalid arguments for ${channel}.`);
  // validateArgs[channel] has just proven `args` fits this channel's handler.
  const handler = handlers[channel] as (...validated: unknown[]) => Promise<unknown>;
  return handler(...args);
}

/**
 * TEST DOUBLE helpers shared by the `electron` double's sections: a small
 * EventEmitter (as Electron's app, windows, web contents, trays and
 * powerMonitor are) and an event with `preventDefault`.
 */

// Any listener signature fits `never` parameters; the emitters call listeners with what Electron would pass.
export type Listener = (...args: never[]) => unknown;
export const call = (listener: Listener, args: unknown[]): unknown =>
  (listener as (...a: unknown[]) => unknown)(...args);

/** A small EventEmitter, as Electron's app, windows, web contents and trays are. */
export class EmitterDouble {
  readonly #listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.#listeners.set(
      event,
      (this.#listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** Calls the listeners in order, as Node's emit does. */
  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.#listeners.get(event) ?? [];
    for (const listener of listeners) call(listener, args);
    return listeners.length > 0;
  }
  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
}

/** An event with `preventDefault`, as Electron passes to will-navigate, close … */
export function preventableEvent<T extends object>(
  fields: T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

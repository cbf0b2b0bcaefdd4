/**
 * Shared setup for the fault matrix files: cores started through here are
 * closed after each test, and a core can sit behind switchable links so the
 * network can fail while it runs.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { afterEach } from 'vitest';

import { startFakeSpotify } from '../fake-spotify/index.ts';
import { startFaultCore, type FaultCore, type FaultCoreOptions } from '../support/faults-harness.ts';
import { startLink, type Link } from '../support/faults-link.ts';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  // Newest first: a core goes before the fake and links it talks to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export async function faultCore(options: FaultCoreOptions = {}): Promise<FaultCore> {
  const h = await startFaultCore(options);
  onCleanup(() => h.close());
  return h;
}

/** A core logged in through two links (accounts, API) that the test can pull. */
export async function linkedCore(): Promise<{ h: FaultCore; accounts: Link; api: Link }> {
  const fake = await startFakeSpotify();
  onCleanup(() => fake.close());
  const accounts = await startLink(fake.port);
  const api = await startLink(fake.port);
  onCleanup(async () => {
    await accounts.close();
    await api.close();
  });
  const h = await faultCore({ fake, accountsUrl: accounts.origin, apiUrl: `${api.origin}/v1` });
  return { h, accounts, api };
}

/** A port on 127.0.0.1 with nothing listening (it was free a moment ago). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Real time for the core's own timers to act; only ever a bound, never asserted. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

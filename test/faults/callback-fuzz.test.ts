/**
 * Fuzzing the login callback server: over ten thousand generated malformed
 * requests, raw over TCP, against the real CallbackServer of a real core with
 * a login pending, plus a few slow clients that the server's own timeouts
 * must cut off. Nothing may crash or reject unhandled, nothing but the real
 * callback may get a 200, and the pending login must still complete.
 */
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeState, pendingCallback, record } from '../support/faults-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { faultCore } from './fault-setup.ts';
import { fuzzRequests, prng, type FuzzRequest } from './fuzz-requests.ts';

const SEED = 0x7e57c0de;
const REQUESTS = 10_200;
const CONCURRENCY = 50;
const SLOW_CLIENTS = 4;
/** The answers a hostile or broken request may get. */
const ALLOWED = new Set([400, 404, 408, 413, 414, 431, 501, 505]);

interface Answer {
  statuses: number[];
  closedBy: 'server' | 'error' | 'hung';
}

const unhandled: unknown[] = [];
const onRejection = (reason: unknown): void => void unhandled.push(reason);
const onException = (error: unknown): void => void unhandled.push(error);
beforeAll(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

/** Sends raw bytes, half-closes, and reads whatever comes back until the server closes. */
function send(port: number, bytes: Buffer, limitMs = 15_000): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const guard = setTimeout(() => finish('hung'), limitMs);
    let done = false;
    function finish(closedBy: Answer['closedBy']): void {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ statuses, closedBy });
    }
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish('error'));
    socket.on('close', () => finish('server'));
    socket.on('connect', () => socket.end(bytes));
  });
}

/** Opens a request and feeds it a byte at a time, never finishing the headers. */
function dribble(port: number, seed: number, limitMs: number): Promise<Answer & { bytesSent: number }> {
  return new Promise((resolve) => {
    const random = prng(seed);
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    let bytesSent = 0;
    let done = false;
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(String.fromCharCode(97 + Math.floor(random() * 26)));
      bytesSent += 1;
    }, 400);
    const guard = setTimeout(() => finish('hung'), limitMs);
    function finish(closedBy: Answer['closedBy']): void {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(guard);
      socket.destroy();
      const statuses = [
        ...Buffer.concat(chunks)
          .toString('latin1')
          .matchAll(/HTTP\/1\.[01] (\d{3})/g),
      ].map((m) => Number(m[1]));
      resolve({ statuses, closedBy, bytesSent });
    }
    socket.on('connect', () => socket.write('GET /callback?state='));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish('error'));
    socket.on('close', () => finish('server'));
  });
}

describe('callback server fuzz', () => {
  it('callback fuzz: malformed requests never crash it or complete a login', async () => {
    const h = await faultCore();
    await h.core.start();
    await h.core.login();
    const { redirect } = pendingCallback(h);
    const port = Number(redirect.port);
    const next = fuzzRequests(SEED, port);

    // Slow clients run alongside the flood; the server's header timeout must end them.
    const slow = Array.from({ length: SLOW_CLIENTS }, (_, i) => dribble(port, SEED + i, 60_000));

    const tally = new Map<string, number>();
    const bad: { request: FuzzRequest; answer: Answer }[] = [];
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS) {
        sent += 1;
        const request = next(sent);
        const answer = await send(port, request.bytes);
        const key = `${request.category}:${answer.statuses[0] ?? answer.closedBy}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        const allowed = answer.statuses.every((s) => ALLOWED.has(s));
        const answered = !request.wellFormed || answer.statuses.length > 0;
        if (!allowed || !answered || answer.closedBy === 'hung') bad.push({ request, answer });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const slowAnswers = await Promise.all(slow);
    const total = sent + SLOW_CLIENTS;
    console.log(`callback fuzz: ${total} requests`);
    expect(
      bad.map(
        (b) =>
          `${b.request.category} ${JSON.stringify(b.request.bytes.toString('latin1').slice(0, 120))} → ${b.answer.statuses.join(',') || b.answer.closedBy}`,
      ),
    ).toEqual([]);
    for (const answer of slowAnswers) {
      expect(answer.closedBy).not.toBe('hung');
      expect(answer.statuses.every((s) => ALLOWED.has(s))).toBe(true);
    }
    expect(unhandled).toEqual([]);

    // The login that was pending all along still completes.
    expect(h.core.state.screen).toBe('logging-in');
    const page = await h.consent('agree');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Logged in');
    await waitFor(() => h.core.state.screen === 'logged-in', 'logged in after the fuzz');
    const statuses = [...new Set([...tally.keys()].map((k) => k.split(':')[1]))].sort().join('/');
    record({
      scenario: 'callback fuzz: malformed requests never crash it or complete a login',
      outcome: `${total} requests (${SLOW_CLIENTS} slow, cut off by the server), answers ${statuses}, no 200, ${describeState(h.core.state)} afterwards`,
      tokensLost: false,
      problems: [],
    });
  }, 120_000);
});

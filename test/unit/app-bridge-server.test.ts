/**
 * The preview's bridge server over real HTTP: the page it serves (CSP,
 * token, bridge before app.js), its static files (no escape from the build
 * directory), and its gate — right Host, same origin, the per-run token,
 * JSON arguments the contract accepts — before any call reaches the service.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { TOKEN_HEADER } from '../../main/app/bridge-protocol.ts';
import { startBridgeServer, type BridgeServer } from '../../main/app/bridge-server.ts';
import type { ServiceApi } from '../../main/app/handlers.ts';
import { DEFAULT_PREFERENCES, type ViewState } from '../../main/contract/ipc.ts';
import { waitFor } from '../support/wait-for.ts';

const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'";
const INDEX = `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="__TRAYTUNE_CSP__" />
<script src="app.js" defer></script>
</head><body></body></html>`;

const baseView: ViewState = {
  app: { screen: 'logged-out', notice: null },
  setup: {
    redirectUri: 'http://127.0.0.1:29593/callback',
    clientId: null,
    dashboardUrl: 'https://developer.spotify.com/dashboard',
  },
  demo: false,
  tokenStorage: 'key-file',
  version: '1.0.0',
  preferences: { ...DEFAULT_PREFERENCES },
  platform: 'linux',
};

let dir: string;
let server: BridgeServer;
let calls: unknown[][];
let push: (view: ViewState) => void;
let pages: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traytune-bridge-'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'app.js'), 'console.log("app")');
  await writeFile(join(dir, '.env'), 'SECRET=1');
  calls = [];
  pages = [];
  let view = baseView;
  const listeners = new Set<(state: ViewState) => void>();
  push = (next) => {
    view = next;
    for (const listener of listeners) listener(next);
  };
  const record =
    (name: string) =>
    async (...args: unknown[]): Promise<void> =>
      void calls.push([name, ...args]);
  const service: ServiceApi = {
    get view() {
      return view;
    },
    getState: async () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    login: record('login'),
    cancelLogin: record('cancelLogin'),
    logout: async () => {
      throw new Error('disk on fire at /home/user/secret');
    },
    saveSettings: async (input) => {
      calls.push(['saveSettings', input]);
      return { ok: true };
    },
    openExternal: record('openExternal'),
    startDemo: record('startDemo'),
    hidePopover: record('hidePopover'),
    togglePlayback: record('togglePlayback'),
    next: record('next'),
    previous: record('previous'),
    toggleLike: record('toggleLike'),
    setPreferences: async (patch) => {
      calls.push(['setPreferences', patch]);
      return { ok: true };
    },
    forgetThisComputer: record('forgetThisComputer'),
  };
  server = await startBridgeServer({
    service,
    rendererDir: dir,
    bridgeScript: 'window.bridged = true;',
    csp: CSP,
    port: 0,
    onPagesChanged: (count) => pages.push(count),
  });
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, so the test controls every header (Host and Origin included). */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const api = (channel: string, args: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  call(
    'POST',
    `/api/${channel}`,
    { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, origin: server.url.slice(0, -1), ...headers },
    typeof args === 'string' ? args : JSON.stringify(args),
  );

describe('bridge server: the page', () => {
  it('serves index.html with the CSP (header and meta) and the bridge ahead of app.js', async () => {
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.body).toContain(`content="${CSP}"`);
    expect(page.body).not.toContain('__TRAYTUNE_CSP__');
    expect(page.body).toContain(`<meta name="traytune-bridge-token" content="${server.token}">`);
    expect(page.body.indexOf('src="bridge.js"')).toBeLessThan(page.body.indexOf('src="app.js"'));
    expect((await call('GET', '/bridge.js')).body).toBe('window.bridged = true;');
    const app = await call('GET', '/app.js');
    expect(app.headers['content-type']).toMatch(/^text\/javascript/);
    expect(app.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves nothing outside the build directory, no dot files, no unknown types', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/.env',
      '/%2fetc%2fpasswd',
      '/a\\..\\b.js',
      '/missing.js',
    ]) {
      expect((await call('GET', path)).status, path).toBe(404);
    }
  });

  it('answers only under the address it printed (no DNS rebinding)', async () => {
    expect((await call('GET', '/', { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await api('auth:login', [], { host: `localhost:${server.port}` })).status).toBe(421);
    expect(calls).toEqual([]);
  });
});

describe('bridge server: the API gate', () => {
  it('runs a valid call and returns its result', async () => {
    const reply = await api('settings:save', [{ clientId: '0123456789abcdef0123456789abcdef' }]);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ result: { ok: true } });
    expect(reply.headers['cache-control']).toBe('no-store');
    expect((await api('shell:open-external', ['dashboard'])).status).toBe(200);
    expect(JSON.parse((await api('app:get-state', [])).body)).toEqual({ result: baseView });
    expect(calls).toEqual([
      ['saveSettings', { clientId: '0123456789abcdef0123456789abcdef' }],
      ['openExternal', 'dashboard'],
    ]);
  });

  it('refuses calls without the token, with a wrong one, or from another origin (403)', async () => {
    const withoutToken = await call('POST', '/api/auth:login', { 'content-type': 'application/json' }, '[]');
    expect(withoutToken.status).toBe(403);
    expect((await api('auth:login', [], { [TOKEN_HEADER]: 'guess' })).status).toBe(403);
    expect((await api('auth:login', [], { [TOKEN_HEADER]: `${server.token.slice(1)}x` })).status).toBe(403);
    expect((await api('auth:login', [], { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('auth:login', [], { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call('GET', '/api/events')).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('refuses bad arguments before anything runs (400)', async () => {
    const bad: unknown[] = [
      [1],
      [{ clientId: 'x', extra: true }],
      [{ clientId: 42 }],
      [{ clientId: 'x'.repeat(300) }],
      ['anything'],
      {},
      'not json',
    ];
    for (const args of bad) expect((await api('settings:save', args)).status, JSON.stringify(args)).toBe(400);
    expect((await api('shell:open-external', ['file:///etc/passwd'])).status).toBe(400);
    expect((await api('auth:login', ['extra'])).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('answers unknown channels, wrong methods and non-JSON bodies precisely', async () => {
    expect((await api('shell:run', [])).status).toBe(404);
    expect((await api('constructor', [])).status).toBe(404);
    const get = await call('GET', '/api/auth:login', { [TOKEN_HEADER]: server.token });
    expect(get.status).toBe(405);
    expect((await api('auth:login', '[]', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api('auth:login', JSON.stringify(['x'.repeat(70_000)]))).status).toBe(413);
  });

  it('reports a failing call without its details', async () => {
    const reply = await api('auth:logout', []);
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('secret');
  });
});

describe('bridge server: events', () => {
  it('streams the current state first, then every new one, and counts open pages', async () => {
    const received: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: { [TOKEN_HEADER]: server.token } },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => received.push(chunk));
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
    await waitFor(() => received.join('').includes('\n\n'), 'the first event');
    push({ ...baseView, app: { screen: 'logging-in' } });
    await waitFor(() => received.join('').includes('logging-in'), 'the pushed event');
    await server.close();
    await done;
    const events = received
      .join('')
      .split('\n\n')
      .filter((block) => block.startsWith('event: state'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as ViewState);
    expect(events.map((e) => e.app.screen)).toEqual(['logged-out', 'logging-in']);
    await waitFor(() => pages.length === 2, 'the page count to drop');
    expect(pages).toEqual([1, 0]);
  });
});

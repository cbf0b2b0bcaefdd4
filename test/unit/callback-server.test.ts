import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { pages, renderPage, type CallbackPage } from '../../main/core/auth/callback-pages.ts';
import { CallbackServer } from '../../main/core/auth/callback-server.ts';
import { silentLogger } from '../../main/core/log.ts';

const servers: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function get(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(onCallback: (params: URLSearchParams) => Promise<CallbackPage> = async () => pages.loggedIn()) {
  const seen: URLSearchParams[] = [];
  const server = new CallbackServer({
    host: '127.0.0.1',
    port: 0,
    path: '/callback',
    logger: silentLogger,
    onCallback: async (params) => {
      seen.push(params);
      return onCallback(params);
    },
  });
  servers.push(server);
  const port = await server.listen();
  return { server, port, seen };
}

describe('CallbackServer', () => {
  it('hands GET on the redirect path to the flow and renders its page with strict headers', async () => {
    const { port, seen } = await start();
    const res = await get(port, '/callback?code=abc&state=xyz');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Logged in — you can close this tab and return to Traytune.');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(seen[0]?.get('code')).toBe('abc');
  });

  it('answers 404 to other paths and methods without consulting the flow', async () => {
    const { port, seen } = await start();
    expect((await get(port, '/')).status).toBe(404);
    expect((await get(port, '/callback/x?state=1')).status).toBe(404);
    expect((await get(port, '/callback?state=1', 'POST')).status).toBe(404);
    expect((await get(port, '/callback?state=1', 'HEAD')).status).toBe(404);
    expect(seen).toHaveLength(0);
  });

  it('binds to the loopback address only', async () => {
    const { server } = await start();
    expect(server.address).toBe('127.0.0.1');
    const v6 = new CallbackServer({
      host: '::1',
      port: 0,
      path: '/cb',
      logger: silentLogger,
      onCallback: async () => pages.loggedIn(),
    });
    servers.push(v6);
    try {
      await v6.listen();
      expect(v6.address).toBe('::1');
    } catch (error) {
      // Machines without IPv6 say so with a clear problem instead of binding elsewhere.
      expect(error).toMatchObject({ kind: 'port-busy', message: expect.stringContaining('[::1]') });
    }
  });

  it('reports a busy port with the port number and the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    servers.push({ close: () => new Promise<void>((resolve) => blocker.close(() => resolve())) });
    const port = (blocker.address() as AddressInfo).port;
    const server = new CallbackServer({
      host: '127.0.0.1',
      port,
      path: '/callback',
      logger: silentLogger,
      onCallback: async () => pages.loggedIn(),
    });
    await expect(server.listen()).rejects.toMatchObject({
      kind: 'port-busy',
      message: expect.stringContaining(`Port ${port} is in use`),
    });
    await expect(server.listen()).rejects.toThrow(/redirect URI here and in the Spotify dashboard/);
    expect(server.listening).toBe(false);
  });

  it('stops listening on close, even with a keep-alive connection open', async () => {
    const { server, port } = await start();
    await get(port, '/callback?state=a');
    await server.close();
    await expect(get(port, '/callback?state=a')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('shows a generic failure page when the flow throws, and keeps serving', async () => {
    let fail = true;
    const { port } = await start(async () => {
      if (fail) throw new Error('boom');
      return pages.loggedIn();
    });
    const res = await get(port, '/callback?state=a');
    expect(res.status).toBe(502);
    expect(res.body).toContain('could not finish the login');
    fail = false;
    expect((await get(port, '/callback?state=a')).status).toBe(200);
  });

  it('escapes every dynamic text in its pages', () => {
    const html = renderPage(pages.refused('<script>alert(1)</script>'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

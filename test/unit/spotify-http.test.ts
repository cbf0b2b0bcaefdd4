import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';

import { createHttpDispatcher } from '../../main/core/spotify/http.ts';
import { startForwardProxy } from '../support/forward-proxy.ts';
import type { ForwardProxy } from '../support/forward-proxy.ts';
import { startClientHarness } from '../support/spotify-client-harness.ts';
import type { ClientHarness } from '../support/spotify-client-harness.ts';

const ME = { id: 'alice', display_name: 'Alice' };
const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];

let h: ClientHarness;
let proxy: ForwardProxy;
let dispatcher: Dispatcher | undefined;
let savedEnv: Map<string, string | undefined>;

beforeEach(async () => {
  h = await startClientHarness();
  proxy = await startForwardProxy();
  // Each test file runs in its own worker process, so the environment can be changed here safely.
  savedEnv = new Map(PROXY_VARS.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARS) Reflect.deleteProperty(process.env, name);
});

afterEach(async () => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await dispatcher?.destroy();
  dispatcher = undefined;
  await h.close();
  await proxy.close();
});

describe('createHttpDispatcher: proxies', () => {
  it('sends requests through an explicitly configured proxy', async () => {
    dispatcher = createHttpDispatcher({ httpProxy: proxy.url, noProxy: '' });
    h.server.reply({ status: 200, body: ME });
    expect((await h.client({ dispatcher }).getMe()).id).toBe('alice');
    expect(proxy.seen).toEqual([`GET ${h.server.origin}/v1/me`]);
    expect(h.server.requests).toHaveLength(1);
  });

  it('honours HTTP_PROXY from the environment', async () => {
    process.env['HTTP_PROXY'] = proxy.url;
    dispatcher = createHttpDispatcher();
    h.server.reply({ status: 200, body: ME });
    expect((await h.client({ dispatcher }).getMe()).id).toBe('alice');
    expect(proxy.seen).toEqual([`GET ${h.server.origin}/v1/me`]);
  });

  it('goes direct for hosts listed in NO_PROXY', async () => {
    process.env['HTTP_PROXY'] = proxy.url;
    process.env['NO_PROXY'] = 'example.org, 127.0.0.1';
    dispatcher = createHttpDispatcher();
    h.server.reply({ status: 200, body: ME });
    expect((await h.client({ dispatcher }).getMe()).id).toBe('alice');
    expect(proxy.seen).toEqual([]);
    expect(h.server.requests).toHaveLength(1);
  });

  it('goes direct when no proxy is configured', async () => {
    dispatcher = createHttpDispatcher();
    h.server.reply({ status: 200, body: ME });
    await h.client({ dispatcher }).getMe();
    expect(proxy.seen).toEqual([]);
    expect(h.server.requests).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { serve } from '@hono/node-server';
import { createRouter, createStaticConfigSource, type ClientApi, type ProxyInput, type Router } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from '../app.js';
import { proxyRoutes } from './route-table.js';
import { withProxyFastPath } from '../node/proxy-fast-path.js';
import type { NodeProxyRoutes } from './proxy-route.js';

const completion = '{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}';
const KEY = 'client-key-one';

/** The real engine, with every `proxy` call recorded. */
function spyRouter(): { router: Router; calls: { api: ClientApi; input: ProxyInput }[] } {
  const real = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', models: ['m'] } }], activeProviderId: 'a' }),
    transport: createMemoryTransport(() => ({ chunks: [completion] })),
  });
  const calls: { api: ClientApi; input: ProxyInput }[] = [];
  const router: Router = {
    ...real,
    proxy(api, input) {
      calls.push({ api, input });
      return real.proxy(api, input);
    },
  };
  return { router, calls };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/**
 * The app on a real Node server (body read from the socket, answer written to it): through Hono's listener
 * (`node`), or with the proxy routes served before Hono as the server does (`fast`, see withProxyFastPath).
 */
async function listen(router: Router, clientApiKeys: string[] = [], fast = false, honoCalls?: string[]): Promise<string> {
  const nodeRoutes: NodeProxyRoutes = new Map();
  const app = createApp({ router, version: 't', auth: { clientApiKeys }, nodeRoutes: fast ? nodeRoutes : undefined });
  const createServer = (options: ServerOptions, listener: RequestListener) => {
    const hono = countingListener(listener, honoCalls);
    return createHttpServer(options, fast ? withProxyFastPath(hono, nodeRoutes) : hono);
  };
  server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false, createServer: createServer as never }, () => resolve(created as Server)) as Server;
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `listener`, noting each request it is handed. */
function countingListener(listener: RequestListener, calls?: string[]): RequestListener {
  return (incoming, outgoing) => {
    calls?.push(`${incoming.method} ${incoming.url}`);
    listener(incoming, outgoing);
  };
}

const messageBody = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
const anthropicHeaders = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14' };

describe('the proxy routes', () => {
  for (const transport of ['web', 'node', 'fast'] as const) {
    it(`hands every proxy row's body to router.proxy with its API (${transport})`, async () => {
      const { router, calls } = spyRouter();
      const app = createApp({ router, version: 't' });
      const base = transport === 'web' ? '' : await listen(router, [], transport === 'fast');
      const send = (path: string, init: RequestInit) => (transport === 'web' ? app.request(path, init) : fetch(`${base}${path}`, init));
      for (const route of proxyRoutes()) {
        calls.length = 0;
        const response = await send(route.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: messageBody });
        await response.arrayBuffer();
        expect(calls.map((call) => call.api), route.path).toEqual([route.api]);
        expect(calls[0].input.body).toBe(messageBody);
        // only the APIs that define request headers get any
        expect(calls[0].input.headers).toBeUndefined();
      }
    });

    it(`serves POST /v1/messages?beta=true and passes anthropic-version and anthropic-beta on (${transport})`, async () => {
      const { router, calls } = spyRouter();
      const app = createApp({ router, version: 't', auth: { clientApiKeys: [KEY] } });
      const base = transport === 'web' ? '' : await listen(router, [KEY], transport === 'fast');
      const send = (path: string, init: RequestInit) => (transport === 'web' ? app.request(path, init) : fetch(`${base}${path}`, init));
      for (const path of ['/v1/messages?beta=true', '/v1/messages/count_tokens?beta=true']) {
        calls.length = 0;
        const response = await send(path, { method: 'POST', headers: { ...anthropicHeaders, 'x-api-key': KEY }, body: messageBody });
        await response.arrayBuffer();
        expect(calls.map((call) => call.api), path).toEqual([path.includes('count_tokens') ? 'count_tokens' : 'messages']);
        expect(calls[0].input.headers).toEqual({ 'anthropic-version': '2023-06-01', 'anthropic-beta': anthropicHeaders['anthropic-beta'] });
        expect(calls[0].input.body).toBe(messageBody);
      }
      // chat has no API headers to pass, even when a client sends Anthropic's
      calls.length = 0;
      await (await send('/v1/chat/completions', { method: 'POST', headers: { ...anthropicHeaders, authorization: `Bearer ${KEY}` }, body: messageBody })).arrayBuffer();
      expect(calls[0].input.headers).toBeUndefined();
    });

    it(`checks x-api-key like Authorization on the Node request too (${transport})`, async () => {
      const { router, calls } = spyRouter();
      const app = createApp({ router, version: 't', auth: { clientApiKeys: [KEY] } });
      const base = transport === 'web' ? '' : await listen(router, [KEY], transport === 'fast');
      const send = (path: string, init: RequestInit) => (transport === 'web' ? app.request(path, init) : fetch(`${base}${path}`, init));
      const wrong = await send('/v1/messages', { method: 'POST', headers: { ...anthropicHeaders, 'x-api-key': 'nope' }, body: messageBody });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Incorrect API key provided.' }, request_id: expect.any(String) });
      expect(calls).toEqual([]);
      const right = await send('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: '{"model":"m","messages":[{"role":"user","content":"hi"}]}' });
      expect(right.status).toBe(200);
      expect(await right.json()).toMatchObject({ object: 'chat.completion' });
    });
  }
});

describe('the proxy routes served before Hono (the server\'s request listener)', () => {
  it('serves a POST to a proxy route\'s own path without Hono, and hands every other request to Hono', async () => {
    const { router, calls } = spyRouter();
    const hono: string[] = [];
    const base = await listen(router, [], true, hono);
    const post = (path: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'mine-1' }, body: messageBody });
    for (const route of proxyRoutes()) {
      const response = await post(route.path);
      expect(response.status, route.path).not.toBe(404);
      expect(response.headers.get('x-request-id'), route.path).toBe('mine-1');
      await response.arrayBuffer();
    }
    const beta = await post('/v1/messages?beta=true');
    await beta.arrayBuffer();
    expect(hono).toEqual([]);
    expect(calls.map((call) => call.api)).toEqual([...proxyRoutes().map((route) => route.api), 'messages']);
    expect(calls.at(-1)!.input.query).toBe('beta=true');
    // the other forms of the same routes, and other methods and paths, are Hono's: same answers
    const bare = await post('/chat/completions');
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    expect((await post('/v1/chat/completions/')).status).toBe(200);
    expect((await fetch(`${base}/v1/models`)).status).toBe(200);
    expect((await fetch(`${base}/v1/chat/completions`)).status).toBe(404);
    expect(hono).toEqual(['POST /chat/completions', 'POST /v1/chat/completions/', 'GET /v1/models', 'GET /v1/chat/completions']);
  });

  it('hands a request whose client key is refused to Hono, which answers it in the route\'s shape and counts the refusal once', async () => {
    const { router, calls } = spyRouter();
    const refusals: string[] = [];
    const hono: string[] = [];
    const nodeRoutes: NodeProxyRoutes = new Map();
    const app = createApp({ router, version: 't', auth: { clientApiKeys: [KEY], onClientKeyRejected: (reason) => refusals.push(reason) }, nodeRoutes });
    const createServer = (options: ServerOptions, listener: RequestListener) => createHttpServer(options, withProxyFastPath(countingListener(listener, hono), nodeRoutes));
    server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false, createServer: createServer as never }, () => resolve(created as Server)) as Server;
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const openai = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: messageBody });
    expect(openai.status).toBe(401);
    expect(await openai.json()).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
    const anthropic = await fetch(`${base}/v1/messages`, { method: 'POST', headers: anthropicHeaders, body: messageBody });
    expect(anthropic.status).toBe(401);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(refusals).toEqual(['unknown', 'missing']);
    expect(hono).toEqual(['POST /v1/chat/completions', 'POST /v1/messages']);
    expect(calls).toEqual([]);
    // the right key is served before Hono
    const served = await fetch(`${base}/v1/messages`, { method: 'POST', headers: { ...anthropicHeaders, 'x-api-key': KEY }, body: messageBody });
    expect(served.status).toBe(200);
    expect(hono).toHaveLength(2);
  });
});

describe('errors raised before the engine, in the route dialect', () => {
  const { router } = spyRouter();
  const app = createApp({ router, version: 't' });

  it('answers an unknown path under /v1/messages, a wrong method and a misplaced path as Anthropic does', async () => {
    for (const [method, path, hint] of [
      ['POST', '/v1/messages/batches', /does not serve this API/],
      ['GET', '/v1/messages', /It answers POST only/],
      ['POST', '/v1/messages/nothing/here', /^No route for POST \/v1\/messages\/nothing\/here\.$/],
      ['POST', '/v1/v1/messages', /Did you mean POST \/v1\/messages\? .*without \/v1/],
    ] as const) {
      const response = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? messageBody : undefined });
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { request_id: string };
      expect(body, path).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringMatching(hint) }, request_id: expect.any(String) });
      expect(response.headers.get('x-request-id')).toBe(body.request_id);
    }
  });

  it('keeps OpenAI\'s shape for the OpenAI routes, and Anthropic\'s for any request that carries anthropic-version', async () => {
    const openai = await app.request('/v1/embeddings/x', { method: 'POST' });
    expect(await openai.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'route_not_found' } });
    const anthropic = await app.request('/v2/nothing', { headers: { 'anthropic-version': '2023-06-01' } });
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('hands a 413 or 415 on a Messages route to the engine, which answers it in its dialect and logs it once', async () => {
    const spy = spyRouter();
    const limited = createApp({ router: spy.router, version: 't', maxBodyBytes: 64 });
    const tooLarge = await limited.request('/v1/messages', { method: 'POST', headers: anthropicHeaders, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(200) }] }) });
    expect(spy.calls.map((call) => [call.api, call.input.rejected?.status])).toEqual([['messages', 413]]);
    expect(spy.calls[0].input.headers).toEqual({ 'anthropic-version': '2023-06-01', 'anthropic-beta': anthropicHeaders['anthropic-beta'] });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.stringMatching(/larger than the limit/) }, request_id: expect.any(String) });
    spy.calls.length = 0;
    const wrongType = await limited.request('/v1/messages/count_tokens', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(spy.calls.map((call) => [call.api, call.input.rejected?.status])).toEqual([['count_tokens', 415]]);
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/Content-Type must be application\/json/) } });
    // the limit counts bytes, not UTF-16 units: 30 three-byte characters are 90 bytes
    const multibyte = await limited.request('/v1/messages', { method: 'POST', headers: anthropicHeaders, body: JSON.stringify({ m: '€'.repeat(30) }) });
    expect(multibyte.status).toBe(413);
    // and OpenAI's shape on the OpenAI routes
    const openai = await limited.request('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', input: 'x'.repeat(200) }) });
    expect(openai.status).toBe(413);
    expect(await openai.json()).toMatchObject({ error: { code: 'payload_too_large', type: 'invalid_request_error' } });
  });
});

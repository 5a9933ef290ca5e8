import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './management/test-harness.js';

let t: TestApp | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  server = undefined;
  await t?.close();
  t = undefined;
});

it('refuses a request that comes back through the router (a provider whose baseURL is the router) with 508 loop_detected', async () => {
  t = await createTestApp();
  let chats = 0;
  const hops: (string | undefined)[] = [];
  server = await new Promise<Server>((resolve) => {
    const created = serve({
      port: 0, hostname: '127.0.0.1',
      fetch: (request, env) => {
        if (new URL(request.url).pathname === '/v1/chat/completions') {
          chats++;
          hops.push((env as { incoming?: { headers: Record<string, string> } }).incoming?.headers['x-router-hop']);
        }
        return t!.app.fetch(request, env);
      },
    }, () => resolve(created as Server)) as Server;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect((await t.call('POST', '/v1/providers', { id: 'self', config: { baseURL: `${url}/v1` } })).status).toBe(201);
  expect((await t.call('PUT', '/v1/settings/active-provider', { providerId: 'self' })).status).toBe(200);

  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
  const body = await response.json();
  expect(response.status).toBe(508);
  expect(body).toMatchObject({ error: { code: 'loop_detected', message: expect.stringContaining('came back through this router') } });
  // one request from the client, one that came back and was refused: no retries, no multiplication
  expect(chats).toBe(2);
  expect(hops[0]).toBeUndefined();
  expect(hops[1]).toMatch(/^[0-9a-f-]{36}$/);
});

it('refuses a request that has passed through too many routers, without calling the upstream', async () => {
  t = await createTestApp();
  const chain = Array.from({ length: 8 }, (_, index) => `router-${index}`).join(', ');
  const response = await t.call('POST', '/v1/chat/completions', { model: 'm', messages: [] }, { 'x-router-hop': chain });
  expect(response.status).toBe(508);
  expect(response.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'loop_detected', param: 'x-router-hop' } });
});

it('refuses a request that comes back through the router on every client API, in its own error shape, with one extra request and no more', async () => {
  const { proxyRoutes } = await import('./route-table.js');
  t = await createTestApp();
  let posts = 0;
  server = await new Promise<Server>((resolve) => {
    const created = serve({
      port: 0, hostname: '127.0.0.1',
      fetch: (request, env) => {
        if (request.method === 'POST') posts++;
        return t!.app.fetch(request, env);
      },
    }, () => resolve(created as Server)) as Server;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect((await t.call('POST', '/v1/providers', { id: 'self', config: { baseURL: `${url}/v1` } })).status).toBe(201);
  expect((await t.call('PUT', '/v1/settings/active-provider', { providerId: 'self' })).status).toBe(200);
  const routes = proxyRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(6);
  for (const route of routes) {
    for (const stream of [false, true]) {
      if (stream && (route.api === 'embeddings' || route.api === 'count_tokens')) continue;
      const before = posts;
      const body = route.api === 'completions' ? { model: 'm', prompt: 'hi', stream } : route.api === 'responses' || route.api === 'embeddings' ? { model: 'm', input: 'hi', stream } : { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], stream };
      const response = await fetch(`${url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await response.text();
      const name = `${route.path} stream=${stream}`;
      if (route.api === 'count_tokens') {
        // over a chat provider the router counts itself: nothing goes upstream, so nothing can loop
        expect([response.status, posts - before], name).toEqual([200, 1]);
        continue;
      }
      expect(response.status, `${name} ${text}`).toBe(508);
      if (route.api === 'messages') expect(JSON.parse(text), name).toMatchObject({ type: 'error', error: { message: expect.stringContaining('came back through this router') } });
      // chat's own answer passes on as it is (`loop_detected`); a translating API says it in its own words (`upstream_508`)
      else expect(JSON.parse(text), `${name} ${text}`).toMatchObject({ error: { code: expect.stringMatching(/^(loop_detected|upstream_508)$/), message: expect.stringContaining('came back through this router') } });
      // the client's request and the one that came back: no retries, no multiplication
      expect(posts - before, name).toBe(2);
    }
  }
});

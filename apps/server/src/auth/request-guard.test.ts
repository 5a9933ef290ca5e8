import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../routes/management/test-harness.js';
import { isLoopbackHostName, parseHost } from './create-request-guard.js';
import { findRoute } from '../routes/route-table.js';

let harness: TestApp | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await harness?.close();
  harness = undefined;
});

const EVIL = 'https://evil.example';
const ADMIN = 'admin-key-0123456789';

/** A request as a browser on another site's page would send it (no preflight: a "simple" request). */
function crossSite(method: string, path: string, type: string | null, body: string | undefined, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { origin: EVIL, 'sec-fetch-site': 'cross-site', ...extra };
  if (type) headers['content-type'] = type;
  return harness!.app.request(path, { method, headers, body });
}

async function seed(t: TestApp) {
  expect((await t.call('POST', '/v1/providers', { id: 'p1', config: { baseURL: 'http://127.0.0.1:9/v1' } })).status).toBe(201);
  expect((await t.call('POST', '/v1/models', { id: 'm1', providers: [{ providerId: 'p1' }] })).status).toBe(201);
}

/** What the database says, to prove a refused request changed nothing. */
async function state(t: TestApp) {
  const [providers, history] = await Promise.all([t.store.providers.list({}), t.store.history.list({ limit: 1000 })]);
  return { providers, history: history.length };
}

describe('management refuses cross-site requests (no admin key, loopback client)', () => {
  it('refuses the text/plain provider create, the form-encoded disable and a model re-link from another site', async () => {
    harness = await createTestApp();
    await seed(harness);
    const before = await state(harness);

    const create = await crossSite('POST', '/v1/providers', 'text/plain', JSON.stringify({ id: 'evil', config: { baseURL: 'http://127.0.0.1:9/v1' } }));
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual({ error: { message: expect.any(String), type: 'permission_error', code: 'cross_origin_refused', param: null } });
    expect((await crossSite('POST', '/v1/providers/p1/disable', 'application/x-www-form-urlencoded', 'a=1')).status).toBe(403);
    expect((await crossSite('PUT', '/v1/models/m1', 'application/json', JSON.stringify({ providers: [{ providerId: 'p1', model: 'x' }] }))).status).toBe(403);

    // the same shapes without Origin (an older browser, or a page that strips it): still refused, by content type
    const plain = await harness.app.request('/v1/providers', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ id: 'evil' }) });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'unsupported_media_type', param: 'content-type' } });
    expect((await harness.app.request('/v1/providers/p1/disable', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).status).toBe(415);
    expect((await harness.app.request('/v1/providers/p1/disable', { method: 'POST' })).status).toBe(415);
    expect((await harness.app.request('/v1/providers/p1/disable', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' })).status).toBe(415);
    // Sec-Fetch-Site alone (no Origin) marks a cross-site request too
    expect((await harness.app.request('/v1/providers', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    // `Origin: null` (sandboxed frames, file: pages)
    expect((await harness.app.request('/v1/providers', { headers: { origin: 'null' } })).status).toBe(403);

    expect(await state(harness)).toEqual(before);
  });

  it('refuses DNS rebinding: a Host that is not a loopback name, even when Origin matches it', async () => {
    harness = await createTestApp();
    await seed(harness);
    const before = await state(harness);
    const rebound = { host: 'evil.example:3001', origin: 'http://evil.example:3001' };
    const read = await harness.app.request('/v1/requests', { headers: rebound });
    expect(read.status).toBe(403);
    expect(await read.json()).toMatchObject({ error: { type: 'permission_error', code: 'host_not_allowed' } });
    const write = await harness.app.request('/v1/providers/p1/disable', { method: 'POST', headers: { ...rebound, 'content-type': 'application/json' } });
    expect(write.status).toBe(403);
    expect((await harness.app.request('/v1/providers', { headers: { host: '0x7f000001.evil.example' } })).status).toBe(403);
    expect(await state(harness)).toEqual(before);
  });

  it('answers same-origin requests on loopback names, and hosts listed in ALLOWED_HOSTS', async () => {
    harness = await createTestApp({ remoteAddress: () => '127.0.0.1', allowedHosts: ['router.lan'] });
    for (const [index, host] of ['localhost:3001', '127.0.0.1:3001', '[::1]:3001', 'app.localhost', 'router.lan', 'ROUTER.lan:8080'].entries()) {
      const origin = `http://${host}`;
      expect((await harness.app.request('/v1/providers', { headers: { host, origin } })).status, host).toBe(200);
      const write = await harness.app.request('/v1/providers', { method: 'POST', headers: { host, origin, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ id: `p${index}`, config: { baseURL: 'http://127.0.0.1:9/v1' } }) });
      expect(write.status, host).toBe(201);
    }
    // an Origin naming another port of the same host is another origin
    expect((await harness.app.request('/v1/providers', { headers: { host: 'localhost:3001', origin: 'http://localhost:5173' } })).status).toBe(403);
    expect((await harness.app.request('/v1/providers', { headers: { host: 'other.lan' } })).status).toBe(403);
  });

  it('applies the Host check to real sockets (the Node request), not just to app.request()', async () => {
    harness = await createTestApp({});
    server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: harness!.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server)) as Server;
    });
    const port = (server.address() as AddressInfo).port;
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, path: '/v1/providers', headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    expect(await get({})).toBe(200);
    expect(await get({ host: `localhost:${port}` })).toBe(200);
    expect(await get({ host: `evil.example:${port}` })).toBe(403);
    expect(await get({ host: `127.0.0.1:${port}`, origin: EVIL })).toBe(403);
  });
});

describe('management refuses cross-site requests with ADMIN_API_KEY', () => {
  it('needs the key from any Host, and still refuses foreign Origins and non-JSON writes with the key', async () => {
    harness = await createTestApp({ adminApiKey: ADMIN, remoteAddress: () => '203.0.113.7' });
    const auth = { authorization: `Bearer ${ADMIN}` };
    expect((await harness.app.request('/v1/providers', { headers: { ...auth, host: 'router.example.com' } })).status).toBe(200);
    expect((await harness.app.request('/v1/providers', { headers: { host: 'router.example.com' } })).status).toBe(401);
    expect((await harness.app.request('/v1/providers', { headers: { ...auth, host: 'router.example.com', origin: 'https://router.example.com' } })).status).toBe(200);
    expect((await harness.app.request('/v1/providers', { headers: { ...auth, origin: EVIL } })).status).toBe(403);
    const plain = await harness.app.request('/v1/providers', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: JSON.stringify({ id: 'p2' }) });
    expect(plain.status).toBe(415);
    expect(await harness.store.providers.list({})).toEqual([]);
  });
});

/** Every registered management route (the API, /metrics, the live tail) and the dashboard's, in any path form. */
function managementRoutes(t: TestApp): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of t.app.routes) {
    const kind = findRoute(route.method, route.path)?.kind;
    if (kind === 'admin' || kind === 'dashboard') seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/** A concrete path for a route pattern (`:id`, `:model{.+}` → existing ids). */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_match, name: string) => (name === 'key' ? 'retry_attempts' : name === 'modelId' || name === 'model' ? 'm1' : 'p1'));
}

describe('every management route is guarded', () => {
  it('refuses every management route cross-site, on a rebound Host, and (writes) without JSON, changing nothing', async () => {
    harness = await createTestApp();
    await seed(harness);
    const before = await state(harness);
    const routes = managementRoutes(harness);
    // the list is derived from the app; make sure it found the management API, /metrics, the live tail, the keys and the dashboard
    expect(routes.length).toBeGreaterThan(30);
    for (const needed of ['GET /metrics', 'GET /v1/requests/:id{.+}', 'POST /v1/keys', 'GET /v1/stats/scorecard', 'GET /ui/*', 'GET /']) expect(routes.map((route) => `${route.method} ${route.path}`)).toContain(needed);
    for (const { method, path } of routes) {
      const url = path === '/v1/requests/:id{.+}' ? '/v1/requests/tail' : concrete(path);
      const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
      for (const variant of [url, `${url}/`]) {
        const response = await crossSite(method, variant, 'text/plain', body);
        // a trailing-slash form that matches no route is a 404, which reaches no handler either
        if (variant === url || response.status !== 404) expect(response.status, `${method} ${variant} cross-site`).toBe(403);
      }
      const rebound = await harness.app.request(url, { method, headers: { host: 'evil.example', 'content-type': 'application/json' }, body });
      expect(rebound.status, `${method} ${url} rebound`).toBe(403);
      if (body !== undefined) {
        const form = await harness.app.request(url, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
        expect(form.status, `${method} ${url} form`).toBe(415);
      }
    }
    expect(await state(harness)).toEqual(before);
  });
});

describe('host names', () => {
  it('parses Host values and knows loopback names', () => {
    expect(parseHost('[::1]:3001')).toEqual({ name: '::1', port: '3001' });
    expect(parseHost('LocalHost:80')).toEqual({ name: 'localhost', port: '80' });
    expect(parseHost('::1')).toEqual({ name: '::1', port: '' });
    for (const name of ['localhost', 'a.localhost', '127.0.0.1', '127.1.2.3', '::1', 'localhost.']) expect(isLoopbackHostName(name), name).toBe(true);
    for (const name of ['evil.example', 'localhost.evil.example', '128.0.0.1', '0.0.0.0', '10.0.0.1', '127.0.0.1.nip.io']) expect(isLoopbackHostName(name), name).toBe(false);
  });
});

/** A request over a real socket (the client APIs' Node path), answering status and parsed body. */
function socketRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: response.statusCode ?? 0, json });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The error's code in the API's own shape (Anthropic's on the Messages routes). */
function errorOf(api: string, json: any): { type: string; code?: string } {
  return api === 'messages' || api === 'count_tokens' ? { type: json?.type === 'error' ? json.error?.type : 'not-anthropic-shaped' } : { type: json?.error?.type, code: json?.error?.code };
}

describe('the client APIs and browsers', () => {
  it('refuses another site\'s page (a foreign Origin or Sec-Fetch-Site) on every client API, in its own error shape, before anything goes upstream; programs (no Origin) pass', async () => {
    const { startFakeUpstream } = await import('@router/testkit');
    const { proxyRoutes } = await import('../routes/route-table.js');
    const upstream = await startFakeUpstream({ models: ['m'] });
    try {
      harness = await createTestApp();
      expect((await harness.call('POST', '/v1/providers', { id: 'p1', config: { baseURL: upstream.baseURL } })).status).toBe(201);
      expect((await harness.call('PUT', '/v1/settings/active-provider', { providerId: 'p1' })).status).toBe(200);
      server = await new Promise<Server>((resolve) => {
        const created = serve({ fetch: harness!.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server)) as Server;
      });
      const port = (server.address() as AddressInfo).port;
      const routes = proxyRoutes();
      expect(routes.map((route) => route.api).sort()).toEqual(['chat', 'completions', 'count_tokens', 'embeddings', 'messages', 'responses']);
      const body = JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], input: 'hi', prompt: 'hi' });
      for (const route of routes) {
        for (const path of [route.path, `${route.path}?beta=true`]) {
          const seen = upstream.requests.length;
          // a page's fetch() with a Blob body sends no Content-Type: a "simple" request, no preflight
          for (const headers of <Record<string, string>[]>[{ origin: EVIL }, { origin: EVIL, 'content-type': 'application/json' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { origin: `http://localhost:${port + 1}`, host: `localhost:${port}` }]) {
            for (const send of ['socket', 'web'] as const) {
              const answer = send === 'socket'
                ? await socketRequest(port, route.method, path, headers, body)
                : await Promise.resolve(harness.app.request(path, { method: route.method, headers, body })).then(async (response) => ({ status: response.status, json: await response.json() }));
              expect(answer.status, `${send} ${path} ${JSON.stringify(headers)}`).toBe(403);
              expect(errorOf(route.api, answer.json), `${send} ${path}`).toEqual(route.api === 'messages' || route.api === 'count_tokens' ? { type: 'permission_error' } : { type: 'permission_error', code: 'cross_origin_refused' });
            }
          }
          expect(upstream.requests.length, path).toBe(seen);
          // a program sends no Origin, whatever host name it calls the router by (a compose service name, a LAN name)
          const program = await socketRequest(port, route.method, path, { host: `router:${port}`, 'content-type': 'application/json' }, body);
          expect(program.status, path).not.toBe(403);
          // the router's own pages (same origin on a loopback name) pass
          const own = await socketRequest(port, route.method, path, { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, body);
          expect(own.status, path).not.toBe(403);
        }
      }
    } finally {
      await upstream.close();
    }
  });

  it('refuses a browser on a rebound host name while the client APIs are open, and lets it through once client keys guard them', async () => {
    harness = await createTestApp();
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const rebound = { host: 'evil.example:3001', origin: 'http://evil.example:3001', 'content-type': 'application/json' };
    const refused = await harness.app.request('/v1/chat/completions', { method: 'POST', headers: rebound, body });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { type: 'permission_error', code: 'host_not_allowed' } });
    const messages = await harness.app.request('/v1/messages', { method: 'POST', headers: { ...rebound, 'sec-fetch-site': 'same-origin' }, body });
    expect(messages.status).toBe(403);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringContaining('ALLOWED_HOSTS') } });
    // a program on that host name (no Origin) is not a browser
    expect((await harness.app.request('/v1/chat/completions', { method: 'POST', headers: { host: 'evil.example:3001', 'content-type': 'application/json' }, body })).status).not.toBe(403);
    await harness.close();
    // ALLOWED_HOSTS names the router's own host names
    harness = await createTestApp({ remoteAddress: () => '127.0.0.1', allowedHosts: ['router.lan'] });
    expect((await harness.app.request('/v1/chat/completions', { method: 'POST', headers: { host: 'router.lan', origin: 'http://router.lan', 'content-type': 'application/json' }, body })).status).not.toBe(403);
    await harness.close();
    // with client keys the page would need a key it cannot know: the host name is not checked, the Origin still is
    harness = await createTestApp({ remoteAddress: () => '127.0.0.1', clientApiKeys: ['client-key-1'] });
    expect((await harness.app.request('/v1/chat/completions', { method: 'POST', headers: { ...rebound, authorization: 'Bearer client-key-1' }, body })).status).not.toBe(403);
    expect((await harness.app.request('/v1/chat/completions', { method: 'POST', headers: { ...rebound, origin: EVIL, authorization: 'Bearer client-key-1' }, body })).status).toBe(403);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createRouter, createStaticConfigSource, dialectFor } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from '../app.js';
import { createTestApp, type TestApp } from './management/test-harness.js';
import { findRoute, proxyRoutes, ROUTES, type RouteEntry } from './route-table.js';
import { auditRoutes } from './route-audit.js';
import type { AppEnv, ServerApp } from '../app-env.js';
import { guardManagementRoutes, managementGuards, registerAuth } from '../auth/register-auth.js';
import { guardKindOf, markGuard } from '../auth/guard-marks.js';

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ADMIN = 'admin-key-0123456789';
const KEY = 'client-key-one';

/** A concrete request path for a row (`:id`, `:model{.+}` → sample ids). */
function concrete(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_match, name: string) => (name === 'key' ? 'retry_attempts' : name === 'modelId' || name === 'model' ? 'm1' : 'p1'));
}

/** A body for a row's method. */
function bodyFor(route: RouteEntry): unknown {
  if (route.method !== 'POST' && route.method !== 'PUT' && route.method !== 'PATCH') return undefined;
  return route.api ? { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8, input: 'hi' } : {};
}

const isAnthropic = (route: RouteEntry) => route.api !== undefined && dialectFor(route.api).name === 'anthropic';

describe('the route table', () => {
  it('is exactly the routes the app registers, each behind the guard of its kind', async () => {
    harness = await createTestApp({ clientApiKeys: [KEY], adminApiKey: ADMIN });
    expect(auditRoutes(harness.app, { clientKeys: true })).toEqual([]);
    const registered = new Set(harness.app.routes.map((route) => `${route.method} ${route.path}`));
    for (const route of ROUTES) expect(registered.has(`${route.method} ${route.path}`), `${route.method} ${route.path}`).toBe(true);
    for (const key of registered) {
      const [method, path] = key.split(' ');
      expect(findRoute(method, path), key).toBeDefined();
    }
    // every client API has its route
    expect(proxyRoutes().map((route) => route.api).sort()).toEqual(['chat', 'completions', 'count_tokens', 'embeddings', 'messages', 'responses']);
  });

  it('refuses to build an app with a route that is not in the table', () => {
    const router = createRouter({ config: createStaticConfigSource({ providers: [] }), transport: createMemoryTransport(() => ({ chunks: ['{}'] })) });
    const build = (extra: (app: Hono<any>) => void, auth = { clientApiKeys: [KEY] }) => () => createApp({ router, version: 't', auth, extend: extra });
    expect(build(() => undefined)).not.toThrow();
    expect(build((app) => app.post('/v1/extra', (c) => c.json({ served: true })))).toThrow(/POST \/v1\/extra is registered but is not in the route table/);
    expect(build((app) => app.get('/v1/messages', (c) => c.json({})))).toThrow(/GET \/v1\/messages is registered but is not in the route table/);
    // and without client keys too: an unlisted route is refused whatever the configuration
    expect(build((app) => app.post('/v1/extra', (c) => c.json({})), { clientApiKeys: [] })).toThrow(/not in the route table/);
  });

  it('finds a proxy or admin route registered without its guard', () => {
    const app: ServerApp = new Hono<AppEnv>();
    app.post('/v1/embeddings', (c) => c.json({}));
    expect(auditRoutes(app, { clientKeys: true })).toEqual(['POST /v1/embeddings is a proxy route without the client-key guard before its handler']);
    // registered after the handler is as good as missing: Hono runs handlers in registration order
    registerAuth(app, { clientApiKeys: [KEY] });
    expect(auditRoutes(app, { clientKeys: true })).toEqual(['POST /v1/embeddings is a proxy route without the client-key guard before its handler']);
    // open proxy routes are fine when no client keys are configured
    expect(auditRoutes(app, { clientKeys: false })).toEqual([]);

    const admin: ServerApp = new Hono<AppEnv>();
    admin.get('/v1/settings', (c) => c.json({}));
    expect(auditRoutes(admin, { clientKeys: false })).toEqual(['GET /v1/settings is an admin route without the admin guard before its handler']);
    // a write needs the management body limit too
    admin.put('/v1/settings/tuning/:key', ...(managementGuards({}) as []), (c) => c.json({}));
    expect(auditRoutes(admin, { clientKeys: false })).toEqual([
      'GET /v1/settings is an admin route without the admin guard before its handler',
      'PUT /v1/settings/tuning/:key is an admin route without the management body limit before its handler',
    ]);
    const guarded: ServerApp = new Hono<AppEnv>();
    guardManagementRoutes(guarded, managementGuards({})).get('/v1/settings', (c) => c.json({}));
    guardManagementRoutes(guarded, managementGuards({})).put('/v1/settings/tuning/:key', (c) => c.json({}));
    expect(auditRoutes(guarded, { clientKeys: false })).toEqual([]);
  });

  it('serves each proxy route with an API by one handler that checks client keys itself, and audits it as guarded', () => {
    const router = createRouter({ config: createStaticConfigSource({ providers: [] }), transport: createMemoryTransport(() => ({ chunks: ['{}'] })) });
    const app = createApp({ router, version: 't', auth: { clientApiKeys: [KEY] } });
    for (const route of ROUTES.filter((row) => row.kind === 'proxy' && row.api !== undefined)) {
      const handlers = app.routes.filter((registered) => registered.method === route.method && registered.path === route.path);
      // one handler: Hono calls it without composing a middleware chain per request
      expect(handlers.map((registered) => guardKindOf(registered.handler)), `${route.method} ${route.path}`).toEqual(['handler-checks-client-key']);
    }
    // the mark stands for the guard; a plain handler on the same row does not
    const marked: ServerApp = new Hono<AppEnv>();
    marked.post('/v1/embeddings', markGuard('handler-checks-client-key', (c) => c.json({})));
    expect(auditRoutes(marked, { clientKeys: true })).toEqual([]);
  });

  it('refuses a management route that is not in the table when it is registered', () => {
    const app = guardManagementRoutes(new Hono(), managementGuards({}));
    expect(() => app.get('/v1/secrets', (c) => c.json({}))).toThrow(/GET \/v1\/secrets is not in the route table/);
    expect(() => app.post('/v1/settings', (c) => c.json({}))).toThrow(/POST \/v1\/settings is not in the route table/);
  });
});

describe('the guard of every row, by request', () => {
  it('proxy rows: 401 without a key, in the dialect of the route; either header with a right key passes', async () => {
    harness = await createTestApp({ clientApiKeys: [KEY, 'client-key-two'], adminApiKey: ADMIN, remoteAddress: () => '127.0.0.1' });
    for (const route of ROUTES.filter((row) => row.kind === 'proxy')) {
      const path = concrete(route.path);
      const name = `${route.method} ${path}`;
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { 'x-api-key': 'wrong' }, { authorization: `Basic ${KEY}` }] as Record<string, string>[]) {
        const refused = await harness.call(route.method, path, bodyFor(route), headers);
        expect(refused.status, name).toBe(401);
        expect(refused.headers.get('x-request-id'), name).toBeTruthy();
        if (isAnthropic(route)) {
          expect(refused.json, name).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) }, request_id: expect.any(String) });
        } else {
          expect(refused.json, name).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
        }
        expect(refused.text, name).not.toContain(KEY);
      }
      for (const headers of [{ authorization: `Bearer ${KEY}` }, { 'x-api-key': 'client-key-two' }, { 'x-api-key': ADMIN }, { authorization: 'Bearer wrong', 'x-api-key': KEY }] as Record<string, string>[]) {
        const passed = await harness.call(route.method, path, bodyFor(route), headers);
        expect(passed.status, `${name} ${Object.keys(headers)}`).not.toBe(401);
        expect(passed.headers.get('x-request-id'), name).toBeTruthy();
      }
    }
  });

  it('admin rows: 403 from a remote address without an admin key; 401 without the key when one is set; a client key is not enough', async () => {
    harness = await createTestApp({ remoteAddress: () => '198.51.100.4' });
    const admin = ROUTES.filter((row) => row.kind === 'admin');
    expect(admin.length).toBeGreaterThan(30);
    for (const route of admin) {
      const response = await harness.call(route.method, concrete(route.path), bodyFor(route));
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(response.json.error, `${route.method} ${route.path}`).toMatchObject({ type: 'permission_error', code: 'admin_loopback_only' });
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
    await harness.close();
    harness = await createTestApp({ adminApiKey: ADMIN, clientApiKeys: [KEY], remoteAddress: () => '127.0.0.1' });
    for (const route of admin) {
      for (const headers of [{}, { authorization: `Bearer ${KEY}` }, { 'x-api-key': ADMIN }] as Record<string, string>[]) {
        const response = await harness.call(route.method, concrete(route.path), bodyFor(route), headers);
        expect(response.status, `${route.method} ${route.path} ${Object.keys(headers)}`).toBe(401);
      }
    }
  });

  it('admin writes: the management body limit applies before the handler, however the body is sent', async () => {
    harness = await createTestApp();
    const big = JSON.stringify({ value: 'x'.repeat(2 << 20) });
    for (const route of ROUTES.filter((row) => row.kind === 'admin' && row.method !== 'GET')) {
      // a stream without a declared length is counted as it arrives
      const chunked = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(big)); controller.close(); } });
      const response = await harness.app.request(concrete(route.path), { method: route.method, headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
      expect(response.status, `${route.method} ${route.path}`).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large', type: 'invalid_request_error' } });
    }
  });

  it('public rows answer without any key', async () => {
    harness = await createTestApp({ adminApiKey: ADMIN, clientApiKeys: [KEY], remoteAddress: () => '198.51.100.4' });
    for (const route of ROUTES.filter((row) => row.kind === 'public')) {
      const response = await harness.call(route.method, route.path);
      expect(response.status, route.path).toBe(200);
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
  });
});

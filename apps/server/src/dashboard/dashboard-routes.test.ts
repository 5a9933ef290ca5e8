import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRouter, createStaticConfigSource } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from '../app.js';
import type { AuthOptions } from '../auth/register-auth.js';
import { auditRoutes } from '../routes/route-audit.js';

const ADMIN = 'admin-key-0123456789';
const built = mkdtempSync(join(tmpdir(), 'router-dashboard-'));
mkdirSync(join(built, 'assets'));
writeFileSync(join(built, 'index.html'), '<!doctype html><title>Router dashboard</title><div id="root"></div>');
writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log("dashboard")');
afterAll(() => rmSync(built, { recursive: true, force: true }));

function appWith(auth: AuthOptions, dashboardDir: string | null = built) {
  const router = createRouter({ config: createStaticConfigSource({ providers: [] }), transport: createMemoryTransport(() => ({ chunks: ['{}'] })) });
  return createApp({ router, version: 'test', auth, dashboardDir });
}

const local: AuthOptions = { remoteAddress: () => '127.0.0.1' };

describe('the dashboard routes', () => {
  it('redirect / to the app and serve its index for every page path', async () => {
    const app = appWith(local);
    const root = await app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ui/');
    for (const path of ['/ui/', '/ui', '/ui/live', '/ui/requests/req_123', '/ui/providers/p1/edit']) {
      const page = await app.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await page.text(), path).toContain('Router dashboard');
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('serve the built assets with a long cache, and a missing file as a 404 in the OpenAI error shape', async () => {
    const app = appWith(local);
    const asset = await app.request('/ui/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("dashboard")');
    const missing = await app.request('/ui/assets/gone.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { message: expect.stringContaining('/ui/assets/gone.js'), type: 'invalid_request_error', param: null, code: 'dashboard_file_not_found' } });
    // no way out of the folder
    for (const path of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/assets/..%2f..%2fpackage.json']) {
      const response = await app.request(path);
      expect(response.status, path).not.toBe(200);
    }
  });

  it('answer 503 with how to build it when the dashboard was not built', async () => {
    const app = appWith(local, null);
    for (const path of ['/ui/', '/ui/live', '/ui/assets/index-abc123.js']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(503);
      const body = (await response.json()) as { error: { message: string; code: string } };
      expect(body.error.code).toBe('dashboard_not_built');
      expect(body.error.message).toContain('pnpm build');
    }
    expect((await app.request('/')).status).toBe(302);
  });

  it('leave the API paths alone; /health says whether the dashboard must sign in', async () => {
    const app = appWith(local);
    const health = await app.request('/health');
    expect(await health.json()).toMatchObject({ status: 'ok', version: 'test', adminKeyRequired: false });
    const keyed = await appWith({ adminApiKey: ADMIN }).request('/health');
    expect(await keyed.json()).toMatchObject({ status: 'ok', adminKeyRequired: true });
    expect(JSON.stringify(await (await appWith({ adminApiKey: ADMIN }).request('/health')).json())).not.toContain(ADMIN);
    const models = await app.request('/v1/models');
    expect(models.headers.get('content-type')).toMatch(/json/);
    expect(auditRoutes(app, { clientKeys: false })).toEqual([]);
  });

  it('without an admin key: only local clients and loopback host names, and never a cross-site request', async () => {
    const remote = appWith({ remoteAddress: () => '198.51.100.4' });
    for (const path of ['/', '/ui/', '/ui/assets/index-abc123.js']) {
      const response = await remote.request(path);
      expect(response.status, path).toBe(403);
      expect(await response.json(), path).toMatchObject({ error: { type: 'permission_error', code: 'admin_loopback_only' } });
    }
    const app = appWith(local);
    const rebound = await app.request('http://attacker.example/ui/');
    expect(rebound.status).toBe(403);
    expect(await rebound.json()).toMatchObject({ error: { code: 'host_not_allowed' } });
    const crossSite = await app.request('/ui/', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: { code: 'cross_origin_refused' } });
  });

  it('with an admin key: the files load from anywhere without the key (the app asks for it), the API still needs it', async () => {
    const app = appWith({ adminApiKey: ADMIN, remoteAddress: () => '198.51.100.4' });
    const page = await app.request('http://router.example:3001/ui/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Router dashboard');
    expect((await app.request('http://router.example:3001/ui/assets/index-abc123.js')).status).toBe(200);
    const crossSite = await app.request('http://router.example:3001/ui/', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import type { ClientKeyEntry } from '@router/core';
import type { AppEnv } from '../app-env.js';
import { createClientKeyAuth, type KeyRejection } from './create-client-key-auth.js';

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const T0 = Date.UTC(2026, 11, 1);
const entry = (id: string, overrides: Partial<ClientKeyEntry> = {}): ClientKeyEntry => ({
  id, name: id, keyHash: '', models: null, providers: null, rpm: null, tpm: null, budget: null, budgetPeriodMs: null, expiresAt: null, revokedAt: null, createdAt: T0, ...overrides,
});

/** An app whose one route answers the id of the key it was let in with. */
function app(keys: Map<string, ClientKeyEntry>, env: string[] = [], rejected: KeyRejection[] = [], now = () => T0) {
  const server = new Hono<AppEnv>();
  server.onError((error) => Response.json({ status: (error as { status?: number }).status, message: error.message }, { status: (error as { status?: number }).status ?? 500 }));
  const guard = createClientKeyAuth(env, { clientKeys: () => keys, onRejected: (reason) => rejected.push(reason), now, adminApiKey: 'admin-key' });
  server.use('*', guard!);
  server.get('/', (c) => c.text(c.get('clientKey')?.id ?? 'none'));
  return server;
}

describe('client key guard', () => {
  it('lets everything through while no key of either kind exists, and nothing is created without a store or ROUTER_API_KEYS', async () => {
    expect(await (await app(new Map()).request('/')).text()).toBe('none');
    expect(createClientKeyAuth([], {})).toBeNull();
  });

  it('accepts a stored key by bearer or x-api-key and hands its entry on; refuses missing, unknown, revoked and expired keys with 401', async () => {
    const keys = new Map([
      [hash('rk-good'), entry('key_good')],
      [hash('rk-revoked'), entry('key_revoked', { revokedAt: T0 - 1 })],
      [hash('rk-expired'), entry('key_expired', { expiresAt: T0 })],
      [hash('rk-later'), entry('key_later', { expiresAt: T0 + 1 })],
    ]);
    const rejected: KeyRejection[] = [];
    const server = app(keys, [], rejected);
    const get = (headers: Record<string, string>) => server.request('/', { headers });
    expect(await (await get({ authorization: 'Bearer rk-good' })).text()).toBe('key_good');
    expect(await (await get({ 'x-api-key': 'rk-good' })).text()).toBe('key_good');
    // an Anthropic client with some other bearer token beside its x-api-key
    expect(await (await get({ authorization: 'Bearer something-else', 'x-api-key': 'rk-good' })).text()).toBe('key_good');
    expect(await (await get({ authorization: 'Bearer rk-later' })).text()).toBe('key_later');
    expect(await (await get({ authorization: 'Bearer admin-key' })).text()).toBe('none');
    for (const headers of [{}, { authorization: 'Bearer rk-nope' }, { authorization: 'Bearer rk-revoked' }, { 'x-api-key': 'rk-expired' }] as Record<string, string>[]) {
      const response = await get(headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
    }
    const message = async (headers: Record<string, string>) => ((await (await get(headers)).json()) as { message: string }).message;
    expect(await message({ authorization: 'Bearer rk-revoked' })).toMatch(/revoked/);
    expect(await message({ authorization: 'Bearer rk-expired' })).toMatch(/expired at 2026-12-01T00:00:00.000Z/);
    expect(rejected).toEqual(['missing', 'unknown', 'revoked', 'expired', 'revoked', 'expired']);
  });

  it('keeps ROUTER_API_KEYS working beside stored keys', async () => {
    const server = app(new Map([[hash('rk-good'), entry('key_good')]]), ['env-key']);
    expect(await (await server.request('/', { headers: { authorization: 'Bearer env-key' } })).text()).toBe('none');
    expect(await (await server.request('/', { headers: { authorization: 'Bearer rk-good' } })).text()).toBe('key_good');
    expect((await server.request('/', { headers: { authorization: 'Bearer other' } })).status).toBe(401);
    // with ROUTER_API_KEYS set, no stored key is needed for the guard to ask for one
    expect((await app(new Map(), ['env-key']).request('/')).status).toBe(401);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../routes/management/test-harness.js';
import { isLoopbackAddress } from './is-loopback-address.js';
import { parseApiKeys } from './create-client-key-auth.js';
import { bearerToken } from './api-key-digest.js';

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A request as @hono/node-server delivers it: the Node request in `c.env.incoming`. */
function fromAddress(remoteAddress: string, authorization?: string) {
  return { incoming: { socket: { remoteAddress }, headers: authorization ? { authorization } : {} } } as never;
}

const ADMIN = 'admin-key-0123456789';

describe('admin auth with ADMIN_API_KEY', () => {
  it('answers 401 OpenAI-shaped without a key, with a wrong key and with another scheme', async () => {
    harness = await createTestApp({ adminApiKey: ADMIN });
    for (const headers of <Record<string, string>[]>[{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${ADMIN}x` }, { authorization: `Basic ${ADMIN}` }, { authorization: 'Bearer ' }]) {
      const response = await harness.call('GET', '/v1/providers', undefined, headers);
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      expect(response.text).not.toContain(ADMIN);
    }
  });

  it('lets the right key through, from any address, on every management prefix and on model writes', async () => {
    harness = await createTestApp({ adminApiKey: ADMIN, remoteAddress: () => '203.0.113.7' });
    const auth = { authorization: `Bearer ${ADMIN}` };
    for (const path of ['/v1/providers', '/v1/providers/health', '/v1/settings', '/v1/mappings', '/v1/requests', '/v1/stats', '/v1/history']) {
      expect((await harness.call('GET', path, undefined, auth)).status, path).toBe(200);
      expect((await harness.call('GET', path)).status, path).toBe(401);
    }
    expect((await harness.call('POST', '/v1/models', { id: 'm1' })).status).toBe(401);
    expect((await harness.call('POST', '/v1/models', { id: 'm1' }, auth)).status).toBe(201);
    expect((await harness.call('DELETE', '/v1/models/m1')).status).toBe(401);
    expect((await harness.call('DELETE', '/v1/models/m1', undefined, auth)).status).toBe(200);
  });

  it('requires the key even from loopback', async () => {
    harness = await createTestApp({ adminApiKey: ADMIN, remoteAddress: () => '127.0.0.1' });
    expect((await harness.call('GET', '/v1/providers')).status).toBe(401);
  });
});

describe('admin auth without ADMIN_API_KEY (loopback only)', () => {
  it('answers loopback clients and refuses others with 403, reading the Node socket address', async () => {
    harness = await createTestApp({});
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      const response = await harness.app.request('/v1/providers', {}, fromAddress(address));
      expect(response.status, address).toBe(200);
    }
    for (const address of ['10.0.0.5', '192.168.1.9', '::ffff:10.0.0.1', '2001:db8::1', '128.0.0.1']) {
      const response = await harness.app.request('/v1/providers', {}, fromAddress(address));
      expect(response.status, address).toBe(403);
      expect(await response.json()).toMatchObject({ error: { type: 'permission_error', code: 'admin_loopback_only', param: null } });
    }
    // no socket at all (another runtime): not known to be local, so refused
    expect((await harness.app.request('/v1/providers')).status).toBe(403);
  });

  it('uses an injected address function', async () => {
    harness = await createTestApp({ remoteAddress: () => '198.51.100.4' });
    expect((await harness.call('GET', '/v1/settings')).status).toBe(403);
    expect((await harness.call('PUT', '/v1/models/x', {})).status).toBe(403);
    // proxy routes are not management routes
    expect((await harness.call('GET', '/v1/models')).status).toBe(200);
    expect((await harness.call('GET', '/health')).status).toBe(200);
  });
});

describe('client keys (ROUTER_API_KEYS)', () => {
  it('leaves chat and model reads open when unset', async () => {
    harness = await createTestApp({ remoteAddress: () => '198.51.100.4' });
    expect((await harness.call('GET', '/v1/models')).status).toBe(200);
    // no provider configured: the engine answers, no auth error
    const chat = await harness.call('POST', '/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).not.toBe(401);
  });

  it('protects chat and model reads with any of the keys; /health stays public', async () => {
    harness = await createTestApp({ clientApiKeys: parseApiKeys(' key-one , key-two,, '), adminApiKey: ADMIN, remoteAddress: () => '127.0.0.1' });
    const body = { model: 'x', messages: [{ role: 'user', content: 'hi' }] };
    for (const [method, path] of [['GET', '/v1/models'], ['GET', '/v1/models/x'], ['POST', '/v1/chat/completions']] as const) {
      const missing = await harness.call(method, path, method === 'POST' ? body : undefined);
      expect(missing.status, path).toBe(401);
      expect(missing.json.error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
      const wrong = await harness.call(method, path, method === 'POST' ? body : undefined, { authorization: 'Bearer key-three' });
      expect(wrong.status, path).toBe(401);
    }
    expect((await harness.call('GET', '/v1/models', undefined, { authorization: 'Bearer key-one' })).status).toBe(200);
    expect((await harness.call('GET', '/v1/models', undefined, { authorization: 'Bearer key-two' })).status).toBe(200);
    expect((await harness.call('GET', '/v1/models', undefined, { authorization: `Bearer ${ADMIN}` })).status).toBe(200);
    const chat = await harness.call('POST', '/v1/chat/completions', body, { authorization: 'Bearer key-two' });
    expect(chat.status).not.toBe(401);
    expect((await harness.call('GET', '/health')).status).toBe(200);
    // a client key is not an admin key
    expect((await harness.call('POST', '/v1/models', { id: 'm' }, { authorization: 'Bearer key-one' })).status).toBe(401);
  });
});

describe('helpers', () => {
  it('recognises loopback addresses only', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('127.255.255.254')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.2')).toBe(true);
    expect(isLoopbackAddress('::1%lo0')).toBe(true);
    expect(isLoopbackAddress('localhost')).toBe(false);
    expect(isLoopbackAddress('::ffff:192.168.0.1')).toBe(false);
    expect(isLoopbackAddress('0.0.0.0')).toBe(false);
    expect(isLoopbackAddress('')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  it('parses bearer tokens and key lists', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(parseApiKeys('a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(parseApiKeys(undefined)).toEqual([]);
  });
});

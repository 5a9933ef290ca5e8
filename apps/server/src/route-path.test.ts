import { afterEach, describe, expect, it } from 'vitest';
import { createRouter, createStaticConfigSource } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from './app.js';
import { createTestApp, type TestApp } from './routes/management/test-harness.js';

const completion = '{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}';
const router = createRouter({
  config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', models: ['m'] } }], activeProviderId: 'a' }),
  transport: createMemoryTransport(() => ({ chunks: [completion] })),
});
const app = createApp({ router, version: '9.9.9' });
const chat = (path: string) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m","messages":[{"role":"user","content":"hi"}]}' });

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('route paths', () => {
  it('answers the proxy routes without /v1 and with a trailing slash exactly as at /v1', async () => {
    const reference = await chat('/v1/chat/completions');
    expect(reference.status).toBe(200);
    const expected = await reference.text();
    for (const path of ['/chat/completions', '/chat/completions/', '/v1/chat/completions/']) {
      const response = await chat(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(expected);
    }
    const models = await (await app.request('/v1/models')).json();
    for (const path of ['/models', '/models/', '/v1/models/']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.json(), path).toEqual(models);
    }
    expect((await app.request('/health/')).status).toBe(200);
  });

  it('keeps every guard on every path form: client keys on the proxy routes, the admin check on management', async () => {
    harness = await createTestApp({ clientApiKeys: ['key-one'], adminApiKey: 'admin-key-0123456789', remoteAddress: () => '127.0.0.1' });
    const body = { model: 'x', messages: [{ role: 'user', content: 'hi' }] };
    for (const path of ['/chat/completions', '/chat/completions/', '/v1/chat/completions/']) {
      expect((await harness.call('POST', path, body)).status, path).toBe(401);
    }
    for (const path of ['/models', '/models/', '/v1/models/', '/models/x', '/models/x/']) {
      expect((await harness.call('GET', path)).status, path).toBe(401);
      expect((await harness.call('GET', path, undefined, { authorization: 'Bearer key-one' })).status, path).not.toBe(401);
    }
    for (const path of ['/v1/providers/', '/v1/settings/', '/v1/requests/', '/v1/stats/']) {
      expect((await harness.call('GET', path)).status, path).toBe(401);
    }
    // model writes are management, in every form
    expect((await harness.call('POST', '/models/', { id: 'm' }, { authorization: 'Bearer key-one' })).status).toBe(401);
  });

  it('refuses management from a remote address on every path form when no admin key is set', async () => {
    harness = await createTestApp({ remoteAddress: () => '198.51.100.4' });
    for (const path of ['/v1/providers', '/v1/providers/', '/v1/settings/', '/v1/mappings/']) {
      expect((await harness.call('GET', path)).status, path).toBe(403);
    }
    expect((await harness.call('PUT', '/models/x/', {})).status).toBe(403);
  });

  it('keeps the OpenAI-shaped 404 for unknown paths, with a hint when one looks like a misplaced OpenAI route', async () => {
    const hint = async (method: string, path: string) => {
      const response = await app.request(path, { method });
      expect(response.status, path).toBe(404);
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'route_not_found', param: null });
      return error.message as string;
    };
    expect(await hint('POST', '/v1/v1/chat/completions')).toMatch(/Did you mean POST \/v1\/chat\/completions\? Set the client's base URL/);
    expect(await hint('POST', '/api/chat/completions')).toMatch(/Did you mean POST \/v1\/chat\/completions/);
    expect(await hint('GET', '/openai/v1/models')).toMatch(/Did you mean GET \/v1\/models/);
    expect(await hint('GET', '/v1/chat/completions')).toMatch(/answers POST only/);
    expect(await hint('POST', '/v1/images/generations')).toMatch(/does not serve this API; it serves POST \/v1\/chat\/completions, POST \/v1\/messages/);
    expect(await hint('GET', '/v2/nothing')).toBe('No route for GET /v2/nothing.');
  });
});

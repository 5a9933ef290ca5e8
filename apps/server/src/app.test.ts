import { describe, expect, it } from 'vitest';
import { createRouter, createStaticConfigSource } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from './app.js';

const router = createRouter({
  config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }], activeProviderId: 'a' }),
  transport: createMemoryTransport(() => ({ chunks: ['{"id":"x","object":"chat.completion","choices":[]}'] })),
});
const app = createApp({ router, version: '9.9.9' });

describe('createApp', () => {
  it('answers /health with status, version and uptime', async () => {
    const response = await app.request('/health');
    expect(await response.json()).toMatchObject({ status: 'ok', version: '9.9.9', uptime: expect.any(Number) });
  });

  it('puts x-request-id on every response, keeping a valid one from the client', async () => {
    for (const [method, path] of [['GET', '/health'], ['GET', '/v1/models'], ['POST', '/v1/chat/completions'], ['GET', '/nowhere']]) {
      const generated = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{"model":"m","messages":[]}' : undefined });
      expect(generated.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await app.request(path, { method, headers: { 'x-request-id': 'client-id-1', 'content-type': 'application/json' }, body: method === 'POST' ? '{"model":"m","messages":[]}' : undefined });
      expect(kept.headers.get('x-request-id'), path).toBe('client-id-1');
    }
  });

  it('answers an unknown route with an OpenAI-shaped 404', async () => {
    const response = await app.request('/v2/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'No route for GET /v2/nothing.', type: 'invalid_request_error', param: null, code: 'route_not_found' } });
  });
});

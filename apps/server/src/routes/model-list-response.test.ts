import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter, createStaticConfigSource } from '@router/core';
import { createMemoryTransport } from '@router/core/test';
import { createApp } from '../app.js';
import { createTestApp, type TestApp } from './management/test-harness.js';

const ANTHROPIC = { 'anthropic-version': '2023-06-01' };

let harness: TestApp | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('GET /v1/models for Anthropic clients', () => {
  it('answers in Anthropic\'s shape when the request carries anthropic-version, OpenAI\'s otherwise (no management API)', async () => {
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }], activeProviderId: 'a' }),
      transport: createMemoryTransport(() => ({ chunks: ['{"object":"list","data":[{"id":"m1"},{"id":"m2"}]}'] })),
    });
    await router.refreshModels();
    const app = createApp({ router, version: 't' });
    const openai = await (await app.request('/v1/models')).json();
    expect(openai).toMatchObject({ object: 'list', data: [{ id: 'm1', object: 'model', owned_by: 'a' }, { id: 'm2' }] });
    const anthropic = await (await app.request('/v1/models', { headers: ANTHROPIC })).json();
    expect(anthropic).toEqual({
      data: [
        { type: 'model', id: 'm1', display_name: 'm1', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
        { type: 'model', id: 'm2', display_name: 'm2', created_at: expect.any(String) },
      ],
      has_more: false,
      first_id: 'm1',
      last_id: 'm2',
    });
    // ?pinned= as for OpenAI clients
    const pinned = (await (await app.request('/v1/models?pinned=true', { headers: ANTHROPIC })).json()) as { data: { id: string }[] };
    expect(pinned.data.map((model) => model.id)).toEqual(['m1', 'm2', 'a/m1', 'a/m2']);
    expect(pinned).toMatchObject({ first_id: 'm1', last_id: 'a/m2', has_more: false });
  });

  it('lists and retrieves with the catalogue\'s display names (management API)', async () => {
    harness = await createTestApp();
    await harness.call('POST', '/v1/providers', { id: 'p', config: { baseURL: 'http://127.0.0.1:9/v1', models: ['claude-like'] } });
    await harness.call('POST', '/v1/models', { id: 'claude-like', displayName: 'Claude Like', providers: [{ providerId: 'p' }] });
    const list = await harness.call('GET', '/v1/models', undefined, ANTHROPIC);
    expect(list.json).toEqual({ data: [{ type: 'model', id: 'claude-like', display_name: 'Claude Like', created_at: expect.any(String) }], has_more: false, first_id: 'claude-like', last_id: 'claude-like' });
    const pinned = await harness.call('GET', '/v1/models?pinned=true', undefined, ANTHROPIC);
    expect(pinned.json.data.map((model: { id: string }) => model.id)).toEqual(['claude-like', 'p/claude-like']);
    const one = await harness.call('GET', '/v1/models/claude-like', undefined, ANTHROPIC);
    expect(one.json).toEqual({ type: 'model', id: 'claude-like', display_name: 'Claude Like', created_at: expect.any(String) });
    expect((await harness.call('GET', '/v1/models/claude-like')).json).toMatchObject({ id: 'claude-like', object: 'model', owned_by: 'p' });
    const missing = await harness.call('GET', '/v1/models/nope', undefined, ANTHROPIC);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    // a bad query is answered in the client's shape too
    expect((await harness.call('GET', '/v1/models?capability=to%20ols', undefined, ANTHROPIC)).json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('pages the pinned forms as @anthropic-ai/sdk asks (limit, after_id, before_id), with and without the management API', async () => {
    const router = createRouter({
      config: createStaticConfigSource({ providers: [{ id: 'a', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1' } }], activeProviderId: 'a' }),
      transport: createMemoryTransport(() => ({ chunks: ['{"object":"list","data":[{"id":"m1"},{"id":"m2"},{"id":"m3"}]}'] })),
    });
    await router.refreshModels();
    harness = await createTestApp();
    await harness.call('POST', '/v1/providers', { id: 'a', config: { baseURL: 'http://127.0.0.1:9/v1' } });
    for (const id of ['m1', 'm2', 'm3']) await harness.call('POST', '/v1/models', { id, providers: [{ providerId: 'a' }] });
    for (const app of [createApp({ router, version: 't' }), harness.app]) {
      // the SDK has no pinned parameter: the client asks for it on every request
      const client = new Anthropic({ apiKey: 'unused', baseURL: 'http://router.test', defaultQuery: { pinned: 'true' }, maxRetries: 0, fetch: ((url: string, init?: RequestInit) => app.request(url, init)) as typeof fetch });
      const all = ['m1', 'm2', 'm3', 'a/m1', 'a/m2', 'a/m3'];
      const seen: string[] = [];
      for await (const model of client.models.list({ limit: 4 })) seen.push(model.id);
      expect(seen).toEqual(all);
      const first = await client.models.list({ limit: 4 });
      expect(first.data.map((model) => model.id)).toEqual(all.slice(0, 4));
      expect(first).toMatchObject({ has_more: true, first_id: 'm1', last_id: 'a/m1' });
      const second = await first.getNextPage();
      expect(second.data.map((model) => model.id)).toEqual(['a/m2', 'a/m3']);
      expect(second.hasNextPage()).toBe(false);
      const before = await client.models.list({ limit: 2, before_id: 'a/m1' });
      expect(before.data.map((model) => model.id)).toEqual(['m2', 'm3']);
      expect((await before.getNextPage()).data.map((model) => model.id)).toEqual(['m1']);
      // a bad page is a 400 the SDK types
      await expect(client.models.list({ limit: 0 })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      await expect(client.models.list({ after_id: 'gone' })).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('"gone"') } } });
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let upstream: FakeUpstream;
// a million tokens each way: the cost is the sum of the two prices
const reply = () => ({ kind: 'json' as const, body: JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 } }) });

beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream({ chat: reply });
  await t.call('POST', '/v1/providers', { id: 'a', config: { baseURL: upstream.baseURL } });
  await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

async function loggedCost(model: string) {
  const response = await t.call('POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });
  expect(response.status).toBe(200);
  await t.logWriter.flush();
  const row = await t.store.logs.get(response.headers.get('x-request-id')!);
  return { cost: row?.cost ?? null, source: row?.costSource ?? null };
}

describe('price overrides API', () => {
  it('sets, reads, lists and removes an override (history from the api door)', async () => {
    const set = await t.call('PUT', '/v1/prices/qwen/qwen3-coder:free', { inputPerMillion: 0.2, outputPerMillion: 0.8, cachedInputPerMillion: 0.05 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ model: 'qwen/qwen3-coder:free', inputPerMillion: 0.2, outputPerMillion: 0.8, cachedInputPerMillion: 0.05 });
    expect((await t.call('GET', '/v1/prices/qwen/qwen3-coder:free')).json).toEqual(set.json);
    // what a read returns can be written back
    expect((await t.call('PUT', '/v1/prices/qwen/qwen3-coder:free', { ...set.json, outputPerMillion: 1 })).json.outputPerMillion).toBe(1);
    const listed = (await t.call('GET', '/v1/prices?model=gpt-4o')).json;
    expect(listed).toMatchObject({ object: 'list', data: [{ model: 'qwen/qwen3-coder:free' }], catalogue: { source: expect.stringContaining('genai-prices') }, bundled: { provider: 'OpenAI', inputPerMillion: 2.5, outputPerMillion: 10 } });
    expect((await t.call('GET', '/v1/prices?model=my-own-model')).json.bundled).toBeNull();
    expect((await t.call('GET', '/v1/prices')).json).not.toHaveProperty('bundled');
    const removed = await t.call('DELETE', '/v1/prices/qwen/qwen3-coder:free');
    expect(removed.json).toMatchObject({ model: 'qwen/qwen3-coder:free', deleted: true });
    expect((await t.call('GET', '/v1/prices')).json.data).toEqual([]);
    expect((await t.store.history.list({ entity: 'price', source: 'api' })).map((entry) => entry.action)).toEqual(['delete', 'set', 'set']);
  });

  it('refuses bad input with OpenAI-shaped 400s naming the field, and unknown overrides with 404s, writing nothing', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/prices/m', { inputPerMillion: -1, outputPerMillion: 1 }, 'inputPerMillion'],
      ['/v1/prices/m', { inputPerMillion: 1 }, 'outputPerMillion'],
      ['/v1/prices/m', { inputPerMillion: 1, outputPerMillion: '1' }, 'outputPerMillion'],
      ['/v1/prices/m', { inputPerMillion: 1, outputPerMillion: 1, cheap: true }, 'cheap'],
      ['/v1/prices/m', { model: 'other', inputPerMillion: 1, outputPerMillion: 1 }, 'model'],
      ['/v1/prices/bad%20model', { inputPerMillion: 1, outputPerMillion: 1 }, 'model'],
    ];
    for (const [path, body, param] of cases) {
      const response = await t.call('PUT', path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error).toMatchObject({ type: 'invalid_request_error', param });
    }
    for (const method of ['GET', 'DELETE']) {
      const missing = await t.call(method, '/v1/prices/never-set');
      expect(missing.status).toBe(404);
      expect(missing.json.error).toMatchObject({ code: 'price_not_found' });
    }
    expect(await t.store.prices.list()).toEqual([]);
  });

  it('is guarded like the rest of the management API', async () => {
    const remote = await createTestApp({ remoteAddress: () => '203.0.113.7' });
    try {
      const response = await remote.call('PUT', '/v1/prices/m', { inputPerMillion: 1, outputPerMillion: 1 });
      expect(response.status).toBeGreaterThanOrEqual(401);
      expect(response.status).toBeLessThanOrEqual(403);
      expect(await remote.store.prices.list()).toEqual([]);
    } finally {
      await remote.close();
    }
  });

  it('the log prices requests with an override from the moment it is set, and without it once removed', async () => {
    expect(await loggedCost('my-own-model')).toEqual({ cost: null, source: null });
    expect(await loggedCost('gpt-4o')).toEqual({ cost: 12.5, source: 'catalogue' });
    await t.call('PUT', '/v1/prices/my-own-model', { inputPerMillion: 0.5, outputPerMillion: 1.5 });
    await t.call('PUT', '/v1/prices/gpt-4o', { inputPerMillion: 2, outputPerMillion: 8 });
    expect(await loggedCost('my-own-model')).toEqual({ cost: 2, source: 'override' });
    expect(await loggedCost('gpt-4o')).toEqual({ cost: 10, source: 'override' });
    await t.call('DELETE', '/v1/prices/my-own-model');
    await t.call('DELETE', '/v1/prices/gpt-4o');
    expect(await loggedCost('my-own-model')).toEqual({ cost: null, source: null });
    expect(await loggedCost('gpt-4o')).toEqual({ cost: 12.5, source: 'catalogue' });
  });
});

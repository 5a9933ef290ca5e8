import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let a: FakeUpstream;
let b: FakeUpstream;
const reply = (content: string) => () => ({ kind: 'json' as const, body: JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }) });

beforeEach(async () => {
  t = await createTestApp();
  a = await startFakeUpstream({ chat: reply('from a') });
  b = await startFakeUpstream({ chat: reply('from b') });
  await t.call('POST', '/v1/providers', { id: 'a', config: { baseURL: a.baseURL } });
  await t.call('POST', '/v1/providers', { id: 'b', config: { baseURL: b.baseURL } });
});
afterEach(async () => {
  await t.close();
  await a.close();
  await b.close();
});

async function chat(model: string) {
  const response = await t.call('POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });
  return { status: response.status, content: response.json?.choices?.[0]?.message?.content, provider: response.headers.get('x-router-provider') };
}

describe('active and default provider', () => {
  it('reads and writes the active provider; the running router obeys at once', async () => {
    expect((await t.call('GET', '/v1/settings/active-provider')).json).toEqual({ providerId: null, effective: null, source: null });
    const set = await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
    expect(set.json).toEqual({ providerId: 'a', effective: 'a', source: 'database' });
    expect((await chat('anything')).content).toBe('from a');
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'b' });
    // no waiting: the write refreshed the server's snapshot (the harness polls only once a minute)
    expect((await chat('anything')).content).toBe('from b');
    const cleared = await t.call('DELETE', '/v1/settings/active-provider');
    expect(cleared.json.providerId).toBeNull();
    const history = await t.store.history.list({ entity: 'setting', source: 'api' });
    expect(history.map((entry) => [entry.action, entry.oldValue, entry.newValue])).toEqual([['delete', 'b', null], ['set', 'a', 'b'], ['set', null, 'a']]);
  });

  it('reads and writes the default provider', async () => {
    const set = await t.call('PUT', '/v1/settings/default-provider', { providerId: 'b' });
    expect(set.json).toEqual({ providerId: 'b', effective: 'b', source: 'database' });
    expect((await chat('anything')).content).toBe('from b');
    const all = await t.call('GET', '/v1/settings');
    expect(all.json).toMatchObject({ activeProvider: { providerId: null }, defaultProvider: { providerId: 'b' }, values: { default_provider: 'b' } });
    expect((await t.call('PUT', '/v1/settings/default-provider', { providerId: null })).json.providerId).toBeNull();
  });

  it('rejects unknown providers (404) and bad bodies (400)', async () => {
    const unknown = await t.call('PUT', '/v1/settings/active-provider', { providerId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'provider_not_found', param: 'providerId' });
    expect((await t.call('PUT', '/v1/settings/active-provider', {})).json.error.param).toBe('providerId');
    expect((await t.call('PUT', '/v1/settings/default-provider', { providerId: 'bad id' })).json.error.param).toBe('providerId');
    expect((await t.call('PUT', '/v1/settings/default-provider', { providerId: 'a', extra: 1 })).json.error.param).toBe('extra');
  });
});

describe('model mappings', () => {
  it('sets, reads and deletes ordered targets; the router routes by them at once', async () => {
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
    const targets = [{ providerId: 'b', model: 'b-model', weight: 2, priority: 0 }, { providerId: 'a' }];
    const set = await t.call('PUT', '/v1/mappings/qwen3-max', { targets });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ model: 'qwen3-max', source: 'database', targets: [{ providerId: 'b', model: 'b-model', weight: 2, priority: 0 }, { providerId: 'a', model: null, weight: 1 }] });
    const routed = await chat('qwen3-max');
    expect(routed.content).toBe('from b');
    expect(b.requests.at(-1)!.json.model).toBe('b-model');
    expect((await chat('other')).content).toBe('from a');

    await t.call('PUT', '/v1/mappings/qwen/qwen3-coder:free', { targets: [{ providerId: 'a' }] });
    expect((await t.call('GET', '/v1/mappings')).json.data.map((mapping: any) => mapping.model)).toEqual(['qwen/qwen3-coder:free', 'qwen3-max']);
    expect((await t.call('GET', '/v1/mappings/qwen/qwen3-coder:free')).json.targets).toEqual([{ providerId: 'a', model: null, weight: 1 }]);

    const removed = await t.call('DELETE', '/v1/mappings/qwen3-max');
    expect(removed.json).toMatchObject({ model: 'qwen3-max', deleted: true });
    expect((await chat('qwen3-max')).content).toBe('from a');
    expect((await t.store.history.list({ entity: 'mapping', source: 'api' })).map((entry) => entry.action)).toEqual(['delete', 'set', 'set']);
  });

  it('rejects bad targets naming the field; unknown mapping or provider is 404', async () => {
    const cases: [unknown, number, string][] = [
      [{ targets: [] }, 400, 'targets'],
      [{}, 400, 'targets'],
      [{ targets: [{ providerId: 'a', weight: -1 }] }, 400, 'targets[0].weight'],
      [{ targets: [{ providerId: 'a' }, { providerId: 'a', priority: 'first' }] }, 400, 'targets[1].priority'],
      [{ targets: [{ providerId: 'a', provider: 'a' }] }, 400, 'targets[0].provider'],
      [{ targets: [{ providerId: 'a' }, { providerId: 'ghost' }] }, 404, 'targets[1].providerId'],
      [{ model: 'other', targets: [{ providerId: 'a' }] }, 400, 'model'],
    ];
    for (const [body, status, param] of cases) {
      const response = await t.call('PUT', '/v1/mappings/m', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.json.error.param, JSON.stringify(body)).toBe(param);
    }
    expect((await t.call('PUT', '/v1/mappings/bad%20name', { targets: [{ providerId: 'a' }] })).json.error.param).toBe('model');
    expect((await t.call('GET', '/v1/mappings/none')).status).toBe(404);
    expect((await t.call('DELETE', '/v1/mappings/none')).status).toBe(404);
  });
});

describe('tunable settings', () => {
  it('sets fallback providers through the API and the router obeys at once', async () => {
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
    await a.close();
    const set = await t.call('PUT', '/v1/settings/tuning/fallback_providers', { value: 'b' });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ key: 'fallback_providers', value: 'b' });
    const answer = await chat('anything');
    expect(answer).toMatchObject({ status: 200, content: 'from b', provider: 'b' });
    expect((await t.call('GET', '/v1/settings/tuning/retry_attempts')).json).toMatchObject({ key: 'retry_attempts', value: null });
    expect((await t.call('PUT', '/v1/settings/tuning/retry_attempts', { value: 3 })).json.value).toBe('3');
    expect((await t.call('DELETE', '/v1/settings/tuning/retry_attempts')).json).toMatchObject({ deleted: true });
    const list = (await t.call('GET', '/v1/settings/tuning')).json.data;
    expect(list.find((entry: { key: string }) => entry.key === 'fallback_providers')).toMatchObject({ value: 'b' });
    const history = await t.store.history.list({ entity: 'setting', source: 'api' });
    expect(history.some((entry) => entry.entityId === 'fallback_providers')).toBe(true);
  });

  it('refuses unknown keys and bad values with 400 naming the field', async () => {
    const unknown = await t.call('PUT', '/v1/settings/tuning/made_up', { value: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'unknown_setting', param: 'key' });
    const bad = await t.call('PUT', '/v1/settings/tuning/retry_attempts', { value: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_value', param: 'value' });
  });
});

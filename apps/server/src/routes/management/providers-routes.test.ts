import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const SECRET = 'sk-provider-secret-abcdef123456';
const alpha = { id: 'alpha', type: 'openai-compatible', config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: SECRET, headers: { 'x-api-key': 'header-secret-999999' } } };

describe('providers CRUD', () => {
  it('creates, lists with filters, reads, updates and deletes; secrets masked throughout', async () => {
    const created = await t.call('POST', '/v1/providers', alpha);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'alpha', name: 'alpha', type: 'openai-compatible', enabled: true, config: { baseURL: 'http://127.0.0.1:9/v1', apiKey: '••••3456' } });
    expect(created.text).not.toContain(SECRET);
    expect(created.text).not.toContain('header-secret-999999');
    await t.call('POST', '/v1/providers', { id: 'beta', type: 'lm-studio-like', enabled: false, config: { baseURL: 'http://127.0.0.1:10/v1' } });

    expect((await t.call('GET', '/v1/providers')).json.data.map((p: any) => p.id)).toEqual(['alpha', 'beta']);
    expect((await t.call('GET', '/v1/providers?enabled=false')).json.data.map((p: any) => p.id)).toEqual(['beta']);
    expect((await t.call('GET', '/v1/providers?type=openai-compatible&enabled=true')).json.data.map((p: any) => p.id)).toEqual(['alpha']);
    const one = await t.call('GET', '/v1/providers/alpha');
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(SECRET);

    const put = await t.call('PUT', '/v1/providers/alpha', { name: 'Alpha', priority: 5, config: { baseURL: 'http://127.0.0.1:11/v1', apiKey: one.json.config.apiKey } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ name: 'Alpha', priority: 5, config: { baseURL: 'http://127.0.0.1:11/v1', apiKey: '••••3456' } });
    // PUT replaced the config: the header is gone; the masked apiKey kept the stored secret
    expect(put.json.config.headers).toBeUndefined();
    expect((await t.store.providers.get('alpha')).config.apiKey).toBe(SECRET);

    const patch = await t.call('PATCH', '/v1/providers/alpha', { config: { timeout: 5000 } });
    expect(patch.json.config).toMatchObject({ baseURL: 'http://127.0.0.1:11/v1', timeout: 5000, apiKey: '••••3456' });

    const removed = await t.call('DELETE', '/v1/providers/beta');
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ id: 'beta', deleted: true });
    expect((await t.call('GET', '/v1/providers/beta')).status).toBe(404);
  });

  it('round-trips a whole GET response through PUT without losing secrets', async () => {
    await t.call('POST', '/v1/providers', alpha);
    const read = (await t.call('GET', '/v1/providers/alpha')).json;
    const written = await t.call('PUT', '/v1/providers/alpha', read);
    expect(written.status).toBe(200);
    expect((await t.store.providers.get('alpha')).config).toEqual(alpha.config);
  });

  it('rejects bad input naming the field', async () => {
    const cases: [unknown, number, string | null, string][] = [
      [{ id: 'bad id!', config: { baseURL: 'http://x' } }, 400, 'id', 'invalid_value'],
      [{ id: 'health', config: { baseURL: 'http://x' } }, 400, 'id', 'invalid_id'],
      [{ id: 'p', config: { baseURL: 'ftp://x' } }, 400, 'config.baseURL', 'invalid_config'],
      [{ id: 'p', priority: 'high', config: { baseURL: 'http://x' } }, 400, 'priority', 'invalid_value'],
      [{ id: 'p', colour: 'red', config: { baseURL: 'http://x' } }, 400, 'colour', 'unknown_field'],
      [{ id: 'p', config: { baseURL: 'http://x', apiKey: '••••1234' } }, 400, 'config.apiKey', 'masked_value'],
      [{ id: 'p', type: 'Bad Type', config: { baseURL: 'http://x' } }, 400, 'type', 'invalid_type'],
      [{ config: { baseURL: 'http://x' } }, 400, 'id', 'invalid_value'],
    ];
    for (const [body, status, param, code] of cases) {
      const response = await t.call('POST', '/v1/providers', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.json.error, JSON.stringify(body)).toMatchObject({ param, code, type: 'invalid_request_error' });
    }
    const broken = await t.call('POST', '/v1/providers', '{"id": ');
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_json');
    expect((await t.call('GET', '/v1/providers?enabled=maybe')).json.error.param).toBe('enabled');
  });

  it('answers 400 already_exists (never 409) for a duplicate id, 404 for an unknown one, 400 for a bad path id', async () => {
    await t.call('POST', '/v1/providers', alpha);
    const duplicate = await t.call('POST', '/v1/providers', alpha);
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.error).toMatchObject({ code: 'already_exists', param: 'id' });
    for (const [method, path] of [['GET', '/v1/providers/nope'], ['PUT', '/v1/providers/nope'], ['DELETE', '/v1/providers/nope'], ['POST', '/v1/providers/nope/enable'], ['GET', '/v1/providers/nope/config'], ['PATCH', '/v1/providers/nope/config/timeout']] as const) {
      const response = await t.call(method, path, method === 'PATCH' ? { value: 1 } : method === 'PUT' ? {} : undefined);
      expect(response.status, path).toBe(404);
      expect(response.json.error.code, path).toBe('provider_not_found');
    }
    const bad = await t.call('GET', '/v1/providers/bad%20id');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ param: 'id', code: 'invalid_id' });
    expect((await t.call('PUT', '/v1/providers/alpha', { id: 'other' })).json.error.param).toBe('id');
  });

  it('refuses to delete the active provider without force (as the CLI needs --force)', async () => {
    await t.call('POST', '/v1/providers', alpha);
    await t.call('PUT', '/v1/settings/active-provider', { providerId: 'alpha' });
    const refused = await t.call('DELETE', '/v1/providers/alpha');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ type: 'invalid_request_error', code: 'provider_active', param: 'force' });
    expect(refused.json.error.message).toContain('"alpha" is the active provider');
    expect((await t.call('GET', '/v1/providers/alpha')).status).toBe(200);
    const removed = await t.call('DELETE', '/v1/providers/alpha?force=true');
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ id: 'alpha', deleted: true, wasActive: true, wasDefault: false, mappingsChanged: [], mappingsRemoved: [] });
    expect(t.configSource.current().activeProviderId).toBeNull();
  });

  it('refuses to delete the default provider without force, and says which mappings lost targets', async () => {
    await t.call('POST', '/v1/providers', alpha);
    await t.call('POST', '/v1/providers', { id: 'beta', config: { baseURL: 'http://127.0.0.1:10/v1' } });
    await t.call('PUT', '/v1/settings/default-provider', { providerId: 'alpha' });
    await t.call('PUT', '/v1/mappings/m1', { targets: [{ providerId: 'alpha' }, { providerId: 'beta' }] });
    await t.call('PUT', '/v1/mappings/m2', { targets: [{ providerId: 'alpha' }] });
    const refused = await t.call('DELETE', '/v1/providers/alpha');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'provider_default', param: 'force' });
    expect((await t.call('GET', '/v1/mappings')).json.data.map((mapping: any) => mapping.model)).toEqual(['m1', 'm2']);
    const removed = await t.call('DELETE', '/v1/providers/alpha?force=1');
    expect(removed.json).toMatchObject({ wasActive: false, wasDefault: true, mappingsChanged: ['m1', 'm2'], mappingsRemoved: ['m2'] });
    expect(t.configSource.current().defaultProviderId).toBeNull();
  });
});

describe('enable, disable, config and default model', () => {
  beforeEach(async () => {
    await t.call('POST', '/v1/providers', alpha);
  });

  it('enabling an enabled provider changes nothing and records no change (as the CLI)', async () => {
    const before = await t.store.history.list();
    const answer = await t.call('POST', '/v1/providers/alpha/enable');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: 'alpha', enabled: true });
    expect(await t.store.history.list()).toEqual(before);
  });

  it('enables and disables, visible in the live snapshot at once', async () => {
    const disabled = await t.call('POST', '/v1/providers/alpha/disable');
    expect(disabled.json.enabled).toBe(false);
    expect(t.configSource.current().providers.get('alpha')?.enabled).toBe(false);
    expect((await t.call('POST', '/v1/providers/alpha/enable')).json.enabled).toBe(true);
    expect(t.configSource.current().providers.get('alpha')?.enabled).toBe(true);
  });

  it('reads, replaces and patches one config key; a masked value keeps the secret', async () => {
    const read = await t.call('GET', '/v1/providers/alpha/config');
    expect(read.json).toEqual({ baseURL: 'http://127.0.0.1:9/v1', apiKey: '••••3456', headers: { 'x-api-key': '••••9999' } });

    const replaced = await t.call('PUT', '/v1/providers/alpha/config', { ...read.json, baseURL: 'http://127.0.0.1:12/v1' });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual({ baseURL: 'http://127.0.0.1:12/v1', apiKey: '••••3456', headers: { 'x-api-key': '••••9999' } });
    expect((await t.store.providers.get('alpha')).config).toEqual({ ...alpha.config, baseURL: 'http://127.0.0.1:12/v1' });

    const patched = await t.call('PATCH', '/v1/providers/alpha/config/timeout', { value: 1234 });
    expect(patched.json.timeout).toBe(1234);
    const keepSecret = await t.call('PATCH', '/v1/providers/alpha/config/apiKey', { value: '••••3456' });
    expect(keepSecret.status).toBe(200);
    expect((await t.store.providers.get('alpha')).config.apiKey).toBe(SECRET);
    const removed = await t.call('PATCH', '/v1/providers/alpha/config/timeout', { value: null });
    expect(removed.json.timeout).toBeUndefined();
    expect(t.configSource.current().providers.get('alpha')?.config.timeout).toBeUndefined();
  });

  it('rejects bad config input', async () => {
    expect((await t.call('PATCH', '/v1/providers/alpha/config/timeout', {})).json.error.param).toBe('value');
    expect((await t.call('PATCH', '/v1/providers/alpha/config/baseURL', { value: 'nope' })).json.error.param).toBe('config.baseURL');
    expect((await t.call('PATCH', '/v1/providers/alpha/config/b@d', { value: 1 })).json.error.param).toBe('key');
    const missing = await t.call('PATCH', '/v1/providers/alpha/config/nothing', { value: null });
    expect(missing.status).toBe(404);
    expect((await t.call('PUT', '/v1/providers/alpha/config', { baseURL: 'http://x', 'bad key': 1 })).status).toBe(400);
    expect((await t.call('PUT', '/v1/providers/alpha/config', [1, 2])).status).toBe(400);
    expect((await t.call('PUT', '/v1/providers/alpha/config', { baseURL: 'http://x', token: '••••abcd' })).json.error).toMatchObject({ param: 'config.token', code: 'masked_value' });
  });

  it('reads and sets the default model', async () => {
    expect((await t.call('GET', '/v1/providers/alpha/default-model')).json).toEqual({ providerId: 'alpha', model: null });
    const set = await t.call('PUT', '/v1/providers/alpha/default-model', { model: 'qwen/qwen3-coder:free' });
    expect(set.json).toEqual({ providerId: 'alpha', model: 'qwen/qwen3-coder:free' });
    expect(t.configSource.current().providers.get('alpha')?.defaultModel).toBe('qwen/qwen3-coder:free');
    expect((await t.call('PUT', '/v1/providers/alpha/default-model', { model: 'bad model' })).json.error.param).toBe('model');
    expect((await t.call('PUT', '/v1/providers/alpha/default-model', { model: null })).json.model).toBeNull();
  });

  it('records every change in the history as coming from the api, secrets masked', async () => {
    await t.call('POST', '/v1/providers/alpha/disable');
    await t.call('PATCH', '/v1/providers/alpha/config/apiKey', { value: 'sk-another-secret-0000001111' });
    const history = await t.store.history.list({ entityId: 'alpha' });
    expect(history.map((entry) => entry.source)).toEqual(['api', 'api', 'api']);
    expect(history.map((entry) => entry.action)).toEqual(['update', 'update', 'create']);
    const text = JSON.stringify(history);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('sk-another-secret-0000001111');
  });
});

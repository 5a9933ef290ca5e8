import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
let upstream: FakeUpstream;
beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream({ models: ['m-one', 'm-two'] });
  await t.call('POST', '/v1/providers', { id: 'p', config: { baseURL: upstream.baseURL } });
  await t.call('POST', '/v1/providers', { id: 'q', config: { baseURL: 'http://127.0.0.1:9/v1' } });
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

const ids = (list: any) => list.data.map((entry: any) => entry.id).sort();

describe('model catalogue', () => {
  it('creates, reads, updates and deletes a model definition with links', async () => {
    const created = await t.call('POST', '/v1/models', {
      id: 'qwen/qwen3-coder:free', displayName: 'Qwen3 Coder', description: 'code', capabilities: ['tools', 'streaming'], contextLength: 262144,
      providers: [{ providerId: 'p', upstreamModel: 'qwen3-coder', priority: 10 }],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'qwen/qwen3-coder:free', capabilities: ['tools', 'streaming'], providers: [{ providerId: 'p', upstreamModel: 'qwen3-coder', priority: 10 }] });

    const read = await t.call('GET', '/v1/models/qwen/qwen3-coder:free');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: 'qwen/qwen3-coder:free', object: 'model', owned_by: 'p', display_name: 'Qwen3 Coder', capabilities: ['tools', 'streaming'], context_length: 262144 });
    expect((await t.call('GET', '/v1/models/qwen%2Fqwen3-coder%3Afree')).json.id).toBe('qwen/qwen3-coder:free');

    const updated = await t.call('PUT', '/v1/models/qwen/qwen3-coder:free', { capabilities: ['tools', 'vision'], providers: [{ providerId: 'q' }] });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ capabilities: ['tools', 'vision'], displayName: 'Qwen3 Coder', providers: [{ providerId: 'q', upstreamModel: null }] });
    expect(t.configSource.current().models.get('qwen/qwen3-coder:free')?.providers.map((link) => link.providerId)).toEqual(['q']);

    const removed = await t.call('DELETE', '/v1/models/qwen/qwen3-coder:free');
    expect(removed.json).toMatchObject({ id: 'qwen/qwen3-coder:free', deleted: true });
    expect((await t.call('GET', '/v1/models/qwen/qwen3-coder:free')).status).toBe(404);
    const history = await t.store.history.list({ entity: 'model', source: 'api' });
    expect(history.map((entry) => entry.action)).toEqual(['delete', 'link', 'unlink', 'update', 'link', 'create']);
  });

  it('writes a model with its links all or nothing: a link that fails leaves no model and no changed definition', async () => {
    await t.call('POST', '/v1/models', { id: 'kept', displayName: 'Kept', providers: [{ providerId: 'p' }] });
    // the database refuses the next link (as a full disk or a constraint would), after the definition's own statement
    // (SQLite's trigger syntax: the test app's store is an SQLite one)
    if (t.store.dialect !== 'sqlite') throw new Error('the test app opens an SQLite store');
    await t.store.client.execute("CREATE TRIGGER refuse_link BEFORE INSERT ON provider_models BEGIN SELECT RAISE(ABORT, 'link refused'); END");
    const created = await t.call('POST', '/v1/models', { id: 'half', providers: [{ providerId: 'p' }] });
    expect(created.status).toBe(500);
    expect((await t.store.models.list()).map((model) => model.id)).toEqual(['kept']);
    const updated = await t.call('PUT', '/v1/models/kept', { displayName: 'Changed', providers: [{ providerId: 'q' }] });
    expect(updated.status).toBe(500);
    expect(await t.store.models.get('kept')).toMatchObject({ displayName: 'Kept', providers: [{ providerId: 'p' }] });
    expect((await t.store.history.list({ entity: 'model' })).map((entry) => entry.action)).toEqual(['link', 'create']);
  });

  it('lists the catalogue\'s definitions with their links, filtered by capability and provider', async () => {
    await t.call('POST', '/v1/models', { id: 'a', name: 'A', capabilities: ['tools'], providers: [{ providerId: 'p', upstreamModel: 'up-a' }] });
    await t.call('POST', '/v1/models', { id: 'org/b', contextLength: 4096 });
    const all = await t.call('GET', '/v1/catalogue');
    expect(all.status).toBe(200);
    expect(all.json).toEqual({ object: 'list', data: await t.store.models.list() });
    expect(all.json.data.map((model: any) => model.id)).toEqual(['a', 'org/b']);
    expect(all.json.data[0]).toMatchObject({ name: 'A', providers: [{ providerId: 'p', upstreamModel: 'up-a', priority: 100 }] });
    expect((await t.call('GET', '/v1/catalogue?capability=tools')).json.data.map((model: any) => model.id)).toEqual(['a']);
    expect((await t.call('GET', '/v1/catalogue?provider=q')).json.data).toEqual([]);
    expect((await t.call('GET', '/v1/catalogue?provider=bad%20id')).json.error).toMatchObject({ param: 'provider' });
  });

  it('rejects bad input: duplicate (400 already_exists), bad fields, unknown provider and model (404)', async () => {
    await t.call('POST', '/v1/models', { id: 'm' });
    const duplicate = await t.call('POST', '/v1/models', { id: 'm' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.error).toMatchObject({ code: 'already_exists', param: 'id' });
    expect((await t.call('POST', '/v1/models', { id: 'bad model' })).json.error.param).toBe('id');
    expect((await t.call('POST', '/v1/models', { id: 'x', capabilities: ['to ols'] })).json.error.param).toBe('capabilities[0]');
    expect((await t.call('POST', '/v1/models', { id: 'x', contextLength: -1 })).json.error.param).toBe('contextLength');
    const unknownProvider = await t.call('POST', '/v1/models', { id: 'x', providers: [{ providerId: 'p' }, { providerId: 'nope' }] });
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.json.error.param).toBe('providers[1].providerId');
    expect((await t.call('GET', '/v1/models/x')).status).toBe(404); // nothing half-created
    expect((await t.call('PUT', '/v1/models/nope', { displayName: 'N' })).status).toBe(404);
    expect((await t.call('DELETE', '/v1/models/nope')).status).toBe(404);
    expect((await t.call('PUT', '/v1/models/m', { id: 'other' })).json.error.param).toBe('id');
    expect((await t.call('GET', '/v1/models?capability=no%20pe')).json.error.param).toBe('capability');
  });
});

describe('GET /v1/models (OpenAI-compatible)', () => {
  it('lists catalogue models with an enabled provider, mapped names and provider-reported models; filters by capability', async () => {
    await t.call('POST', '/v1/models', { id: 'cat-tools', capabilities: ['tools'], providers: [{ providerId: 'p' }] });
    await t.call('POST', '/v1/models', { id: 'cat-vision', capabilities: ['vision'], providers: [{ providerId: 'p' }] });
    await t.call('POST', '/v1/models', { id: 'lonely', capabilities: ['tools'] });
    await t.call('PUT', '/v1/mappings/alias', { targets: [{ providerId: 'p', model: 'm-one' }] });
    await t.router.refreshModels(); // the server runs this in the background, never on a chat request
    const list = await t.call('GET', '/v1/models');
    expect(list.status).toBe(200);
    expect(list.json.object).toBe('list');
    expect(ids(list.json)).toEqual(['alias', 'cat-tools', 'cat-vision', 'm-one', 'm-two']);
    for (const entry of list.json.data) expect(entry).toMatchObject({ object: 'model', created: expect.any(Number), owned_by: 'p' });
    expect(ids((await t.call('GET', '/v1/models?capability=tools')).json)).toEqual(['cat-tools']);
    // the catalogue model nobody serves is not listed, but can be retrieved
    expect((await t.call('GET', '/v1/models/lonely')).json).toMatchObject({ id: 'lonely', owned_by: 'router', capabilities: ['tools'] });
    expect((await t.call('GET', '/v1/models/m-two')).json).toEqual({ id: 'm-two', object: 'model', created: expect.any(Number), owned_by: 'p', provider: 'p' });
    const missing = await t.call('GET', '/v1/models/unknown-model');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'model_not_found', param: 'id' });

    await t.call('POST', '/v1/providers/p/disable');
    expect((await t.call('GET', '/v1/models')).json.data).toEqual([]);
  });
});

describe('provider ↔ model links', () => {
  beforeEach(async () => {
    await t.call('POST', '/v1/models', { id: 'm', capabilities: ['tools'] });
  });

  it('links, lists and unlinks', async () => {
    const linked = await t.call('POST', '/v1/providers/p/models', { modelId: 'm', upstreamModel: 'vendor/m', priority: 5 });
    expect(linked.status).toBe(201);
    expect(linked.json).toEqual({ providerId: 'p', modelId: 'm', upstreamModel: 'vendor/m', priority: 5 });
    expect(t.configSource.current().models.get('m')?.providers).toEqual([{ providerId: 'p', model: 'vendor/m', priority: 5 }]);
    const list = await t.call('GET', '/v1/providers/p/models');
    expect(list.json).toMatchObject({ object: 'list', providerId: 'p', defaultModel: null, data: [{ modelId: 'm', upstreamModel: 'vendor/m', priority: 5, capabilities: ['tools'] }] });
    const unlinked = await t.call('DELETE', '/v1/providers/p/models/m');
    expect(unlinked.json).toEqual({ providerId: 'p', modelId: 'm', deleted: true });
    expect((await t.call('GET', '/v1/providers/p/models')).json.data).toEqual([]);
  });

  it('answers 404 for unknown provider, model or link and 400 for bad input', async () => {
    expect((await t.call('GET', '/v1/providers/nope/models')).status).toBe(404);
    expect((await t.call('POST', '/v1/providers/nope/models', { modelId: 'm' })).status).toBe(404);
    const unknownModel = await t.call('POST', '/v1/providers/p/models', { modelId: 'zzz' });
    expect(unknownModel.status).toBe(404);
    expect(unknownModel.json.error).toMatchObject({ code: 'model_not_found', param: 'modelId' });
    expect((await t.call('POST', '/v1/providers/p/models', { modelId: 'm', priority: 1.5 })).json.error.param).toBe('priority');
    expect((await t.call('POST', '/v1/providers/p/models', {})).json.error.param).toBe('modelId');
    expect((await t.call('DELETE', '/v1/providers/p/models/m')).json.error.code).toBe('link_not_found');
  });
});

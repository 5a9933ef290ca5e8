/**
 * Routing agrees with `GET /v1/models`: two real upstreams on 127.0.0.1, the real app through
 * `app.request()`, the store-backed configuration and the request log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './management/test-harness.js';

let t: TestApp;
let a: FakeUpstream;
let b: FakeUpstream;
const busy = { kind: 'json' as const, status: 503, body: JSON.stringify({ error: { message: 'busy', type: 'server_error', code: null, param: null } }) };

beforeEach(async () => {
  t = await createTestApp();
  a = await startFakeUpstream({ models: ['a-model'] });
  b = await startFakeUpstream({ models: ['b-model', 'qwen/qwen3-coder'] });
  await t.call('POST', '/v1/providers', { id: 'a', config: { baseURL: a.baseURL } });
  await t.call('POST', '/v1/providers', { id: 'b', config: { baseURL: b.baseURL } });
  await t.call('PUT', '/v1/settings/active-provider', { providerId: 'a' });
  await t.router.refreshModels(); // the server runs this in the background (start, config change, interval), never on a request
});
afterEach(async () => {
  await t.close();
  await a.close();
  await b.close();
});

const chat = (model: string, headers: Record<string, string> = {}) => t.call('POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, headers);
const owners = async (query = '') => Object.fromEntries((await t.call('GET', `/v1/models${query}`)).json.data.map((entry: any) => [entry.id, entry.owned_by]));
const sentModels = (upstream: FakeUpstream) => upstream.requests.map((request) => request.json.model);

describe('routing agrees with /v1/models', () => {
  it('a model only provider B reports is listed as B\'s and a request for it goes to B, not to the active provider', async () => {
    expect(await owners()).toEqual({ 'a-model': 'a', 'b-model': 'b', 'qwen/qwen3-coder': 'b' });
    expect((await t.call('GET', '/v1/providers/b/models')).json).toMatchObject({ providerId: 'b', reported: ['b-model', 'qwen/qwen3-coder'] });
    const answer = await chat('b-model');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-router-provider')).toBe('b');
    expect(sentModels(b)).toEqual(['b-model']);
    expect(sentModels(a)).toEqual([]);
    // a real model id with a slash reaches the provider that reports it, unchanged
    expect((await chat('qwen/qwen3-coder')).headers.get('x-router-provider')).toBe('b');
    expect(sentModels(b)).toEqual(['b-model', 'qwen/qwen3-coder']);
    // a slash model id nobody reports, whose prefix is no provider, goes to the active provider unchanged
    expect((await chat('meta-llama/Llama-3-8b')).status).toBe(200);
    expect(sentModels(a)).toEqual(['meta-llama/Llama-3-8b']);
  });

  it('lists the pinned <provider-id>/<model> forms with ?pinned=true, and a request for one goes to that provider', async () => {
    expect(await owners('?pinned=true')).toMatchObject({ 'a/a-model': 'a', 'b/b-model': 'b', 'b/qwen/qwen3-coder': 'b' });
    expect(await owners()).not.toHaveProperty('b/b-model');
    expect((await chat('b/qwen/qwen3-coder')).headers.get('x-router-provider')).toBe('b');
    expect(sentModels(b)).toEqual(['qwen/qwen3-coder']);
    expect((await t.call('GET', '/v1/models/b/b-model')).json).toMatchObject({ id: 'b/b-model', owned_by: 'b' });
    // the setting makes the pinned forms the default listing
    expect((await t.call('PUT', '/v1/settings/tuning/models_list_pinned', { value: 'true' })).status).toBe(200);
    expect(await owners()).toHaveProperty('b/b-model', 'b');
    expect((await t.call('PUT', '/v1/settings/tuning/models_list_pinned', { value: 'maybe' })).status).toBe(400);
  });
});

describe('pinning a request to a provider', () => {
  it('the x-router-provider header sends it to that provider and does not fail over', async () => {
    b.onChat(() => busy);
    const answer = await chat('a-model', { 'x-router-provider': 'b' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-router-provider')).toBe('b');
    expect(sentModels(b).length).toBeGreaterThan(0);
    expect(sentModels(a)).toEqual([]);
  });

  it('<provider-id>/<model> pins the same way, without failing over', async () => {
    b.onChat(() => busy);
    const answer = await chat('b/a-model');
    expect(answer.status).toBe(503);
    expect(new Set(sentModels(b))).toEqual(new Set(['a-model']));
    expect(sentModels(a)).toEqual([]);
  });

  it('x-router-fallback: true lets a pinned request fail over to where the model would otherwise go', async () => {
    b.onChat(() => busy);
    const answer = await chat('a-model', { 'x-router-provider': 'b', 'x-router-fallback': 'true' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-router-provider')).toBe('a');
    expect(sentModels(b).length).toBeGreaterThan(0); // the pinned provider was tried first
    expect(sentModels(a)).toEqual(['a-model']);
  });

  it('refuses a pin to an unknown provider (404) and a fallback header it cannot read (400), OpenAI-shaped', async () => {
    const unknown = await chat('a-model', { 'x-router-provider': 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'provider_not_found', param: 'x-router-provider', type: 'invalid_request_error' });
    const unreadable = await chat('a-model', { 'x-router-provider': 'b', 'x-router-fallback': 'sometimes' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.json.error).toMatchObject({ code: 'invalid_value', param: 'x-router-fallback' });
    expect(sentModels(a).concat(sentModels(b))).toEqual([]);
  });
});

describe('a provider\'s default model', () => {
  it('is sent instead of a model the provider does not report, and the log shows the model sent', async () => {
    expect((await t.call('PUT', '/v1/providers/a/default-model', { model: 'a-model' })).status).toBe(200);
    const answer = await chat('gpt-unknown');
    expect(answer.status).toBe(200);
    expect(sentModels(a)).toEqual(['a-model']);
    await chat('a-model');
    expect(sentModels(a)).toEqual(['a-model', 'a-model']);
    await t.logWriter.flush();
    const row = (await t.store.logs.list()).rows.find((entry) => entry.model === 'gpt-unknown')!;
    expect(row).toMatchObject({ providerId: 'a', model: 'gpt-unknown', upstreamModel: 'a-model' });
    expect(JSON.parse(row.attempts)).toMatchObject([{ providerId: 'a', model: 'a-model' }]);
  });
});

describe('models have a name, as providers do', () => {
  it('POST /v1/models accepts {id, name}; the name is visible on read and can be changed', async () => {
    const created = await t.call('POST', '/v1/models', { id: 'mine', name: 'My Model', providers: [{ providerId: 'b', upstreamModel: 'b-model' }] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'mine', name: 'My Model' });
    expect((await t.call('GET', '/v1/models/mine')).json).toMatchObject({ id: 'mine', name: 'My Model', owned_by: 'b' });
    expect((await t.call('PUT', '/v1/models/mine', { name: 'Renamed' })).json).toMatchObject({ name: 'Renamed' });
    expect((await t.store.models.get('mine')).name).toBe('Renamed');
    // displayName stays accepted as the older spelling; two different values are refused
    expect((await t.call('PUT', '/v1/models/mine', { displayName: 'Old spelling' })).json).toMatchObject({ name: 'Old spelling' });
    const conflicting = await t.call('POST', '/v1/models', { id: 'other', name: 'X', displayName: 'Y' });
    expect(conflicting.status).toBe(400);
    expect((await t.call('GET', '/v1/models/other')).status).toBe(404);
  });
});

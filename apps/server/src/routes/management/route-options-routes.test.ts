import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.call('POST', '/v1/providers', { id: 'a', config: { baseURL: 'http://127.0.0.1:1/v1' } });
  await t.call('POST', '/v1/providers', { id: 'local', config: { baseURL: 'http://127.0.0.1:2/v1' } });
});
afterEach(async () => t.close());

describe('route options API', () => {
  it('changes a route\'s options, applies them to the live snapshot at once, and records history', async () => {
    expect((await t.call('GET', '/v1/route-options/m')).json).toEqual({ model: 'm', stickiness: null, shadowPercent: 0, shadowPerMinute: null, shadowTimeoutMs: null, shadowTargets: [] });
    const saved = await t.call('PATCH', '/v1/route-options/m', { stickiness: 'user', shadowPercent: 10, shadowTargets: [{ providerId: 'local', model: 'qwen3-8b' }], shadowPerMinute: 30, shadowTimeoutMs: 60_000 });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ model: 'm', stickiness: 'user', shadowPercent: 10, shadowPerMinute: 30, shadowTimeoutMs: 60_000, shadowTargets: [{ providerId: 'local', model: 'qwen3-8b' }] });
    expect(t.configSource.current().routeOptions?.get('m')).toEqual({ stickiness: 'user', shadowPercent: 10, shadowPerMinute: 30, shadowTimeoutMs: 60_000, shadowTargets: [{ providerId: 'local', model: 'qwen3-8b' }] });
    expect((await t.call('GET', '/v1/route-options')).json.data.map((entry: any) => entry.model)).toEqual(['m']);
    // a partial change keeps the rest
    expect((await t.call('PATCH', '/v1/route-options/m', { stickiness: null })).json).toMatchObject({ stickiness: null, shadowPercent: 10 });
    const reset = await t.call('DELETE', '/v1/route-options/m');
    expect(reset.json).toMatchObject({ model: 'm', deleted: true, shadowTargets: [] });
    expect(t.configSource.current().routeOptions?.has('m')).toBe(false);
    const history = await t.call('GET', '/v1/history?entity=route_options');
    expect(history.json.data.map((entry: any) => entry.action)).toEqual(['delete', 'set', 'set']);
  });

  it.each([
    [{ stickiness: 'cookie' }, 'stickiness', 400],
    [{ shadowPercent: 101 }, 'shadowPercent', 400],
    [{ shadowPercent: 10 }, 'shadowTargets', 400],
    [{ shadowPercent: 10, shadowTargets: [{ providerId: 'ghost' }] }, 'shadowTargets[0].providerId', 404],
    [{ shadowPerMinute: 0 }, 'shadowPerMinute', 400],
    [{ shadowTimeoutMs: 5 }, 'shadowTimeoutMs', 400],
    [{ colour: 'red' }, 'colour', 400],
  ])('refuses %j naming %s, writing nothing', async (body, param, status) => {
    const refused = await t.call('PATCH', '/v1/route-options/m', body);
    expect(refused.status).toBe(status);
    expect(refused.json.error.param).toBe(param);
    expect(await t.store.routeOptions.list()).toEqual([]);
    expect((await t.call('GET', '/v1/history?entity=route_options')).json.data).toEqual([]);
  });
});

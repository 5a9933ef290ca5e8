import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './management/test-harness.js';
import { proxyRoutes } from './route-table.js';

let t: TestApp;
let upstream: FakeUpstream;
beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream({ models: ['m'] });
  expect((await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } })).status).toBe(201);
  expect((await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' })).status).toBe(200);
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

/** A body of the API with a value nested 10^5 deep where its content goes. */
function deepBody(api: string, model: string): string {
  if (api === 'completions') return `{"model":"${model}","prompt":${DEEP}}`;
  if (api === 'embeddings') return `{"model":"${model}","input":${DEEP}}`;
  if (api === 'responses') return `{"model":"${model}","input":"hi","tools":[{"type":"function","name":"t","parameters":{"x":${DEEP}}}]}`;
  return `{"model":"${model}","max_tokens":5,"messages":[{"role":"user","content":${DEEP}}]}`;
}

it('answers JSON nested 10^5 deep on every client API without a 5xx: a 400 in the API\'s own shape wherever the router must rewrite the body, before anything goes upstream', async () => {
  // a mapping that renames the model: every API must then rewrite the body it sends
  expect((await t.call('PUT', '/v1/mappings/renamed-here', { targets: [{ providerId: 'live', model: 'upstream-name' }] })).status).toBe(200);
  const routes = proxyRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(6);
  for (const route of routes) {
    const response = await t.call('POST', route.path, deepBody(route.api, 'renamed-here'));
    const name = `${route.path} ${response.text.slice(0, 200)}`;
    if (route.api === 'count_tokens') {
      // over a chat provider the router counts itself and sends nothing: an answer, or a 400, never a 5xx
      expect(response.status, name).toBeLessThan(500);
      continue;
    }
    expect(response.status, name).toBe(400);
    if (route.api === 'messages') expect(response.json, name).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    else expect(response.json, name).toMatchObject({ error: { type: 'invalid_request_error', code: 'json_too_deep' } });
  }
  expect(upstream.requests).toHaveLength(0);
  // and a body so deep that it is not even valid JSON to the parser is the same 400
  const broken = await t.call('POST', '/v1/messages', `{"model":"m","messages":${'['.repeat(100_000)}`);
  expect(broken.status).toBe(400);
  expect(broken.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
});

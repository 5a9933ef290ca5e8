/**
 * The answers the document describes are the answers the routes give: real requests through the
 * proxy and the management API, each answer parsed with its published response schema, and
 * checked to be the schema the OpenAPI document carries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { createTestApp, type TestApp } from './test-harness.js';
import { buildOpenApiDocument, responseSchemaOf } from './openapi.js';
import {
  healthResponseSchema, providerListResponseSchema, providerSchema, providerSettingResponseSchema, providersHealthResponseSchema,
  requestDetailSchema, requestListResponseSchema, scorecardResponseSchema, seriesResponseSchema, settingsResponseSchema, statsResponseSchema,
} from './response-schemas.js';

let t: TestApp;
let upstream: FakeUpstream;
beforeEach(async () => {
  t = await createTestApp();
  upstream = await startFakeUpstream();
});
afterEach(async () => {
  await t.close();
  await upstream.close();
});

const cases: [string, string, z.ZodType][] = [
  ['GET', '/health', healthResponseSchema],
  ['GET', '/v1/providers', providerListResponseSchema],
  ['GET', '/v1/providers/live', providerSchema],
  ['GET', '/v1/providers/health', providersHealthResponseSchema],
  ['GET', '/v1/settings', settingsResponseSchema],
  ['GET', '/v1/settings/active-provider', providerSettingResponseSchema],
  ['GET', '/v1/requests', requestListResponseSchema],
  ['GET', '/v1/stats', statsResponseSchema],
  ['GET', '/v1/stats/series', seriesResponseSchema],
  ['GET', '/v1/stats/scorecard', scorecardResponseSchema],
];

describe('the response schemas', () => {
  it('match what the routes answer, and are what the document publishes', async () => {
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } }) }));
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL, apiKey: 'sk-live-0123456789abcdef' } });
    const switched = await t.call('PUT', '/v1/settings/active-provider', { providerId: 'live' });
    expect(providerSettingResponseSchema.parse(switched.json)).toMatchObject({ providerId: 'live', effective: 'live', source: 'database' });
    const chat = await t.call('POST', '/v1/chat/completions', { model: 'llama', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBe(200);
    await t.logWriter.flush();

    const document = buildOpenApiDocument({ version: 'test' }) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>> };
    for (const [method, path, schema] of cases) {
      const answer = await t.call(method, path);
      expect(answer.status, path).toBe(200);
      const parsed = schema.safeParse(answer.json);
      expect(parsed.success, `${path}: ${parsed.error?.message}`).toBe(true);
      const documented = path === '/v1/providers/live' ? '/v1/providers/{id}' : path;
      expect(document.paths[documented][method.toLowerCase()].responses['200'].content['application/json'].schema, path).toEqual(responseSchemaOf(schema));
    }
    const detail = await t.call('GET', `/v1/requests/${chat.headers.get('x-request-id')}`);
    expect(requestDetailSchema.parse(detail.json)).toMatchObject({ model: 'llama', attempts: [expect.objectContaining({ providerId: 'live', outcome: 'ok' })] });
  });

  it('give every checked provider its circuit state', async () => {
    await t.call('POST', '/v1/providers', { id: 'live', config: { baseURL: upstream.baseURL } });
    const health = await t.call('GET', '/v1/providers/health');
    expect(providersHealthResponseSchema.parse(health.json).providers).toEqual([
      expect.objectContaining({ id: 'live', status: 'up', circuit: { state: 'closed', failures: 0, opens: 0, retryInMs: 0 } }),
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { builtinAdapters, createAdapterRegistry, type ProviderAdapter } from '@router/core';
import { openApiPath } from './openapi.js';
import { listProviderTypes } from './provider-types-routes.js';
import { createTestApp, type TestApp } from './test-harness.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const ajv = new Ajv2020({ strict: false, allErrors: true });

async function types(): Promise<any[]> {
  const response = await t.call('GET', '/v1/provider-types');
  expect(response.status).toBe(200);
  expect(response.json.object).toBe('list');
  return response.json.data;
}

describe('GET /v1/provider-types', () => {
  it('lists every type the registry knows, presets included, each with its description', async () => {
    const data = await types();
    expect(data.map((entry) => entry.type)).toEqual(builtinAdapters.map((adapter) => adapter.type));
    expect(data.map((entry) => entry.type)).toEqual(expect.arrayContaining(['openai-compatible', 'openai', 'openrouter', 'groq', 'lm-studio', 'qwen', 'qwen-proxy', 'anthropic']));
    for (const entry of data) expect(entry.description, entry.type).toEqual(builtinAdapters.find((adapter) => adapter.type === entry.type)!.description);
  });

  it('gives each type the JSON Schema of its config with its secret, required and defaulted keys', async () => {
    const byType = new Map((await types()).map((entry) => [entry.type, entry]));
    const generic = byType.get('openai-compatible');
    expect(generic.required).toEqual(['baseURL']);
    expect(generic.secretKeys).toEqual(['apiKey']);
    expect(generic.defaults).toEqual({});
    expect(generic.configSchema).toMatchObject({
      type: 'object',
      properties: {
        baseURL: { type: 'string' },
        apiKey: { type: 'string', secret: true },
        timeout: { type: 'integer' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        apis: { type: 'array', items: { enum: ['embeddings', 'completions', 'responses'] } },
        toolMode: { enum: ['native', 'xml'] },
      },
    });
    expect(generic.configSchema.$schema).toBeUndefined();
    // a preset: its base URL is a default, its key required
    expect(byType.get('groq')).toMatchObject({ required: ['apiKey'], defaults: { baseURL: 'https://api.groq.com/openai/v1' }, secretKeys: ['apiKey'] });
    expect(byType.get('openrouter').configSchema.properties).toHaveProperty('siteName');
    expect(byType.get('lm-studio')).toMatchObject({ required: [], defaults: { baseURL: 'http://localhost:1234/v1' } });
    expect(byType.get('qwen-proxy').defaults).toEqual({ baseURL: 'http://localhost:3000/v1', toolMode: 'xml' });
    expect(byType.get('qwen').configSchema.properties.region).toMatchObject({ enum: ['cn', 'intl', 'us', 'hk'] });
    expect(byType.get('anthropic').configSchema.properties.keyHeader).toMatchObject({ enum: ['x-api-key', 'authorization'] });
  });

  it('describes configs as the adapters judge them: what a schema accepts, the adapter accepts, and the other way round', async () => {
    const byType = new Map((await types()).map((entry) => [entry.type, entry]));
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['openai-compatible', { baseURL: 'http://127.0.0.1:9/v1', timeout: 5000, apis: ['responses'] }, true],
      ['openai-compatible', { timeout: 5000 }, false],
      ['openai-compatible', { baseURL: 'http://127.0.0.1:9/v1', timeout: -1 }, false],
      ['openai-compatible', { baseURL: 'http://127.0.0.1:9/v1', toolMode: 'json' }, false],
      ['groq', {}, false],
      ['groq', { apiKey: 'gsk_0123456789' }, true],
      ['lm-studio', {}, true],
      ['qwen', { apiKey: 'sk-0123456789', region: 'mars' }, false],
    ];
    for (const [type, config, valid] of cases) {
      const check = ajv.compile(byType.get(type).configSchema);
      expect(check(config), `${type} ${JSON.stringify(config)}`).toBe(valid);
      expect(builtinAdapters.find((adapter) => adapter.type === type)!.configSchema.safeParse(config).success, `${type} ${JSON.stringify(config)}`).toBe(valid);
    }
  });

  it('answers in the shape the OpenAPI document gives it', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json')).json;
    const operation = doc.paths[openApiPath('/v1/provider-types')].get;
    expect(operation.security).toEqual([{ adminKey: [] }]);
    const check = ajv.compile(operation.responses['200'].content['application/json'].schema);
    const response = await t.call('GET', '/v1/provider-types');
    expect(check(response.json), JSON.stringify(check.errors)).toBe(true);
    expect(check({ object: 'list', data: [{ type: 'x' }] })).toBe(false);
  });

  it('includes an embedder\'s adapters, and one whose schema is not zod with a null schema', () => {
    const zodless: ProviderAdapter<unknown> = {
      specificationVersion: 'v1', type: 'custom-plain', description: 'A schema that only parses.',
      configSchema: { safeParse: (value: unknown) => ({ success: true, data: value }) } as unknown as z.ZodType<unknown>,
      create: () => { throw new Error('unused'); },
    };
    const described: ProviderAdapter<unknown> = {
      specificationVersion: 'v1', type: 'custom-zod', description: 'A zod schema.',
      configSchema: z.object({ endpoint: z.string(), retries: z.number().int().default(2) }),
      create: () => { throw new Error('unused'); },
    };
    const listed = listProviderTypes(createAdapterRegistry([zodless, described]));
    expect(listed.find((entry) => entry.type === 'custom-plain')).toEqual({ type: 'custom-plain', description: 'A schema that only parses.', configSchema: null, secretKeys: [], required: [], defaults: {} });
    expect(listed.find((entry) => entry.type === 'custom-zod')).toMatchObject({ required: ['endpoint'], defaults: { retries: 2 }, secretKeys: [] });
  });

  it('is a management route: the admin key or a loopback client', async () => {
    const keyed = await createTestApp({ adminApiKey: 'admin-key-types-0123456789', remoteAddress: () => '127.0.0.1' });
    const remote = await createTestApp({ remoteAddress: () => '203.0.113.9' });
    try {
      const refused = await keyed.call('GET', '/v1/provider-types');
      expect(refused.status).toBe(401);
      expect(refused.json.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
      expect((await keyed.call('GET', '/v1/provider-types', undefined, { authorization: 'Bearer admin-key-types-0123456789' })).status).toBe(200);
      expect((await remote.call('GET', '/v1/provider-types')).status).toBe(403);
    } finally {
      await keyed.close();
      await remote.close();
    }
  });

  it('answers another method or a path below it with the OpenAI error shape', async () => {
    const posted = await t.call('POST', '/v1/provider-types', {});
    expect(posted.status).toBe(404);
    expect(posted.json).toEqual({ error: { message: expect.stringContaining('It answers GET only.'), type: 'invalid_request_error', param: null, code: 'route_not_found' } });
    const below = await t.call('GET', '/v1/provider-types/openai');
    expect(below.status).toBe(404);
    expect(below.json.error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'route_not_found' });
    // with a query string it still answers the list
    expect((await t.call('GET', '/v1/provider-types?x=1')).status).toBe(200);
  });
});

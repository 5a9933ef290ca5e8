import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { startFakeLocalServer, type FakeLocalServer } from '@router/testkit';
import { createTestApp, type TestApp } from './management/test-harness.js';

let t: TestApp;
let server: Server;
let client: OpenAI;
let lms: FakeLocalServer;
let ollama: FakeLocalServer;

beforeEach(async () => {
  t = await createTestApp();
  server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(created as Server)) as Server;
  });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'unused', maxRetries: 0 });
  lms = await startFakeLocalServer('lm-studio', [
    { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 4096 },
    { id: 'gemma-3-12b', loaded: false, maxContext: 131072, type: 'vlm' },
  ]);
  ollama = await startFakeLocalServer('ollama', [{ id: 'qwen3:8b', loaded: true, maxContext: 40960, loadedContext: 16384 }]);
  expect((await t.call('POST', '/v1/providers', { id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'ollama', type: 'ollama', config: { baseURL: ollama.baseURL } })).status).toBe(201);
  expect((await t.call('PUT', '/v1/mappings/coder', { targets: [{ providerId: 'lms', model: 'qwen3-8b' }, { providerId: 'ollama', model: 'qwen3:8b' }] })).status).toBe(200);
  await t.router.refreshModels();
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  await lms.close();
  await ollama.close();
});

describe('local servers through the HTTP API', () => {
  it('lists each model with its provider, load state and context, and the openai SDK still reads the list', async () => {
    const models: (OpenAI.Models.Model & Record<string, unknown>)[] = [];
    for await (const model of client.models.list()) models.push(model as OpenAI.Models.Model & Record<string, unknown>);
    expect(models.find((model) => model.id === 'qwen3-8b')).toMatchObject({ object: 'model', owned_by: 'lms', provider: 'lms', state: 'loaded', context_length: 4096, loaded_context_length: 4096, max_context_length: 32768 });
    expect(models.find((model) => model.id === 'gemma-3-12b')).toMatchObject({ owned_by: 'lms', state: 'not-loaded', context_length: 131072, model_type: 'vlm' });
    expect(models.find((model) => model.id === 'qwen3:8b')).toMatchObject({ provider: 'ollama', state: 'loaded', context_length: 16384, max_context_length: 40960 });
    // a mapped name shows the model its first target serves
    expect(models.find((model) => model.id === 'coder')).toMatchObject({ provider: 'lms', state: 'loaded', context_length: 4096 });
  });

  it('answers the discovered details in GET /v1/providers/:id/models', async () => {
    const { status, json } = await t.call('GET', '/v1/providers/lms/models');
    expect(status).toBe(200);
    expect(json.discovered).toMatchObject({ reachable: true, error: null });
    expect(json.discovered.models).toEqual([
      { id: 'qwen3-8b', state: 'loaded', type: 'llm', contextLength: 4096, maxContextLength: 32768, loadedContextLength: 4096 },
      { id: 'gemma-3-12b', state: 'not-loaded', type: 'vlm', contextLength: 131072, maxContextLength: 131072, loadedContextLength: null },
    ]);
  });

  it('skips the target whose context is too small and answers from the next one', async () => {
    const completion = await client.chat.completions.create({ model: 'coder', max_tokens: 500, messages: [{ role: 'user', content: 'word '.repeat(4000) }] });
    expect(completion.choices[0].message.content).toBe('answered by ollama');
    expect(lms.requests.some((request) => request.path === '/v1/chat/completions')).toBe(false);
  });

  it('answers 400 context_length_exceeded, which the openai SDK surfaces as a BadRequestError', async () => {
    const error = await client.chat.completions.create({ model: 'coder', max_tokens: 500, messages: [{ role: 'user', content: 'word '.repeat(20_000) }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.code).toBe('context_length_exceeded');
    expect(bad.message).toContain('"lms" qwen3-8b: 4096 tokens (loaded)');
    expect(bad.message).toContain('"ollama" qwen3:8b: 16384 tokens (loaded)');
    expect(bad.message).toContain('prompt tokens (estimated) + 500 max_tokens');
  });
});

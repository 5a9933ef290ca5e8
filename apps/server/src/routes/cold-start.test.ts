import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { startFakeLocalServer, type FakeLocalServer } from '@router/testkit';
import { createTestApp, type TestApp } from './management/test-harness.js';

// The usual time to first byte is far shorter than a load; the cold-start allowance far longer. (The
// server's undici transport checks its timers about once a second: a 300 ms timeout fires within ~1 s.)
const USUAL_MS = 300;
const LOAD_MS = 2_500;

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
    { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192, answerDelayMs: 4 * LOAD_MS },
    { id: 'gemma-3-12b', loaded: false, maxContext: 131072, loadMs: LOAD_MS },
  ]);
  ollama = await startFakeLocalServer('ollama', [{ id: 'llama3.2:latest', loaded: false, maxContext: 131072, loadMs: LOAD_MS }]);
  expect((await t.call('POST', '/v1/providers', { id: 'lms', type: 'lm-studio', config: { baseURL: lms.baseURL } })).status).toBe(201);
  expect((await t.call('POST', '/v1/providers', { id: 'ollama', type: 'ollama', config: { baseURL: ollama.baseURL } })).status).toBe(201);
  for (const [key, value] of Object.entries({ request_timeout_ms: USUAL_MS, cold_start_timeout_ms: 20_000, retry_attempts: 1, breaker_failures: 1 })) {
    expect((await t.call('PUT', `/v1/settings/tuning/${key}`, { value: String(value) })).status).toBe(200);
  }
  await t.router.refreshModels();
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  await lms.close();
  await ollama.close();
});

async function row(requestId: string) {
  await t.logWriter.flush();
  const found = (await t.store.logs.get(requestId))!;
  return { ...found, attempts: JSON.parse(found.attempts) as Record<string, unknown>[] };
}

describe('cold starts through the HTTP API', () => {
  it('a model that is loading answers within the allowance; the attempt and the row say it was a cold start', async () => {
    const { data: completion, response } = await client.chat.completions.create({ model: 'gemma-3-12b', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(completion.choices[0].message.content).toBe('answered by lm-studio');
    const logged = await row(response.headers.get('x-request-id')!);
    expect(logged.attempts[0]).toMatchObject({ providerId: 'lms', outcome: 'ok', coldStart: true });
    expect(logged.coldStartMs).toBeCloseTo(logged.attempts[0].loadMs as number, 2);
    expect(logged.coldStartMs).toBeGreaterThan(0);
    expect(t.router.circuits()).toEqual({});
    // counted as loaded at once: /v1/models says so before any refresh
    const models = (await t.call('GET', '/v1/models')).json.data as { id: string; state?: string }[];
    expect(models.find((model) => model.id === 'gemma-3-12b')!.state).toBe('loaded');
  });

  it('streams from Ollama the same way: the openai SDK reads the whole stream', async () => {
    const { data: stream, response } = await client.chat.completions.create({ model: 'llama3.2:latest', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('answered by ollama');
    const logged = await row(response.headers.get('x-request-id')!);
    expect(logged).toMatchObject({ outcome: 'success', providerId: 'ollama' });
    expect(logged.attempts[0]).toMatchObject({ coldStart: true });
    expect(logged.coldStartMs).toBeGreaterThan(0);
  });

  it('a loaded model keeps the usual timeout: it times out, counts against the provider, and its row has no cold start', async () => {
    const error = await client.chat.completions.create({ model: 'qwen3-8b', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    const requestId = (error as InstanceType<typeof OpenAI.APIError>).headers!.get('x-request-id')!;
    const logged = await row(requestId);
    expect(logged.attempts[0]).toMatchObject({ outcome: 'timeout' });
    expect(logged.attempts[0]).not.toHaveProperty('coldStart');
    expect(logged.coldStartMs).toBeNull();
    expect(t.router.circuits().lms).toMatchObject({ state: 'open' });
  });

  it('validates the setting like the other timeouts', async () => {
    const bad = await t.call('PUT', '/v1/settings/tuning/cold_start_timeout_ms', { value: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_value', message: 'cold_start_timeout_ms must be a whole number from 1 to 86400000.' });
    const listed = (await t.call('GET', '/v1/settings/tuning')).json.data as { key: string; value: string | null }[];
    expect(listed.find((setting) => setting.key === 'cold_start_timeout_ms')).toMatchObject({ value: '20000' });
  });
});

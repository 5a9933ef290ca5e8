/**
 * End to end: what each request cost, through the built server and the real `openai` client — priced
 * from the bundled catalogue for a well-known model, taken from the provider's own figure when it
 * reports one, and unknown (never zero) for a model the catalogue does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';

let upstream: FakeUpstream;
let server: ServerProcess;

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as any };
};

beforeAll(async () => {
  upstream = await startFakeUpstream({
    chat: (request) => {
      const usage: Record<string, unknown> = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 };
      if (request.json.model === 'openrouter/auto') usage.cost = 0.0123;
      return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: request.json.model, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage }) };
    },
  });
  const dir = tempDir();
  server = await startServerProcess({ DATABASE_URL: `file:${dir}/router.db`, CONFIG_POLL_MS: '60000' }, dir);
  expect((await admin('POST', '/v1/providers', { id: 'fake', config: { baseURL: upstream.baseURL } })).status).toBe(201);
  expect((await admin('PUT', '/v1/settings/active-provider', { providerId: 'fake' })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

describe('request cost', () => {
  it('is priced from the catalogue, taken from the provider, or unknown', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ids: Record<string, string> = {};
    for (const model of ['gpt-4o', 'openrouter/auto', 'my-own-finetune']) {
      const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      ids[model] = response.headers.get('x-request-id')!;
    }
    const rows = await waitFor(async () => {
      const found = await Promise.all(Object.values(ids).map(async (id) => (await admin('GET', `/v1/requests/${id}`)).json));
      return found.every((row) => row.id) ? found : null;
    });
    // gpt-4o: $2.50 / M input, $10 / M output → 1000 × 2.5e-6 + 500 × 1e-5
    expect(rows![0]).toMatchObject({ model: 'gpt-4o', cost: 0.0075, costSource: 'catalogue' });
    expect(rows![1]).toMatchObject({ model: 'openrouter/auto', cost: 0.0123, costSource: 'upstream' });
    expect(rows![2]).toMatchObject({ model: 'my-own-finetune', cost: null, costSource: null });

    const stats = (await admin('GET', '/v1/stats')).json;
    expect(stats.totals).toMatchObject({ requests: 3, cost: 0.0198, costedRequests: 2 });
    expect(stats.data.find((row: { model: string }) => row.model === 'my-own-finetune')).toMatchObject({ cost: null, costedRequests: 0 });
  });
});

/**
 * End to end: what each request cost, through the built server and the real `openai` client — priced
 * from the bundled catalogue for a well-known model, taken from the provider's own figure when it
 * reports one, and unknown (never zero) for a model the catalogue does not know; the same figure in
 * `x-router-cost` on whole answers, from an override, the catalogue or the provider, absent when unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

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
      if (request.json.stream) {
        const chunk = (delta: unknown, extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: request.json.model, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
        return { kind: 'sse', frames: [chunk({ role: 'assistant', content: 'ok' }), `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: request.json.model, choices: [], usage })}\n\n`, 'data: [DONE]\n\n'] };
      }
      return { kind: 'json', body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: request.json.model, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage }) };
    },
  });
  const dir = tempDir();
  server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), CONFIG_POLL_MS: '60000' }, dir);
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

describe('x-router-cost', () => {
  const client = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const costOf = async (model: string) => {
    const { data, response } = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0].message.content).toBe('ok');
    return { cost: response.headers.get('x-router-cost'), id: response.headers.get('x-request-id')! };
  };
  const logged = (id: string) => waitFor(async () => ((await admin('GET', `/v1/requests/${id}`)).json.id ? true : null));

  it("carries the provider's own figure, an override's, the bundled list's, and nothing for an unknown model", async () => {
    // the bundled list is loaded by the log worker, which tells the server what it found: a model is
    // priced from memory once it was looked up (at a configuration change for a configured model, else at its first request)
    await logged((await costOf('gpt-4o-mini')).id);
    // gpt-4o-mini: $0.15 / M input, $0.60 / M output → 1000 × 1.5e-7 + 500 × 6e-7
    expect((await costOf('gpt-4o-mini')).cost).toBe('0.00045');
    expect((await costOf('openrouter/auto')).cost).toBe('0.0123');

    const unknown = await costOf('my-unpriced-model');
    expect(unknown.cost).toBeNull();
    await logged(unknown.id);
    expect((await costOf('my-unpriced-model')).cost).toBeNull();

    // an override counts from the moment the API answers; it wins over the bundled list
    expect((await admin('PUT', '/v1/prices/my-unpriced-model', { inputPerMillion: 0.5, outputPerMillion: 1.5 })).status).toBe(200);
    expect((await admin('PUT', '/v1/prices/gpt-4o-mini', { inputPerMillion: 1, outputPerMillion: 2 })).status).toBe(200);
    const priced = await costOf('my-unpriced-model');
    expect(priced.cost).toBe('0.00125');
    expect((await costOf('gpt-4o-mini')).cost).toBe('0.002');
    // the header and the log agree
    await logged(priced.id);
    expect((await admin('GET', `/v1/requests/${priced.id}`)).json).toMatchObject({ cost: 0.00125, costSource: 'override' });

    await admin('DELETE', '/v1/prices/my-unpriced-model');
    await admin('DELETE', '/v1/prices/gpt-4o-mini');
    expect((await costOf('my-unpriced-model')).cost).toBeNull();
    expect((await costOf('gpt-4o-mini')).cost).toBe('0.00045');
  });

  it('is not sent on a stream (its usage comes at the end)', async () => {
    const { response } = await client().chat.completions.create({ model: 'openrouter/auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-router-cost')).toBeNull();
  });
});

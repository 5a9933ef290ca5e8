/**
 * End to end: the built server process, a fake upstream replaying recorded
 * provider streams byte for byte, the built CLI, and the real `openai` client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openStore, type Store } from '@router/store';
import {
  assembledText, fixtureChunks, fixtureJson, runCliProcess, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor,
  type FakeUpstream, type ServerProcess,
} from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const SECRET = 'sk-canary-0123456789abcdef';
/** The part of GET /health these tests read. */
type Health = { log: { queued: number; written: number; dropped: number; pruned: number } };

let upstream: FakeUpstream;
let other: FakeUpstream;
let server: ServerProcess;
let dir: string;
let db: string;
let client: OpenAI;

async function cli(...args: string[]) {
  const result = await runCliProcess(['--db', db, ...args], {}, dir);
  if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

beforeAll(async () => {
  dir = tempDir();
  db = await e2eDatabase(dir);
  upstream = await startFakeUpstream();
  other = await startFakeUpstream({ models: ['beta-only', 'fake-model'] });
  other.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'b', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'from B' }, finish_reason: 'stop' }] }) }));
  await cli('provider', 'add', '--id', 'alpha', '--config', `baseURL=${upstream.baseURL}`, '--config', `apiKey=${SECRET}`);
  await cli('provider', 'add', '--id', 'beta', '--config', `baseURL=${other.baseURL}`);
  await cli('set', 'alpha');
  server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '100' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
  await other?.close();
});

describe('proxy', () => {
  it('answers /health with status, version and uptime', async () => {
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', version: expect.any(String), uptime: expect.any(Number) });
  });

  it('passes a non-streaming completion through unchanged', async () => {
    const recorded = fixtureJson('groq-text');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(recorded);
    expect(response.headers.get('x-router-provider')).toBe('alpha');
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${SECRET}`);

    const completion = await client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0].message.content).toBe(JSON.parse(recorded).choices[0].message.content);
  });

  it('streams a recorded DashScope stream byte for byte, reasoning and unknown fields untouched', async () => {
    const lines = fixtureChunks('dashscope-reasoning');
    const frames = sseFrames(lines);
    upstream.onChat(() => ({ kind: 'sse', frames }));
    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen3-max', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(await raw.text()).toBe(frames.join(''));

    const stream = await client.chat.completions.create({ model: 'qwen3-max', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    let reasoning = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    }
    expect(text).toBe(assembledText(lines));
    expect(reasoning.length).toBeGreaterThan(0);
  });

  it('streams a tool call', async () => {
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('groq-tool-call')), delayMs: 2 }));
    const stream = await client.chat.completions.create({
      model: 'llama', stream: true, messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
    });
    const calls: { name?: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls[call.index] ??= { arguments: '' };
        if (call.function?.name) calls[call.index].name = call.function.name;
        calls[call.index].arguments += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual([{ name: 'weather', arguments: '{}' }]);
    expect(finish).toBe('tool_calls');
  });

  it('passes an upstream error back OpenAI-shaped', async () => {
    upstream.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: { message: 'context too long', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } }) }));
    const error = await client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'x' }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('context too long');
    expect(error.code).toBe('context_length_exceeded');
  });

  it('turns an upstream 401 into a 502 that names the provider', async () => {
    upstream.onChat(() => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: 'bad key' } }) }));
    const error = await client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'x' }] }).catch((caught) => caught);
    expect(error.status).toBe(502);
    expect(error.message).toContain('alpha');
  });

  it('answers bad input with 400 and the field at fault', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": 3, "messages": []}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'model', type: 'invalid_request_error' } });
    const broken = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
  });

  it('lists the models providers report under the provider a request for them goes to, and routes them there', async () => {
    // the server fetches the lists in the background at start-up; no request waits for them
    const owners = async (query?: Record<string, string>) => Object.fromEntries((await client.models.list({ query })).data.map((model) => [model.id, model.owned_by]));
    await waitFor(async () => (await owners())['beta-only'] !== undefined, 10_000);
    expect(await owners()).toEqual({ 'fake-model': 'alpha', 'beta-only': 'beta' });
    expect(await owners({ pinned: 'true' })).toMatchObject({ 'alpha/fake-model': 'alpha', 'beta/beta-only': 'beta', 'beta/fake-model': 'beta' });
    const ask = async (model: string, headers?: Record<string, string>) =>
      (await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'who?' }] }, { headers })).choices[0].message.content;
    expect(await ask('beta-only')).toBe('from B'); // only beta reports it: not the active provider
    expect(other.requests.at(-1)!.json.model).toBe('beta-only');
    expect(await ask('beta/llama')).toBe('from B'); // pinned by name
    expect(other.requests.at(-1)!.json.model).toBe('llama');
    expect(await ask('llama', { 'x-router-provider': 'beta' })).toBe('from B'); // pinned by header
    await expect(ask('llama', { 'x-router-provider': 'gamma' })).rejects.toMatchObject({ status: 404, code: 'provider_not_found' });
  });

  it('serves a client whose base URL has no /v1 (or a trailing slash) exactly as one with it', async () => {
    const recorded = fixtureJson('groq-text');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    for (const baseURL of [server.url, `${server.url}/`, `${server.url}/v1/`]) {
      const bare = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
      const completion = await bare.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0].message.content, baseURL).toBe(JSON.parse(recorded).choices[0].message.content);
      expect((await bare.models.list()).data, baseURL).toEqual((await client.models.list()).data);
    }
  });
});

describe('live configuration', () => {
  it('obeys a provider switch made by the CLI process from its next request on, without restart', async () => {
    upstream.onChat(() => ({ kind: 'json', body: JSON.stringify({ id: 'a', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'from A' }, finish_reason: 'stop' }] }) }));
    const ask = async () => (await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'who?' }] })).choices[0].message.content;
    expect(await ask()).toBe('from A');
    // The running server reports each change it picks up (it polls the database's revision);
    // the first request after that report must obey it.
    const changesSeen = () => server.stderr().split('\n').filter((line) => line.includes('"message":"configuration changed"')).length;
    const pid = server.child.pid;
    let seen = changesSeen();
    await cli('set', 'beta');
    await waitFor(() => changesSeen() > seen, 10_000);
    expect(await ask()).toBe('from B');
    seen = changesSeen();
    await cli('set', 'alpha');
    await waitFor(() => changesSeen() > seen, 10_000);
    expect(await ask()).toBe('from A');
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
  });

  it('says what to configure when nothing can serve the request', async () => {
    const dir2 = tempDir();
    const empty = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir2, 'empty') }, dir2);
    try {
      const response = await fetch(`${empty.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'x', messages: [] }) });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('model_not_found');
      expect(body.error.message).toContain('provider-cli provider add');
    } finally {
      expect(await empty.stop()).toBe(0);
    }
  });
});

describe('request log', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ url: db, migrate: false });
  });
  afterAll(() => store?.close());

  it('writes one row per request, with usage taken from the stream', async () => {
    const lines = fixtureChunks('dashscope-text');
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames(lines) }));
    const requestId = `test-${Date.now()}`;
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ model: 'qwen3-max', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await response.text();
    const row = await waitFor(() => store.logs.get(requestId), 3_000);
    const usage = JSON.parse(lines.at(-1)!).usage;
    expect(row).toMatchObject({
      id: response.headers.get('x-router-request-id'), clientRequestId: requestId, providerId: 'alpha', model: 'qwen3-max', stream: true, status: 200, outcome: 'success',
      promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens,
      responseBody: assembledText(lines),
    });
    expect(row!.durationMs).toBeGreaterThan(0);
    expect(row!.ttfbMs).toBeGreaterThan(0);
    expect(JSON.parse(row!.requestBody!).model).toBe('qwen3-max');
    const rows = await store.logs.list({ limit: 1000 });
    expect(rows.rows.filter((r) => r.clientRequestId === requestId)).toHaveLength(1);
  });

  it('never stores the API key', async () => {
    upstream.onChat(() => ({ kind: 'json', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET}` } }) }));
    const requestId = `canary-${Date.now()}`;
    await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify({ model: 'm', messages: [] }) });
    const row = await waitFor(() => store.logs.get(requestId), 3_000);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    const history = await store.history.list({ limit: 100 });
    expect(JSON.stringify(history)).not.toContain(SECRET);
    const listed = await cli('provider', 'list', '--json');
    expect(listed.stdout).not.toContain(SECRET);
  });

  it('counts every request: rows match requests served', async () => {
    const before = await store.logs.count();
    upstream.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    await Promise.all(Array.from({ length: 20 }, () => client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] })));
    await waitFor(async () => (await store.logs.count()) === before + 20, 3_000);
  });

  it('logs a 40 MiB stream: its row keeps a bounded head and tail, marked truncated, with the full size and the usage from its end', async () => {
    const content = 'x'.repeat(1000);
    const frames = [
      ...Array.from({ length: 40_000 }, () => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`),
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 40_000, total_tokens: 40_007 } })}\n\n`,
      'data: [DONE]\n\n',
    ];
    upstream.onChat(() => ({ kind: 'sse', frames }));
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'big', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const received = (await response.arrayBuffer()).byteLength;
    expect(received).toBeGreaterThan(40 * 1024 * 1024);
    const id = response.headers.get('x-request-id')!;
    const row = await waitFor(() => store.logs.get(id), 10_000);
    expect(row).toMatchObject({ truncated: true, responseBytes: received, promptTokens: 7, completionTokens: 40_000, finishReason: 'stop', outcome: 'success' });
    expect(row!.responseBody!.length).toBeLessThan(2 * 1024 * 1024);
    const detail = (await (await fetch(`${server.url}/v1/requests/${id}`)).json()) as { truncated: boolean; responseBytes: number };
    expect(detail).toMatchObject({ truncated: true, responseBytes: received });
    const health = (await (await fetch(`${server.url}/health`)).json()) as Health;
    expect(health.log.dropped).toBe(0);
  });

  it('logs every request once even when a client reuses one x-request-id, echoing it', async () => {
    upstream.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    // The writer's counters follow the database: a batch is counted when the worker's reply reaches the
    // server, a moment after its rows can be read, so the counts are compared once nothing is queued.
    const settled = async (): Promise<Health> => (await waitFor(async () => {
      const health = (await (await fetch(`${server.url}/health`)).json()) as Health;
      return health.log.queued === 0 ? health : undefined;
    }))!;
    const writtenBefore = (await settled()).log.written;
    const before = await store.logs.count();
    const reusing = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-request-id': 'one-id-for-all' } });
    const echoed = await Promise.all(
      Array.from({ length: 100 }, async () => (await reusing.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] }).withResponse()).response.headers),
    );
    expect(new Set(echoed.map((headers) => headers.get('x-request-id')))).toEqual(new Set(['one-id-for-all']));
    expect(new Set(echoed.map((headers) => headers.get('x-router-request-id'))).size).toBe(100);
    await waitFor(async () => (await store.logs.count()) >= before + 100, 5_000);
    expect(await store.logs.count()).toBe(before + 100);
    expect(await store.logs.count({ requestId: 'one-id-for-all' })).toBe(100);
    const health = await settled();
    expect(health.log.written - writtenBefore).toBe(100);
    expect(health.log.dropped).toBe(0);
  });
});

describe('request log retention', () => {
  it('prunes in the background with the live settings, keeping the newest rows, counted in /health', async () => {
    const retentionDir = tempDir();
    const url = await e2eDatabase(retentionDir);
    const seeded = await openStore({ url });
    const now = Date.now();
    const row = (index: number, ageMs: number) => ({
      id: `seed-${index}`, createdAt: now - ageMs, endpoint: '/v1/chat/completions', providerId: 'p', model: 'm', stream: false, status: 200, outcome: 'success', durationMs: 1,
    });
    // 5 rows older than the default 30 days, 20 recent ones.
    await seeded.logs.insertMany([...Array.from({ length: 5 }, (_, index) => row(index, 40 * 86_400_000 + index)), ...Array.from({ length: 20 }, (_, index) => row(5 + index, index * 1000))]);
    const retention = await startServerProcess({ DATABASE_URL: url, CONFIG_POLL_MS: '50', LOG_PRUNE_INTERVAL_MS: '100' }, retentionDir);
    try {
      await waitFor(async () => (await seeded.logs.count()) === 20, 5_000);
      await waitFor(async () => ((await (await fetch(`${retention.url}/health`)).json()) as Health).log.pruned === 5, 5_000);
      // A setting changed while it runs applies at the next pass.
      const set = await runCliProcess(['--db', url, 'settings', 'set', 'log_max_rows', '8'], {}, retentionDir);
      expect(set.code, set.stderr).toBe(0);
      await waitFor(async () => (await seeded.logs.count()) === 8, 5_000);
      expect((await seeded.logs.list({ limit: 100 })).rows.map((entry) => entry.id)).toEqual(Array.from({ length: 8 }, (_, index) => `seed-${5 + index}`));
      expect(((await (await fetch(`${retention.url}/health`)).json()) as Health).log).toMatchObject({ pruned: 17, dropped: 0 });
      expect(await seeded.logs.stats({})).toEqual([expect.objectContaining({ requests: 8 })]);
    } finally {
      await retention.stop();
      await seeded.close();
    }
  });
});

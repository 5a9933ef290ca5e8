/**
 * Empty answers, end to end: the built server in front of two fake upstreams on 127.0.0.1, the
 * first answering like LM Studio does when a prompt overflows the loaded context (a 200 with
 * only the role preamble, or an empty message). The client, the real `openai` SDK and raw
 * `fetch`, sees only the second upstream's answer, byte for byte; the log row says why.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { openStore, readRevision, type Store } from '@router/store';
import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

let local: FakeUpstream;
let cloud: FakeUpstream;
let server: ServerProcess;
let store: Store;
let client: OpenAI;

const messages = [{ role: 'user' as const, content: 'hi' }];
const preamble = (id: string) => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'local-model', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
const stop = (id: string) => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'local-model', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] });
const emptyMessage = JSON.stringify({ id: 'e', object: 'chat.completion', created: 1, model: 'local-model', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9000, completion_tokens: 0, total_tokens: 9000 } });
const toolAnswer = (name: string, args: string) =>
  JSON.stringify({ id: 't', object: 'chat.completion', created: 1, model: 'local-model', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] }, finish_reason: 'tool_calls' }] });
const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

async function setSettings(values: Record<string, string | null>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await store.settings.set(key, value, 'cli');
  const revision = await readRevision(store.db);
  await waitFor(async () => ((await (await fetch(`${server.url}/health`)).json()) as { configRevision: number }).configRevision >= revision, 3_000);
}

async function attemptsOf(requestId: string): Promise<string[]> {
  const row = await waitFor(async () => {
    const response = await fetch(`${server.url}/v1/requests/${requestId}`);
    if (response.status !== 200) throw new Error(`no log row yet (${response.status})`);
    return (await response.json()) as { attempts: { providerId: string; outcome: string }[] };
  });
  return row.attempts.map((attempt) => `${attempt.providerId}:${attempt.outcome}`);
}

function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages, ...body }) });
}

beforeAll(async () => {
  const dir = tempDir();
  const db = await e2eDatabase(dir);
  [local, cloud] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
  store = await openStore({ url: db });
  await store.providers.create({ id: 'local', type: 'openai-compatible', config: { baseURL: local.baseURL } }, 'cli');
  await store.providers.create({ id: 'cloud', type: 'openai-compatible', config: { baseURL: cloud.baseURL } }, 'cli');
  await store.mappings.set('m', [{ providerId: 'local' }, { providerId: 'cloud' }], 'cli');
  server = await startServerProcess({ DATABASE_URL: db, CONFIG_POLL_MS: '50', SSE_KEEPALIVE_MS: '200' }, dir);
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
  store?.close();
  await Promise.all([local?.close(), cloud?.close()]);
});

beforeEach(() => {
  cloud.onChat((seen) => (seen.json?.stream ? { kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')) } : { kind: 'json', body: fixtureJson('openai-text') }));
});

describe('empty answers fail over through the server', () => {
  it('a stream of only the role preamble: raw bytes are the second upstream\'s, the openai client reads its text, the row says empty_answer', async () => {
    local.onChat(() => ({ kind: 'sse', frames: sseFrames([preamble('lm'), stop('lm')]) }));
    const response = await post({ stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-router-provider')).toBe('cloud');
    expect(await response.text()).toBe(sseFrames(fixtureChunks('openai-text')).join(''));
    expect(await attemptsOf(response.headers.get('x-request-id')!)).toEqual(['local:empty_answer', 'cloud:ok']);

    const { data: stream, response: sdkResponse } = await client.chat.completions.create({ model: 'm', messages, stream: true }).withResponse();
    let text = '';
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(ids.size).toBe(1);
    expect(text).toBe(fixtureChunks('openai-text').map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join(''));
    expect(await attemptsOf(sdkResponse.headers.get('x-request-id')!)).toEqual(['local:empty_answer', 'cloud:ok']);
  });

  it('an empty message: the openai client gets the second upstream\'s completion, byte for byte on the wire', async () => {
    local.onChat(() => ({ kind: 'json', body: emptyMessage }));
    const response = await post({});
    expect(await response.text()).toBe(fixtureJson('openai-text'));
    const completion = await client.chat.completions.create({ model: 'm', messages });
    expect(completion.choices[0].message.content).toBe(JSON.parse(fixtureJson('openai-text')).choices[0].message.content);
  });

  it('keeps the client\'s connection alive while the preamble is held, then sends exactly the upstream\'s bytes', async () => {
    const frames = sseFrames(fixtureChunks('openai-text'));
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    local.onChat(() => ({ kind: 'sse', frames, pause: { after: 1, until: gate } }));
    const cloudBefore = cloud.requests.length;
    const response = await post({ stream: true });
    expect(response.headers.get('x-router-provider')).toBe('local');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toBe(': keep-alive\n\n');
    go();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += decoder.decode(next.value, { stream: true });
    expect(rest.split(': keep-alive\n\n').join('')).toBe(frames.join(''));
    expect(cloud.requests).toHaveLength(cloudBefore);
  });

  it('fails over from an invalid tool call only when failover_on_invalid_tool_call is on', async () => {
    const bad = toolAnswer('get_weather', '{"city": "Par');
    const good = toolAnswer('get_weather', '{"city":"Paris"}');
    local.onChat(() => ({ kind: 'json', body: bad }));
    cloud.onChat(() => ({ kind: 'json', body: good }));
    let completion = await client.chat.completions.create({ model: 'm', messages, tools });
    expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { arguments: '{"city": "Par' } });
    await setSettings({ failover_on_invalid_tool_call: 'true' });
    try {
      const { data, response } = await client.chat.completions.create({ model: 'm', messages, tools }).withResponse();
      completion = data;
      expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
      expect(await attemptsOf(response.headers.get('x-request-id')!)).toEqual(['local:invalid_tool_call', 'cloud:ok']);
    } finally {
      await setSettings({ failover_on_invalid_tool_call: null });
    }
  });
});

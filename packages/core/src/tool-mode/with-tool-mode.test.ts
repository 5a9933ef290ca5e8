import { readFileSync } from 'node:fs';
import { fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import { summarizeResponse } from '../sse/summarize-response.js';
import type { ProviderAdapter } from '../spec/adapter.js';
import type { RequestLogRecord } from '../spec/log.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { createOpenAICompatibleInstance } from '../providers/openai-compatible/adapter.js';
import { applyToolMode, isXmlToolMode, withXmlToolMode } from './with-tool-mode.js';
import { bodyText } from '../test/index.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8').split('\n').filter(Boolean);
const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } };

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

const text = bodyText;

function routerFor(type: string, config: Record<string, unknown> = {}, adapters: ProviderAdapter<any>[] = []) {
  const logs: RequestLogRecord[] = [];
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'p', type, config: { baseURL: upstream.baseURL, ...config } }], activeProviderId: 'p' }),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
    adapters,
  });
  return { router, logs };
}

const completion = (content: string) =>
  JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'qwen', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

describe('XML tool mode through the router', () => {
  it('qwen-proxy renders tools into the prompt and returns parsed tool calls (non-streaming)', async () => {
    upstream.onChat(() => ({ kind: 'json', body: completion('On it.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>') }));
    const { router, logs } = routerFor('qwen-proxy');
    const result = await router.chatCompletion({ body: JSON.stringify({ model: 'qwen', messages: [{ role: 'user', content: 'Oslo?' }], tools: [weather] }) });
    const seen = upstream.requests.at(-1)!.json;
    expect(seen.tools).toBeUndefined();
    expect(seen.messages[0].role).toBe('system');
    expect(seen.messages[0].content).toContain('"get_weather"');
    const body = JSON.parse(await text(result.body));
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message.content).toBe('On it.');
    expect(body.choices[0].message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_[0-9a-f]{24}$/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
    expect(summarizeResponse(logs[0].response)?.toolCalls.map((call) => call.name)).toEqual(['get_weather']);
  });

  it('qwen-proxy parses a streamed answer into tool_calls deltas', async () => {
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames(fixture('qwen-hermes-tool-calls')) }));
    const { router, logs } = routerFor('qwen-proxy');
    const result = await router.chatCompletion({ body: JSON.stringify({ model: 'qwen', stream: true, messages: [{ role: 'user', content: 'Weather?' }], tools: [weather] }) });
    expect(result.status).toBe(200);
    await text(result.body);
    const summary = summarizeResponse(logs[0].response)!;
    expect(summary.toolCalls.map((call) => call.arguments)).toEqual(['{"city":"Paris","unit":"celsius"}', '{"city":"Tōkyō","unit":"celsius"}']);
    expect(summary.finishReason).toBe('tool_calls');
    expect(summary.text).not.toContain('<');
  });

  it('leaves a request without tools and its answer byte for byte as they were', async () => {
    const recorded = fixtureJson('openai-text');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    const { router } = routerFor('qwen-proxy');
    const raw = '{"model":"qwen",  "messages":[{"role":"user","content":"hi"}]}';
    const result = await router.chatCompletion({ body: raw });
    expect(upstream.requests.at(-1)!.body).toBe(raw);
    expect(await text(result.body)).toBe(recorded);
  });

  it('any provider type can turn it on with toolMode=xml, and qwen-proxy can turn it off', async () => {
    upstream.onChat(() => ({ kind: 'json', body: completion('ok') }));
    const request = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [weather] });
    await routerFor('openai-compatible', { toolMode: 'xml' }).router.chatCompletion({ body: request });
    expect(upstream.requests.at(-1)!.json.tools).toBeUndefined();
    await routerFor('lm-studio', { toolMode: 'xml', xmlToolStyle: 'qwen3-coder' }).router.chatCompletion({ body: request });
    expect(upstream.requests.at(-1)!.json.messages[0].content).toContain('<function=example_function_name>');
    await routerFor('qwen-proxy', { toolMode: 'native' }).router.chatCompletion({ body: request });
    expect(upstream.requests.at(-1)!.json.tools).toEqual([weather]);
    await routerFor('openai-compatible').router.chatCompletion({ body: request });
    expect(upstream.requests.at(-1)!.json.tools).toEqual([weather]);
  });

  it('reads toolMode from the raw configuration of an adapter whose schema drops unknown keys', async () => {
    const strict: ProviderAdapter<{ baseURL: string }> = {
      specificationVersion: 'v1', type: 'strict', description: 'test', configSchema: z.object({ baseURL: z.string() }),
      create: ({ id, config }) => createOpenAICompatibleInstance(id, config),
    };
    upstream.onChat(() => ({ kind: 'json', body: completion('ok') }));
    const { router } = routerFor('strict', { toolMode: 'xml' }, [strict]);
    await router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [weather] }) });
    expect(upstream.requests.at(-1)!.json.tools).toBeUndefined();
    expect(upstream.requests.at(-1)!.json.messages[0].content).toContain('<tools>');
  });
});

describe('applyToolMode', () => {
  const inner = createOpenAICompatibleInstance('p', { baseURL: 'http://127.0.0.1:9/v1' });
  it('returns the instance untouched unless xml is asked for', () => {
    expect(applyToolMode(inner, { toolMode: 'native' })).toBe(inner);
    expect(applyToolMode(inner, {})).toBe(inner);
  });
  it('wraps once', () => {
    const wrapped = applyToolMode(inner, { toolMode: 'xml' });
    expect(isXmlToolMode(wrapped)).toBe(true);
    expect(withXmlToolMode(wrapped)).toBe(wrapped);
    expect(applyToolMode(wrapped, { toolMode: 'xml' })).toBe(wrapped);
  });
  it('the validated configuration wins over the raw one', () => {
    expect(isXmlToolMode(applyToolMode(inner, { toolMode: 'native' }, { toolMode: 'xml' }))).toBe(false);
    expect(isXmlToolMode(applyToolMode(inner, {}, { toolMode: 'xml' }))).toBe(true);
  });
});

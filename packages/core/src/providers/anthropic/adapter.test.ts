import { anthropicSseFrames, fixtureChunks, fixtureJson, startFakeUpstream, type FakeUpstream, type Reply, type SeenRequest } from '@router/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { fetchProviderModels } from '../../engine/model-catalog.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { probeProvider } from '../../probe/probe-provider.js';
import { summarizeResponse } from '../../sse/summarize-response.js';
import type { RequestLogRecord } from '../../spec/log.js';
import { bodyText } from '../../test/index.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';
import { createAdapterRegistry, secretRulesFor, validateProviderConfig } from '../registry.js';
import { anthropicAdapter, anthropicUrls } from './adapter.js';

/** A fake Anthropic API on 127.0.0.1: `GET /v1/models` in Anthropic's list shape, everything else scripted. */
let upstream: FakeUpstream;
let backup: FakeUpstream;
let answer: (request: SeenRequest) => Reply;
const ANTHROPIC_MODELS = JSON.stringify({
  data: [
    { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
    { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
  ],
  has_more: false,
  first_id: 'claude-sonnet-4-5-20250929',
  last_id: 'claude-haiku-4-5-20251001',
});

beforeAll(async () => {
  upstream = await startFakeUpstream({ chat: (request) => (request.method === 'GET' && request.url.startsWith('/v1/models') ? { kind: 'json', body: ANTHROPIC_MODELS } : answer(request)) });
  backup = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  await backup.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
  backup.requests.length = 0;
});

const sse = (name: string): Reply => ({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks(name)) });
const anthropicError = (status: number, type: string, message: string, headers?: Record<string, string>): Reply => ({ kind: 'json', status, headers, body: JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CTest' }) });

function setup(options: { config?: Record<string, unknown>; withBackup?: boolean } = {}) {
  const logs: RequestLogRecord[] = [];
  const providers = [{ id: 'claude', type: 'anthropic', priority: 1, config: { baseURL: upstream.url, apiKey: 'sk-ant-test-key', ...options.config } }];
  if (options.withBackup) providers.push({ id: 'backup', type: 'openai-compatible', priority: 2, config: { baseURL: backup.baseURL } } as never);
  const router = createRouter({
    config: createStaticConfigSource({ providers, activeProviderId: 'claude', ...(options.withBackup ? { settings: { fallback_providers: 'backup' } } : {}) } as never),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
    resilience: { backoffBaseMs: 1, backoffMaxMs: 1, retryAfterCapMs: 10 },
  });
  return { router, logs };
}

const chat = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello, how are you?' }], ...extra });
const registry = createAdapterRegistry();

describe('anthropic adapter: configuration', () => {
  it('defaults to api.anthropic.com, where a key is required, and marks apiKey secret', () => {
    expect(validateProviderConfig(registry, 'anthropic', {})).toMatchObject({ ok: false, issues: [{ field: 'apiKey', message: expect.stringMatching(/^is required: an Anthropic API key/) }] });
    expect(validateProviderConfig(registry, 'anthropic', { apiKey: 'sk-ant-x' })).toMatchObject({ ok: true, config: { baseURL: 'https://api.anthropic.com' } });
    // an Anthropic-compatible service may need no key
    expect(validateProviderConfig(registry, 'anthropic', { baseURL: 'http://127.0.0.1:1234' }).ok).toBe(true);
    expect(validateProviderConfig(registry, 'anthropic', { apiKey: 'k', baseURL: 'api.anthropic.com' })).toMatchObject({ ok: false, issues: [{ field: 'baseURL' }] });
    expect(validateProviderConfig(registry, 'anthropic', { apiKey: 'k', defaultMaxOutput: 'lots' })).toMatchObject({ ok: false, issues: [{ field: 'defaultMaxOutput' }] });
    expect(validateProviderConfig(registry, 'anthropic', { apiKey: 'k', keyHeader: 'basic' })).toMatchObject({ ok: false, issues: [{ field: 'keyHeader' }] });
    expect(secretRulesFor(registry, 'anthropic').secretKeys).toEqual(['apiKey']);
    expect(registry.get('anthropic')).toEqual({ adapter: anthropicAdapter, fallback: false });
  });

  it('builds the endpoints from a base URL with or without /v1, keeping a query', () => {
    expect(anthropicUrls('https://api.anthropic.com')).toEqual({ messages: 'https://api.anthropic.com/v1/messages', countTokens: 'https://api.anthropic.com/v1/messages/count_tokens', models: 'https://api.anthropic.com/v1/models?limit=1000' });
    expect(anthropicUrls('http://127.0.0.1:8080/anthropic/v1/').messages).toBe('http://127.0.0.1:8080/anthropic/v1/messages');
    expect(anthropicUrls('http://127.0.0.1:8080/x?key=1')).toMatchObject({ messages: 'http://127.0.0.1:8080/x/v1/messages?key=1', models: 'http://127.0.0.1:8080/x/v1/models?key=1&limit=1000' });
  });

  it('sends x-api-key and anthropic-version (or Bearer, and the configured beta and headers)', () => {
    const headers = (config: Record<string, unknown>) => anthropicAdapter.create({ id: 'a', config: anthropicAdapter.configSchema.parse({ baseURL: 'http://127.0.0.1:9', ...config }) }).chatRequest({ body: { model: 'm', messages: [] }, rawBody: '{}', model: 'm', stream: false }).headers;
    expect(headers({ apiKey: 'sk-ant-1' })).toMatchObject({ 'x-api-key': 'sk-ant-1', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(headers({ apiKey: 'sk-ant-1' })).not.toHaveProperty('authorization');
    expect(headers({ apiKey: 'tok', keyHeader: 'authorization', anthropicVersion: '2024-01-01', anthropicBeta: 'interleaved-thinking-2025-05-14', headers: { 'X-Team': 'a' } })).toMatchObject({
      authorization: 'Bearer tok', 'anthropic-version': '2024-01-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-team': 'a',
    });
  });
});

describe('anthropic adapter: native passthrough', () => {
  const instance = anthropicAdapter.create({ id: 'a', config: anthropicAdapter.configSchema.parse({ baseURL: 'http://127.0.0.1:9', apiKey: 'sk-ant-1', anthropicBeta: 'configured-beta' }) });
  const raw = '{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}';

  it('speaks messages and count_tokens, sending the client body untouched unless the model is renamed', () => {
    expect(instance.nativeApis).toEqual(['messages', 'count_tokens']);
    const request = instance.passthroughRequest!({ api: 'messages', body: JSON.parse(raw), rawBody: raw, model: 'claude-sonnet-4-5', stream: false, headers: {} });
    expect(request).toMatchObject({ url: 'http://127.0.0.1:9/v1/messages', method: 'POST', body: raw, headers: { 'x-api-key': 'sk-ant-1', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'configured-beta', accept: 'application/json' } });
    const renamed = instance.passthroughRequest!({ api: 'count_tokens', body: JSON.parse(raw), rawBody: raw, model: 'claude-sonnet-4-5-20250929', stream: false, headers: { 'anthropic-version': '2023-01-01', 'anthropic-beta': 'client-beta' } });
    expect(renamed.url).toBe('http://127.0.0.1:9/v1/messages/count_tokens');
    expect(JSON.parse(String(renamed.body))).toEqual({ ...JSON.parse(raw), model: 'claude-sonnet-4-5-20250929' });
    // the client's version and betas win
    expect(renamed.headers).toMatchObject({ 'anthropic-version': '2023-01-01', 'anthropic-beta': 'client-beta' });
    expect(instance.passthroughRequest!({ api: 'messages', body: {}, rawBody: '{}', model: 'm', stream: true, headers: {} }).headers.accept).toBe('text/event-stream');
    expect(() => instance.passthroughRequest!({ api: 'embeddings', body: {}, rawBody: '{}', model: 'm', stream: false, headers: {} })).toThrow(/not offered/);
  });

  it('forwards the client\'s query string (`beta=true`), after any query the base URL carries', () => {
    const call = (query?: string) => ({ api: 'messages' as const, body: JSON.parse(raw), rawBody: raw, model: 'claude-sonnet-4-5', stream: false, headers: {}, ...(query ? { query } : {}) });
    expect(instance.passthroughRequest!(call('beta=true')).url).toBe('http://127.0.0.1:9/v1/messages?beta=true');
    expect(instance.passthroughRequest!({ ...call('beta=true'), api: 'count_tokens' }).url).toBe('http://127.0.0.1:9/v1/messages/count_tokens?beta=true');
    const keyed = anthropicAdapter.create({ id: 'k', config: anthropicAdapter.configSchema.parse({ baseURL: 'http://127.0.0.1:9/x?key=1' }) });
    expect(keyed.passthroughRequest!(call('beta=true&a=b%20c')).url).toBe('http://127.0.0.1:9/x/v1/messages?key=1&beta=true&a=b%20c');
    expect(keyed.passthroughRequest!(call()).url).toBe('http://127.0.0.1:9/x/v1/messages?key=1');
  });

  it('passes an Anthropic error back untouched to a Messages client (mapError leaves it to the default)', () => {
    expect(instance.mapError!(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', { api: 'messages', body: {}, rawBody: '{}', model: 'm', stream: false, headers: {} })).toBeNull();
  });
});

describe('anthropic adapter: chat clients through the engine', () => {
  it('translates a chat request and the recorded Message back, with x-api-key and anthropic-version upstream', async () => {
    answer = () => ({ kind: 'json', body: fixtureJson('anthropic-text') });
    const { router, logs } = setup();
    const response = await router.chatCompletion({ body: chat({ max_tokens: 200, temperature: 0.5, user: 'u-7' }) });
    expect(response.status).toBe(200);
    const completion = JSON.parse(await bodyText(response.body));
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'claude-sonnet-4-5-20250929', choices: [{ message: { role: 'assistant', content: expect.stringMatching(/^Hello! I'm doing well/) }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 29 } });
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/v1/messages');
    expect(seen.headers).toMatchObject({ 'x-api-key': 'sk-ant-test-key', 'anthropic-version': '2023-06-01' });
    expect(seen.json).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, how are you?' }], temperature: 0.5, metadata: { user_id: 'u-7' } });
    expect(summarizeResponse(logs.at(-1)!.response)).toMatchObject({ text: expect.stringMatching(/^Hello!/), usage: { promptTokens: 12, completionTokens: 29 } });
  });

  it('streams the recorded Anthropic stream as chat chunks; the log has the text and usage', async () => {
    answer = () => sse('anthropic-text');
    const { router, logs } = setup();
    const text = await bodyText((await router.chatCompletion({ body: chat({ stream: true }) })).body);
    expect(text.startsWith('data: {"id":"msg_01QC4g3HwBThD4BaNtBckFDJ","object":"chat.completion.chunk"')).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(upstream.requests.at(-1)!.json).toMatchObject({ stream: true, max_tokens: 4096 });
    expect(upstream.requests.at(-1)!.headers.accept).toBe('text/event-stream');
    expect(summarizeResponse(logs.at(-1)!.response)).toMatchObject({ text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?", usage: { promptTokens: 12, completionTokens: 30 } });
    expect(logs.at(-1)!.outcome).toBe('success');
  });

  it('sends defaultMaxOutput when the client gives no max tokens, and extraBody fields', async () => {
    answer = () => ({ kind: 'json', body: fixtureJson('anthropic-text') });
    const { router } = setup({ config: { defaultMaxOutput: 1234, extraBody: { top_k: 20, max_tokens: 1 } } });
    await bodyText((await router.chatCompletion({ body: chat() })).body);
    // extraBody fills in what the translation does not set
    expect(upstream.requests.at(-1)!.json).toMatchObject({ max_tokens: 1234, top_k: 20 });
  });

  it('refuses what Anthropic cannot do with a 400 naming the field, without calling the upstream', async () => {
    const { router } = setup();
    const response = await router.chatCompletion({ body: chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }) });
    expect(response.status).toBe(400);
    expect(JSON.parse(await bodyText(response.body))).toMatchObject({ error: { type: 'invalid_request_error', param: 'response_format', code: 'unsupported_parameter' } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('529 overloaded reaches a chat client as 503 upstream_overloaded after the retries', async () => {
    answer = () => anthropicError(529, 'overloaded_error', 'Overloaded');
    const { router } = setup();
    const response = await router.chatCompletion({ body: chat() });
    expect(response.status).toBe(503);
    expect(JSON.parse(await bodyText(response.body))).toEqual({ error: { message: 'Overloaded (request_id req_011CTest)', type: 'overloaded_error', param: null, code: 'upstream_overloaded' } });
    expect(upstream.requests.length).toBeGreaterThan(1);
  });

  it('429 keeps its retry-after; 400 is not retried; 401 is a credentials error', async () => {
    const instance = anthropicAdapter.create({ id: 'claude', config: anthropicAdapter.configSchema.parse({ baseURL: upstream.url, apiKey: 'k' }) });
    const call = { body: { model: 'm', messages: [] }, rawBody: '{}', model: 'm', stream: false };
    expect(instance.mapError!(429, '{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}', call, { 'retry-after': '30' })).toMatchObject({ status: 429, retryable: true, headers: { 'retry-after': '30' } });

    answer = () => anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': '30' });
    const { router } = setup();
    const limited = await router.chatCompletion({ body: chat() });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(JSON.parse(await bodyText(limited.body)).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_error' });

    upstream.requests.length = 0;
    answer = () => anthropicError(400, 'invalid_request_error', 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5');
    const invalid = await router.chatCompletion({ body: chat({ max_tokens: 100000 }) });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(await bodyText(invalid.body)).error.message).toContain('maximum allowed number of output tokens');
    expect(upstream.requests).toHaveLength(1);

    answer = () => anthropicError(401, 'authentication_error', 'invalid x-api-key');
    const denied = await router.chatCompletion({ body: chat() });
    expect(denied.status).toBe(502);
    expect(JSON.parse(await bodyText(denied.body)).error).toMatchObject({ code: 'upstream_auth_failed', message: expect.stringContaining('invalid x-api-key') });
  });

  it('an overload error right after message_start fails the attempt before any byte, so the request fails over', async () => {
    answer = () => ({ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-error-mid-stream')).filter((frame, index) => index === 0 || frame.startsWith('event: error')) });
    backup.onChat(() => ({ kind: 'sse', frames: ['data: {"id":"b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"from backup"},"finish_reason":"stop"}]}\n\n', 'data: [DONE]\n\n'] }));
    const { router, logs } = setup({ withBackup: true });
    const text = await bodyText((await router.chatCompletion({ body: chat({ stream: true }) })).body);
    expect(text).toContain('from backup');
    expect(logs.at(-1)!.attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toContainEqual(['claude', 'stream_error']);
  });

  it('an error later in the stream ends the client\'s stream with the router\'s error event', async () => {
    // the events apart, as they come from Anthropic: the text has reached the client when the error comes
    // (read in one piece with the text, nothing would have, and the attempt would fail over instead)
    answer = () => ({ ...sse('anthropic-error-mid-stream'), delayMs: 10 });
    const { router, logs } = setup();
    const text = await bodyText((await router.chatCompletion({ body: chat({ stream: true }) })).body);
    expect(text).toContain('"content":"Here is the beginning of a long"');
    expect(text).not.toContain('[DONE]');
    const last = JSON.parse(text.trimEnd().split('\n\n').at(-1)!.slice('data: '.length));
    expect(last.error).toMatchObject({ code: 'upstream_stream_error', message: expect.stringContaining('Overloaded') });
    expect(logs.at(-1)!.outcome).toBe('stream_error');
  });
});

describe('anthropic adapter: models and probe', () => {
  it('reads Anthropic\'s model list', async () => {
    const instance = anthropicAdapter.create({ id: 'a', config: anthropicAdapter.configSchema.parse({ baseURL: upstream.url, apiKey: 'k' }) });
    expect(await fetchProviderModels(createFetchTransport(), instance)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(upstream.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/models?limit=1000', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
  });

  it('the probe lists models, completes, streams with usage and calls a tool through the translators', async () => {
    const toolUse = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ping', input: {} }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 300, output_tokens: 20 } });
    answer = (request) => {
      if (request.json?.tools) return { kind: 'json', body: toolUse };
      return request.json?.stream ? sse('anthropic-text') : { kind: 'json', body: fixtureJson('anthropic-text') };
    };
    const provider = { id: 'claude', type: 'anthropic', name: 'Claude', enabled: true, priority: 1, defaultModel: null, config: { baseURL: upstream.url, apiKey: 'k' } };
    const instance = anthropicAdapter.create({ id: 'claude', config: anthropicAdapter.configSchema.parse(provider.config) });
    const result = await probeProvider({ provider: provider as never, instance, transport: createFetchTransport() });
    expect(result.steps.map((step) => [step.name, step.ok])).toEqual([['models', true], ['completion', true], ['stream', true], ['tools', true]]);
    expect(result).toMatchObject({ ok: true, model: 'claude-sonnet-4-5-20250929', capabilities: { streamUsage: 'always', nativeTools: true } });
    // the probe's tool call went as Anthropic's tool_choice "any"
    expect(upstream.requests.find((request) => request.json?.tools)?.json).toMatchObject({ tool_choice: { type: 'any' }, tools: [{ name: 'ping', input_schema: { type: 'object', properties: {} } }] });
  });
});

describe('anthropic adapter: OpenAI Responses clients (Responses → chat → Messages and back)', () => {
  const openai = (router: ReturnType<typeof setup>['router']) =>
    new OpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: ((url: string, init?: RequestInit) => router.handle(new Request(url, init))) as typeof fetch });
  const weatherTool = { type: 'function' as const, name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false };

  it('responses.create reads the recorded Message, translated twice', async () => {
    answer = () => ({ kind: 'json', body: fixtureJson('anthropic-text') });
    const { router } = setup();
    const response = await openai(router).responses.create({ model: 'claude-sonnet-4-5', instructions: 'Be brief.', input: 'Hello, how are you?', max_output_tokens: 300 });
    expect(response.output_text).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(response.usage).toMatchObject({ input_tokens: 12, output_tokens: 29 });
    expect(upstream.requests.at(-1)).toMatchObject({ url: '/v1/messages', json: { system: 'Be brief.', max_tokens: 300, messages: [{ role: 'user', content: 'Hello, how are you?' }] } });
  });

  it('responses.stream assembles the parallel tool calls of a recorded-format Anthropic stream', async () => {
    answer = () => sse('anthropic-parallel-tools');
    const { router } = setup();
    const final = await openai(router).responses.stream({ model: 'claude-sonnet-4-5', input: 'Weather in San Francisco and Tokyo?', tools: [weatherTool] }).finalResponse();
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => [call.call_id, call.name, JSON.parse(call.arguments)])).toEqual([
      ['toolu_01A09q90qw90lq917835lq9', 'get_weather', { location: 'San Francisco, CA', unit: 'fahrenheit' }],
      ['toolu_01B19r91rx91mr028946mr0', 'get_weather', { location: 'Tokyo, Japan', unit: 'celsius' }],
      ['toolu_01C29s92sy92ns139057ns1', 'get_time', {}],
    ]);
    expect(final.status).toBe('completed');
    expect(upstream.requests.at(-1)!.json).toMatchObject({ stream: true, tools: [{ name: 'get_weather' }] });
  });
});

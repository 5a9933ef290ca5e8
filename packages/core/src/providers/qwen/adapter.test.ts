import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { summarizeResponse } from '../../sse/summarize-response.js';
import type { RequestLogRecord } from '../../spec/log.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';
import { createAdapterRegistry, validateProviderConfig } from '../registry.js';
import { qwenAdapter } from './adapter.js';
import { DASHSCOPE_REGIONS } from './config.js';
import { applyThinking } from './reasoning.js';
import { bodyText } from '../../test/index.js';

let dashscope: FakeUpstream;
beforeAll(async () => {
  dashscope = await startFakeUpstream({ models: ['qwen3-max', 'qwen-plus'] });
});
afterAll(() => dashscope.close());

const text = bodyText;

function setup(config: Record<string, unknown> = {}) {
  const logs: RequestLogRecord[] = [];
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'dash', type: 'qwen', config: { baseURL: dashscope.baseURL, apiKey: 'sk-dash', ...config } }], activeProviderId: 'dash' }),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
  });
  return { router, logs, sent: () => dashscope.requests.at(-1)!.json };
}

const registry = createAdapterRegistry();
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'qwen3-max', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('qwen (DashScope) adapter', () => {
  it('picks the endpoint from the region, Beijing by default; an explicit baseURL wins', () => {
    const url = (config: Record<string, unknown>) =>
      qwenAdapter.create({ id: 'q', config: qwenAdapter.configSchema.parse({ apiKey: 'k', ...config }) }).chatRequest({ body: { model: 'm', messages: [] }, rawBody: '{}', model: 'm', stream: false }).url;
    expect(url({})).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions');
    expect(url({ region: 'intl' })).toBe('https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions');
    expect(url({ region: 'us' })).toBe(`${DASHSCOPE_REGIONS.us}/chat/completions`);
    expect(url({ region: 'intl', baseURL: 'https://ws-1.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1' })).toBe('https://ws-1.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1/chat/completions');
  });

  it('requires an apiKey and a known region, naming the field', () => {
    expect(validateProviderConfig(registry, 'qwen', {})).toMatchObject({ ok: false, issues: [{ field: 'apiKey', message: expect.stringMatching(/^is required: a DashScope API key/) }] });
    expect(validateProviderConfig(registry, 'qwen', { apiKey: 'k', region: 'mars' })).toMatchObject({ ok: false, issues: [{ field: 'region' }] });
    expect(validateProviderConfig(registry, 'qwen', { apiKey: 'k', baseURL: 'dashscope.aliyuncs.com' })).toMatchObject({ ok: false, issues: [{ field: 'baseURL' }] });
    expect(validateProviderConfig(registry, 'qwen', { apiKey: 'k', region: 'intl' }).ok).toBe(true);
  });

  it('replays recorded DashScope answers byte for byte and says enable_thinking:false on non-streaming calls', async () => {
    const { router, sent } = setup();
    for (const name of ['dashscope-text', 'dashscope-reasoning', 'dashscope-tool-call']) {
      const recorded = fixtureJson(name);
      dashscope.onChat(() => ({ kind: 'json', body: recorded }));
      expect(await text((await router.chatCompletion({ body: body() })).body)).toBe(recorded);
      expect(sent()).toMatchObject({ enable_thinking: false, model: 'qwen3-max' });
      expect(dashscope.requests.at(-1)!.headers.authorization).toBe('Bearer sk-dash');
    }
  });

  it('streams text, reasoning and tool calls untouched, asking for usage so it is always known', async () => {
    const { router, logs, sent } = setup();
    for (const name of ['dashscope-text', 'dashscope-reasoning', 'dashscope-tool-call']) {
      const frames = sseFrames(fixtureChunks(name));
      dashscope.onChat(() => ({ kind: 'sse', frames }));
      expect(await text((await router.chatCompletion({ body: body({ stream: true }) })).body)).toBe(frames.join(''));
      expect(sent().stream_options).toEqual({ include_usage: true });
      expect(sent()).not.toHaveProperty('enable_thinking');
      expect(summarizeResponse(logs.at(-1)!.response)?.usage).not.toBeNull();
    }
    expect(summarizeResponse(logs[1].response)?.reasoning?.length).toBeGreaterThan(0);
    expect(summarizeResponse(logs[2].response)?.toolCalls).toEqual([{ id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', arguments: '{"location": "San Francisco"}' }]);
  });

  it('respects a client that turned stream usage off', async () => {
    const { router, sent } = setup();
    dashscope.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-text')) }));
    await text((await router.chatCompletion({ body: body({ stream: true, stream_options: { include_usage: false } }) })).body);
    expect(sent().stream_options).toEqual({ include_usage: false });
  });

  it.each([
    [{ reasoning_effort: 'high' }, true, { enable_thinking: true, thinking_budget: 32768 }],
    [{ reasoning_effort: 'low' }, true, { enable_thinking: true, thinking_budget: 2048 }],
    [{ reasoning_effort: 'none' }, true, { enable_thinking: false }],
    [{ reasoning_effort: 'minimal' }, false, { enable_thinking: false }],
    [{ thinking: true }, true, { enable_thinking: true, thinking_budget: 8192 }],
    [{ thinking: true, thinking_budget: 500 }, true, { enable_thinking: true, thinking_budget: 500 }],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 } }, true, { enable_thinking: true, thinking_budget: 1024 }],
    [{ thinking: { type: 'disabled' } }, false, { enable_thinking: false }],
    [{ thinking: false, thinking_budget: 100 }, true, { enable_thinking: false }],
    [{}, false, { enable_thinking: false }],
    [{ enable_thinking: true, thinking_budget: 64, reasoning_effort: 'low' }, false, { enable_thinking: true, thinking_budget: 64, reasoning_effort: 'low' }],
  ])('maps %j (stream %s) to %j', (controls, stream, expected) => {
    const mapped = applyThinking({ model: 'm', messages: [], ...controls }, stream);
    const { model: _model, messages: _messages, ...rest } = mapped;
    expect(rest).toEqual(expected);
  });

  it('sends what the reasoning controls mean, with the configured default budget', async () => {
    const { router, sent } = setup({ thinkingBudget: 3000 });
    dashscope.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-reasoning')) }));
    await text((await router.chatCompletion({ body: body({ stream: true, thinking: true }) })).body);
    expect(sent()).toMatchObject({ enable_thinking: true, thinking_budget: 3000, stream_options: { include_usage: true } });
    expect(sent()).not.toHaveProperty('thinking');
  });

  it('turns DashScope-shaped errors into OpenAI-shaped ones with the request id and advice', async () => {
    const { router } = setup();
    dashscope.onChat(() => ({
      kind: 'json', status: 400,
      body: JSON.stringify({ code: 'InvalidParameter', message: 'parameter.enable_thinking must be set to false for non-streaming calls', request_id: 'cb57ead7-9455-4db0-9dfa-76c41cdd5a06' }),
    }));
    const result = await router.chatCompletion({ body: body({ reasoning_effort: 'high' }) });
    expect(result.status).toBe(400);
    const error = JSON.parse(await text(result.body)).error;
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'InvalidParameter', param: null });
    expect(error.message).toContain('request_id cb57ead7-9455-4db0-9dfa-76c41cdd5a06');
    expect(error.message).toContain('"stream": true');
  });

  it('maps a rejected key to a 502 naming the provider, and throttling to a retryable 429', async () => {
    const { router } = setup();
    dashscope.onChat(() => ({ kind: 'json', status: 401, body: JSON.stringify({ code: 'InvalidApiKey', message: 'Invalid API-key provided.', request_id: 'r-1' }) }));
    const denied = await router.chatCompletion({ body: body() });
    expect(denied.status).toBe(502);
    expect(JSON.parse(await text(denied.body)).error.message).toContain('"dash"');
    dashscope.onChat(() => ({ kind: 'json', status: 429, body: JSON.stringify({ code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.', request_id: 'r-2' }) }));
    const throttled = await router.chatCompletion({ body: body() });
    expect(throttled.status).toBe(429);
    expect(JSON.parse(await text(throttled.body)).error).toMatchObject({ type: 'rate_limit_error', code: 'Throttling.RateQuota' });
  });

  it('adds the request id to compatible-mode errors that are already OpenAI-shaped', async () => {
    const { router } = setup();
    dashscope.onChat(() => ({
      kind: 'json', status: 400,
      body: JSON.stringify({ error: { code: 'invalid_parameter_error', param: null, message: 'Range of max_tokens should be [1, 8192]', type: 'invalid_request_error' }, request_id: 'r-3' }),
    }));
    const error = JSON.parse(await text((await router.chatCompletion({ body: body({ max_tokens: 0 }) })).body)).error;
    expect(error).toMatchObject({ code: 'invalid_parameter_error', type: 'invalid_request_error' });
    expect(error.message).toBe('Range of max_tokens should be [1, 8192] (DashScope invalid_parameter_error, request_id r-3)');
  });
});

import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { summarizeResponse } from '../../sse/summarize-response.js';
import type { RequestLogRecord } from '../../spec/log.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';
import { createAdapterRegistry, validateProviderConfig } from '../registry.js';
import { openAICompatiblePresets, presetAdapters } from './presets.js';
import { bodyText } from '../../test/index.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

const text = bodyText;

function routerFor(type: string, config: Record<string, unknown> = {}) {
  const logs: RequestLogRecord[] = [];
  const router = createRouter({
    config: createStaticConfigSource({ providers: [{ id: type, type, config: { baseURL: upstream.baseURL, apiKey: 'test-key', ...config } }], activeProviderId: type }),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
  });
  return { router, logs };
}

const registry = createAdapterRegistry();

describe('named OpenAI-compatible presets', () => {
  it.each([
    ['openai', 'https://api.openai.com/v1'],
    ['openrouter', 'https://openrouter.ai/api/v1'],
    ['together', 'https://api.together.xyz/v1'],
    ['groq', 'https://api.groq.com/openai/v1'],
    ['perplexity', 'https://api.perplexity.ai'],
    ['deepseek', 'https://api.deepseek.com'],
  ])('%s defaults its base URL to %s and requires an apiKey', (type, baseURL) => {
    const { adapter, fallback } = registry.get(type);
    expect(fallback).toBe(false);
    const instance = adapter.create({ id: type, config: adapter.configSchema.parse({ apiKey: 'k' }) });
    expect(instance.chatRequest({ body: { model: 'm', messages: [] }, rawBody: '{}', model: 'm', stream: false }).url).toBe(`${baseURL}/chat/completions`);
    const missing = validateProviderConfig(registry, type, {});
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.issues[0].field).toBe('apiKey');
      expect(missing.issues[0].message).toMatch(/^is required: /);
    }
  });

  it.each(openAICompatiblePresets.map((preset) => [preset.type, preset] as const))('%s builds the generic adapter\'s request, plus only its own headers', (type, preset) => {
    const config = { baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k', headers: { 'x-configured': 'yes' } };
    const input = { body: { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }, rawBody: '{"model":"m"}', model: 'm', stream: true };
    const generic = registry.get('openai-compatible').adapter;
    const named = presetAdapters.find((adapter) => adapter.type === type)!;
    const genericRequest = generic.create({ id: 'g', config: generic.configSchema.parse(config) }).chatRequest(input);
    const parsed = named.configSchema.parse(config);
    const namedRequest = named.create({ id: type, config: parsed }).chatRequest(input);
    expect(namedRequest.url).toBe(genericRequest.url);
    expect(namedRequest.body).toEqual(genericRequest.body);
    expect(namedRequest.headers).toEqual({ ...genericRequest.headers, ...preset.headers?.(parsed as Record<string, unknown>), 'x-configured': 'yes' });
  });

  it('openai: sends max_tokens as max_completion_tokens (its reasoning models refuse max_tokens); other services get the body as sent', async () => {
    const { router } = routerFor('openai');
    const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'o4-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(answer.status).toBe(200);
    const sent = upstream.requests.at(-1)!.json;
    expect(sent.max_completion_tokens).toBe(50);
    expect(sent).not.toHaveProperty('max_tokens');
    const raw = JSON.stringify({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    await routerFor('groq').router.chatCompletion({ body: raw });
    expect(upstream.requests.at(-1)!.body).toBe(raw);
  });

  it('groq: replays the recorded answer and tool-call stream unchanged; usage read from x_groq', async () => {
    const { router, logs } = routerFor('groq');
    const recorded = fixtureJson('groq-tool-call');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    expect(await text((await router.chatCompletion({ body: JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: [] }) })).body)).toBe(recorded);
    const frames = sseFrames(fixtureChunks('groq-tool-call'));
    upstream.onChat(() => ({ kind: 'sse', frames }));
    const streamed = await router.chatCompletion({ body: JSON.stringify({ model: 'llama-3.3-70b-versatile', stream: true, messages: [] }) });
    expect(await text(streamed.body)).toBe(frames.join(''));
    expect(summarizeResponse(logs.at(-1)!.response)).toMatchObject({ usage: { totalTokens: 225 }, finishReason: 'tool_calls', toolCalls: [{ name: 'weather', arguments: '{}' }] });
  });

  it('deepseek: reasoning_content and long tool-argument streams pass through', async () => {
    const { router, logs } = routerFor('deepseek');
    const recorded = fixtureJson('deepseek-tool-call');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    expect(await text((await router.chatCompletion({ body: JSON.stringify({ model: 'deepseek-reasoner', messages: [] }) })).body)).toBe(recorded);
    for (const name of ['deepseek-reasoning', 'deepseek-tool-call']) {
      const frames = sseFrames(fixtureChunks(name));
      upstream.onChat(() => ({ kind: 'sse', frames }));
      expect(await text((await router.chatCompletion({ body: JSON.stringify({ model: 'deepseek-reasoner', stream: true, messages: [] }) })).body)).toBe(frames.join(''));
    }
    expect(summarizeResponse(logs.at(-1)!.response)?.toolCalls[0]?.name).toBeTruthy();
  });

  it('perplexity: citations and search_results pass through; no models endpoint', async () => {
    const { router } = routerFor('perplexity');
    const recorded = fixtureJson('perplexity-text');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    const body = await text((await router.chatCompletion({ body: JSON.stringify({ model: 'sonar', messages: [] }) })).body);
    expect(body).toBe(recorded);
    expect(JSON.parse(body).citations.length).toBeGreaterThan(0);
    const frames = sseFrames(fixtureChunks('perplexity-text'));
    upstream.onChat(() => ({ kind: 'sse', frames }));
    expect(await text((await router.chatCompletion({ body: JSON.stringify({ model: 'sonar', stream: true, messages: [] }) })).body)).toBe(frames.join(''));
    expect(router.instanceFor({ id: 'perplexity', name: 'p', type: 'perplexity', enabled: true, priority: 0, config: { apiKey: 'k' } }).modelsRequest()).toBeNull();
  });

  it('openrouter: sends its attribution headers, configurable, and configured headers still win', async () => {
    upstream.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    await routerFor('openrouter').router.chatCompletion({ body: JSON.stringify({ model: 'openai/gpt-4o', messages: [] }) });
    expect(upstream.requests.at(-1)!.headers['x-title']).toBe('Router');
    expect(upstream.requests.at(-1)!.headers['http-referer']).toBeUndefined();
    await routerFor('openrouter', { siteUrl: 'https://example.org/app', siteName: 'My App' }).router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(upstream.requests.at(-1)!.headers).toMatchObject({ 'x-title': 'My App', 'http-referer': 'https://example.org/app', authorization: 'Bearer test-key' });
    await routerFor('openrouter', { headers: { 'X-Title': 'Override' } }).router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(upstream.requests.at(-1)!.headers['x-title']).toBe('Override');
    const bad = validateProviderConfig(registry, 'openrouter', { apiKey: 'k', siteUrl: 'not a url' });
    expect(bad.ok ? null : bad.issues[0].field).toBe('siteUrl');
  });
});

describe('earlier reasoning (reasoningHistory)', () => {
  const validated = (type: string, config: Record<string, unknown>) => validateProviderConfig(registry, type, { baseURL: upstream.baseURL, apiKey: 'test-key', ...config });
  const instance = (type: string, config: Record<string, unknown> = {}) => {
    const result = validated(type, config);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return registry.get(type).adapter.create({ id: type, config: result.config });
  };

  it('is sent back as reasoning_content by the deepseek type, left out by the others, and the setting wins', () => {
    expect(instance('deepseek').reasoningHistory).toBe('reasoning_content');
    expect(instance('openai-compatible').reasoningHistory).toBe('drop');
    expect(instance('groq').reasoningHistory).toBe('drop');
    expect(instance('deepseek', { reasoningHistory: 'drop' }).reasoningHistory).toBe('drop');
    expect(instance('openai-compatible', { reasoningHistory: 'reasoning_content' }).reasoningHistory).toBe('reasoning_content');
    expect(validated('openai-compatible', { reasoningHistory: 'yes' })).toEqual({ ok: false, issues: [{ field: 'reasoningHistory', message: expect.stringMatching(/"drop" or "reasoning_content"/) }] });
  });
});

import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';
import { buildChatBody, createOpenAICompatibleInstance, openAICompatibleAdapter, withIncludeUsage } from './adapter.js';
import { openAICompatibleConfigSchema } from './config.js';
import { bodyText } from '../../test/index.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());

const text = bodyText;

function routerWith(config: Record<string, unknown>, capabilities?: Record<string, unknown>) {
  return createRouter({
    config: createStaticConfigSource({ providers: [{ id: 'generic', type: 'openai-compatible', config: { baseURL: upstream.baseURL, ...config }, capabilities }], activeProviderId: 'generic' }),
    transport: createFetchTransport(),
  });
}

const call = (body: Record<string, unknown>, model = String(body.model)) => ({ body: body as any, rawBody: JSON.stringify(body), model, stream: body.stream === true });

describe('openai-compatible adapter', () => {
  it('replays a recorded OpenAI answer and stream byte for byte', async () => {
    const router = routerWith({ apiKey: 'sk-test' });
    const recorded = fixtureJson('openai-text');
    upstream.onChat(() => ({ kind: 'json', body: recorded }));
    const raw = '{"model":"gpt-4o",\n "messages":[{"role":"user","content":"hi"}]}';
    expect(await text((await router.chatCompletion({ body: raw })).body)).toBe(recorded);
    expect(upstream.requests.at(-1)!.body).toBe(raw);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test');

    const frames = sseFrames(fixtureChunks('openai-text'));
    upstream.onChat(() => ({ kind: 'sse', frames }));
    const streamed = await router.chatCompletion({ body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [] }) });
    expect(await text(streamed.body)).toBe(frames.join(''));
  });

  it('merges extraBody into every request, the client winning on conflicts', async () => {
    upstream.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    const router = routerWith({ extraBody: '{"temperature":0.1,"top_k":20,"enable_thinking":false}' });
    await router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [], temperature: 0.9 }) });
    expect(upstream.requests.at(-1)!.json).toMatchObject({ temperature: 0.9, top_k: 20, enable_thinking: false, model: 'm' });
  });

  it('sends configured headers (lower-cased) and never lets them replace the key', () => {
    const instance = createOpenAICompatibleInstance('x', { baseURL: 'http://127.0.0.1:1/v1/', apiKey: 'k', headers: { 'X-Team': 'a' } });
    const request = instance.chatRequest(call({ model: 'm', messages: [] }));
    expect(request.url).toBe('http://127.0.0.1:1/v1/chat/completions');
    expect(request.headers).toMatchObject({ 'x-team': 'a', authorization: 'Bearer k', accept: 'application/json' });
  });

  it('keeps a base URL\'s query after the endpoint path (api-version=…, key=…)', () => {
    const instance = createOpenAICompatibleInstance('x', { baseURL: 'http://127.0.0.1:1/v1/?key=k1&api-version=2024-10-21#frag' });
    expect(instance.chatRequest(call({ model: 'm', messages: [] })).url).toBe('http://127.0.0.1:1/v1/chat/completions?key=k1&api-version=2024-10-21');
    expect(instance.modelsRequest()!.url).toBe('http://127.0.0.1:1/v1/models?key=k1&api-version=2024-10-21');
  });

  it('sends user:password in the base URL as Basic auth instead of leaving it in the URL (fetch refuses such URLs, undici drops them)', async () => {
    const withUser = upstream.baseURL.replace('http://', 'http://alice:p%40ss%3Aw@');
    const router = routerWith({ baseURL: withUser });
    upstream.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    const response = await router.chatCompletion({ body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('alice:p@ss:w').toString('base64')}`);
    const instance = createOpenAICompatibleInstance('generic', openAICompatibleConfigSchema.parse({ baseURL: withUser, apiKey: 'sk-wins' }));
    const request = instance.chatRequest(call({ model: 'm', messages: [] }));
    expect(request.url).not.toContain('alice');
    expect(request.headers.authorization).toBe('Bearer sk-wins');
  });

  it('uses the timeout keys', () => {
    const instance = createOpenAICompatibleInstance('x', openAICompatibleConfigSchema.parse({ baseURL: 'http://127.0.0.1:1/v1', timeout: '1500', idleTimeout: 2500 }));
    expect(instance.timeouts).toMatchObject({ headersMs: 1500, idleMs: 2500 });
    expect(instance.chatRequest(call({ model: 'm', messages: [] }))).toMatchObject({ headersTimeoutMs: 1500, bodyTimeoutMs: 2500 });
  });

  it('asks for stream usage when the probe learned the provider needs it, and only then', async () => {
    upstream.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')) }));
    await text((await routerWith({}, { streamUsage: 'with_include_usage' }).chatCompletion({ body: JSON.stringify({ model: 'm', stream: true, messages: [] }) })).body);
    expect(upstream.requests.at(-1)!.json.stream_options).toEqual({ include_usage: true });
    await text((await routerWith({}, { streamUsage: 'always' }).chatCompletion({ body: JSON.stringify({ model: 'm', stream: true, messages: [] }) })).body);
    expect(upstream.requests.at(-1)!.json.stream_options).toBeUndefined();
    await text((await routerWith({}, { streamUsage: 'with_include_usage' }).chatCompletion({ body: JSON.stringify({ model: 'm', stream: true, messages: [], stream_options: { include_usage: false } }) })).body);
    expect(upstream.requests.at(-1)!.json.stream_options).toEqual({ include_usage: false });
  });

  it('rewrites only what changes', () => {
    const body = { model: 'a', messages: [] };
    expect(buildChatBody(call(body))).toBe(JSON.stringify(body));
    expect(JSON.parse(buildChatBody(call(body, 'b'))).model).toBe('b');
    expect(withIncludeUsage({ model: 'a', messages: [], stream_options: { foo: 1 } })).toMatchObject({ stream_options: { foo: 1, include_usage: true } });
  });

  it('refuses a baseURL that is not http(s), naming the field', () => {
    const result = openAICompatibleAdapter.configSchema.safeParse({ baseURL: 'ftp://example.com/v1' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['baseURL'], message: 'must be an http:// or https:// URL' });
    expect(openAICompatibleAdapter.configSchema.safeParse({ baseURL: 'http://x/v1', toolMode: 'json' }).error!.issues[0]).toMatchObject({ path: ['toolMode'] });
  });
});

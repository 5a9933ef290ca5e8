import { startFakeLocalServer, type FakeLocalServer } from '@router/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { createContextFit, estimateRequestTokens } from './context-fit.js';
import { createSnapshot } from './static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import { bodyText } from '../test/index.js';

const servers: FakeLocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startFakeLocalServer>) {
  const server = await startFakeLocalServer(...args);
  servers.push(server);
  return server;
}

function routerFor(providers: { id: string; type: string; baseURL: string }[], extra: { routes?: Record<string, { providerId: string; model?: string }[]>; models?: { id: string; contextLength?: number; providers: { providerId: string; model?: string }[] }[] } = {}) {
  const logs: RequestLogRecord[] = [];
  const router = createRouter({
    config: createStaticConfigSource({
      providers: providers.map((provider) => ({ id: provider.id, type: provider.type, config: { baseURL: provider.baseURL } })),
      activeProviderId: providers[0].id,
      routes: extra.routes,
      models: extra.models,
    } as Parameters<typeof createStaticConfigSource>[0]),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
  });
  return { router, logs };
}

const words = (tokens: number) => 'abcd'.repeat(tokens);

describe('local server discovery', () => {
  it('learns LM Studio models, their load state and contexts from /api/v0/models, and sees a model loaded between two refreshes', async () => {
    const lms = await start('lm-studio', [
      { id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 },
      { id: 'gemma-3-12b', loaded: false, maxContext: 131072, type: 'vlm' },
      { id: 'nomic-embed', loaded: false, maxContext: 2048, type: 'embeddings' },
    ]);
    const { router } = routerFor([{ id: 'lms', type: 'lm-studio', baseURL: lms.baseURL }]);
    await router.refreshModels();
    const found = router.discoveredModels('lms')!;
    expect(found.reachable).toBe(true);
    expect(found.models.get('qwen3-8b')).toEqual({ id: 'qwen3-8b', state: 'loaded', type: 'llm', maxContextLength: 32768, loadedContextLength: 8192 });
    expect(found.models.get('gemma-3-12b')).toEqual({ id: 'gemma-3-12b', state: 'not-loaded', type: 'vlm', maxContextLength: 131072 });
    const listed = router.listModels().data;
    expect(listed.find((entry) => entry.id === 'qwen3-8b')).toMatchObject({ owned_by: 'lms', provider: 'lms', state: 'loaded', context_length: 8192, loaded_context_length: 8192, max_context_length: 32768, model_type: 'llm' });
    expect(listed.find((entry) => entry.id === 'gemma-3-12b')).toMatchObject({ state: 'not-loaded', context_length: 131072, max_context_length: 131072 });
    expect(listed.find((entry) => entry.id === 'gemma-3-12b')).not.toHaveProperty('loaded_context_length');

    lms.models[1].loaded = true;
    lms.models[1].loadedContext = 16384;
    await router.refreshModels({ localOnly: true });
    expect(router.listModels().data.find((entry) => entry.id === 'gemma-3-12b')).toMatchObject({ state: 'loaded', context_length: 16384, loaded_context_length: 16384 });
    expect(lms.requests.filter((request) => request.path === '/api/v0/models')).toHaveLength(2);
  });

  it('learns Ollama models from /api/tags, /api/ps and /api/show (asked once per model), and chats through /v1', async () => {
    const ollama = await start('ollama', [
      { id: 'llama3.2:latest', loaded: false, maxContext: 131072 },
      { id: 'qwen3:8b', loaded: true, maxContext: 40960, loadedContext: 4096 },
    ]);
    const { router } = routerFor([{ id: 'ollama', type: 'ollama', baseURL: ollama.baseURL }]);
    await router.refreshModels();
    const models = router.discoveredModels('ollama')!.models;
    expect(models.get('llama3.2:latest')).toMatchObject({ state: 'not-loaded', maxContextLength: 131072 });
    expect(models.get('qwen3:8b')).toMatchObject({ state: 'loaded', maxContextLength: 40960, loadedContextLength: 4096 });
    ollama.models[0].loaded = true;
    ollama.models[0].loadedContext = 8192;
    await router.refreshModels();
    expect(router.discoveredModels('ollama')!.models.get('llama3.2:latest')).toMatchObject({ state: 'loaded', loadedContextLength: 8192 });
    // /api/show answers do not change for the same digest: asked once per model
    expect(ollama.requests.filter((request) => request.path === '/api/show')).toHaveLength(2);
    const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(JSON.parse(await bodyText(answer.body)).choices[0].message.content).toBe('answered by ollama');
    expect(ollama.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
  });

  it('learns a llama.cpp server context from /slots and /props, and vLLM models from max_model_len', async () => {
    const llama = await start('llama-cpp', [{ id: 'qwen2.5-7b-instruct-q4_k_m.gguf', loaded: true, maxContext: 32768, loadedContext: 8192 }]);
    const vllm = await start('vllm', [{ id: 'Qwen/Qwen2.5-7B-Instruct', loaded: true, maxContext: 32768, loadedContext: 16384 }]);
    const { router } = routerFor([
      { id: 'llama', type: 'llama-cpp', baseURL: llama.baseURL },
      { id: 'vllm', type: 'vllm', baseURL: vllm.baseURL },
    ]);
    await router.refreshModels();
    expect(router.discoveredModels('llama')!.models.get('qwen2.5-7b-instruct-q4_k_m.gguf')).toEqual({ id: 'qwen2.5-7b-instruct-q4_k_m.gguf', state: 'loaded', maxContextLength: 32768, loadedContextLength: 8192 });
    expect(router.discoveredModels('vllm')!.models.get('Qwen/Qwen2.5-7B-Instruct')).toEqual({ id: 'Qwen/Qwen2.5-7B-Instruct', state: 'loaded', maxContextLength: 16384, loadedContextLength: 16384 });
    expect(llama.requests.map((request) => request.path).sort()).toEqual(['/props', '/slots', '/v1/models']);
    expect(router.listModels().data.find((entry) => entry.id === 'Qwen/Qwen2.5-7B-Instruct')).toMatchObject({ provider: 'vllm', state: 'loaded', context_length: 16384 });
  });

  it('marks a server that is down as unreachable until a refresh reaches it again', async () => {
    const lms = await start('lm-studio', [{ id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 8192 }]);
    const { router } = routerFor([{ id: 'lms', type: 'lm-studio', baseURL: lms.baseURL }]);
    await router.refreshModels();
    lms.up = false;
    await router.refreshModels({ localOnly: true });
    expect(router.discoveredModels('lms')!.reachable).toBe(false);
    expect(router.listModels().data.find((entry) => entry.id === 'qwen3-8b')).toMatchObject({ state: 'unreachable', context_length: 8192 });
    lms.up = true;
    await router.refreshModels({ localOnly: true });
    expect(router.listModels().data.find((entry) => entry.id === 'qwen3-8b')).toMatchObject({ state: 'loaded' });
  });

  it('falls back to the plain model list when the native API does not answer (an older LM Studio)', async () => {
    const vllmLike = await start('vllm', [{ id: 'only-openai', loaded: true, maxContext: 4096 }]);
    const { router } = routerFor([{ id: 'old', type: 'lm-studio', baseURL: vllmLike.baseURL }]);
    await router.refreshModels();
    expect(router.reportedModels('old')).toEqual(['only-openai']);
    expect(router.discoveredModels('old')).toMatchObject({ reachable: true });
    expect(router.discoveredModels('old')!.error).toContain('404');
  });
});

describe('context fit', () => {
  async function twoTargets() {
    const lms = await start('lm-studio', [{ id: 'qwen3-8b', loaded: true, maxContext: 32768, loadedContext: 4096 }]);
    const vllm = await start('vllm', [{ id: 'qwen3-8b', loaded: true, maxContext: 32768 }]);
    const setup = routerFor(
      [
        { id: 'lms', type: 'lm-studio', baseURL: lms.baseURL },
        { id: 'vllm', type: 'vllm', baseURL: vllm.baseURL },
      ],
      { routes: { coder: [{ providerId: 'lms', model: 'qwen3-8b' }, { providerId: 'vllm', model: 'qwen3-8b' }] } },
    );
    await setup.router.refreshModels();
    return { ...setup, lms, vllm };
  }

  it('skips a target whose loaded context cannot hold prompt + max_tokens, logs why, and answers from the next', async () => {
    const { router, logs, lms } = await twoTargets();
    const body = JSON.stringify({ model: 'coder', max_tokens: 1000, messages: [{ role: 'user', content: words(3500) }] });
    const answer = await router.chatCompletion({ body });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-router-provider']).toBe('vllm');
    expect(JSON.parse(await bodyText(answer.body)).choices[0].message.content).toBe('answered by vllm');
    expect(lms.requests.some((request) => request.path === '/v1/chat/completions')).toBe(false);
    const attempts = logs.at(-1)!.attempts;
    expect(attempts[0]).toMatchObject({ providerId: 'lms', outcome: 'context_too_small', status: null });
    expect(attempts[0].error).toContain('4096 tokens (loaded)');
    expect(attempts[0].error).toContain('~3508 prompt tokens (estimated) + 1000 max_tokens');
    expect(attempts[1]).toMatchObject({ providerId: 'vllm', status: 200 });
  });

  it('sends a request that fits to the first target', async () => {
    const { router } = await twoTargets();
    const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'coder', max_tokens: 100, messages: [{ role: 'user', content: words(2000) }] }) });
    expect(answer.headers['x-router-provider']).toBe('lms');
  });

  it('answers 400 context_length_exceeded naming the contexts and the estimate when no target fits (OpenAI and Anthropic shapes)', async () => {
    const { router, logs } = await twoTargets();
    const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'coder', max_completion_tokens: 2000, messages: [{ role: 'user', content: words(40000) }] }) });
    expect(answer.status).toBe(400);
    const { error } = JSON.parse(await bodyText(answer.body));
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
    expect(error.message).toContain('"lms" qwen3-8b: 4096 tokens (loaded)');
    expect(error.message).toContain('"vllm" qwen3-8b: 32768 tokens (loaded)');
    expect(error.message).toContain('~40008 prompt tokens (estimated) + 2000 max_completion_tokens');
    expect(logs.at(-1)!.attempts.map((attempt) => attempt.outcome)).toEqual(['context_too_small', 'context_too_small']);

    const messages = await router.proxy('messages', { body: JSON.stringify({ model: 'coder', max_tokens: 2000, messages: [{ role: 'user', content: words(40000) }] }) });
    expect(messages.status).toBe(400);
    const anthropic = JSON.parse(await bodyText(messages.body));
    expect(anthropic).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(anthropic.error.message).toContain('more than the context of every target');
  });

  it("uses the catalogue model's contextLength for a cloud target", async () => {
    const vllm = await start('vllm', [{ id: 'big', loaded: true, maxContext: 131072 }]);
    const cloud = await start('vllm', [{ id: 'small', loaded: true, maxContext: 131072 }]);
    const { router, logs } = routerFor(
      [
        { id: 'cloud', type: 'openai-compatible', baseURL: cloud.baseURL },
        { id: 'vllm', type: 'vllm', baseURL: vllm.baseURL },
      ],
      { models: [{ id: 'm', contextLength: 1000, providers: [{ providerId: 'cloud', model: 'small' }, { providerId: 'vllm', model: 'big' }] }] },
    );
    await router.refreshModels();
    const answer = await router.chatCompletion({ body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: words(2000) }] }) });
    expect(answer.headers['x-router-provider']).toBe('vllm');
    expect(logs.at(-1)!.attempts[0]).toMatchObject({ providerId: 'cloud', outcome: 'context_too_small' });
    expect(logs.at(-1)!.attempts[0].error).toContain('1000 tokens (from the model catalogue)');
  });
});

describe('estimateRequestTokens', () => {
  it('counts characters/4, 4 tokens per message and a flat figure per image', () => {
    expect(estimateRequestTokens({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }] })).toEqual({ prompt: Math.ceil((4 + 4 + 7 + 400) / 4) + 4, output: 0, outputField: null });
    const image = { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } };
    expect(estimateRequestTokens({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: [image] }] }).prompt).toBeLessThan(1100);
    expect(estimateRequestTokens({ model: 'm', max_output_tokens: 10, input: 'y'.repeat(40) })).toEqual({ prompt: 14, output: 10, outputField: 'max_output_tokens' });
  });
});

describe('createContextFit', () => {
  it('reads the body only when a target has a known context, and once', () => {
    let reads = 0;
    const body = { model: 'm', get messages() {
      reads++;
      return [{ role: 'user', content: 'x'.repeat(4000) }];
    } };
    const snapshot = createSnapshot({ providers: [{ id: 'a', type: 'openai-compatible', config: {} }] });
    const target = { provider: snapshot.providers.get('a')!, model: 'm', via: 'active' as const };
    const unknown = createContextFit(() => undefined, snapshot, 'chat', 'm', body)!;
    expect(unknown.skip(target)).toBeUndefined();
    expect(reads).toBe(0);
    const known = createContextFit(() => ({ tokens: 100, source: 'catalogue' }), snapshot, 'chat', 'm', body)!;
    expect(known.skip(target)).toMatchObject({ outcome: 'context_too_small' });
    expect(known.skip(target)).toMatchObject({ outcome: 'context_too_small' });
    expect(reads).toBe(1);
    expect(createContextFit(() => ({ tokens: 1, source: 'catalogue' }), snapshot, 'embeddings', 'm', body)).toBeUndefined();
  });
});

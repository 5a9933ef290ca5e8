import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream } from '@router/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../engine/create-router.js';
import { createStaticConfigSource } from '../../engine/static-config.js';
import { createFetchTransport } from '../../transport/fetch-transport.js';
import { createAdapterRegistry, validateProviderConfig } from '../registry.js';
import { lmStudioAdapter } from './adapter.js';
import { bodyText } from '../../test/index.js';

let lmStudio: FakeUpstream;
let backup: FakeUpstream;
beforeAll(async () => {
  lmStudio = await startFakeUpstream({ models: ['qwen3-coder-30b-a3b-instruct', 'text-embedding-nomic-embed-text-v1.5'] });
  backup = await startFakeUpstream();
});
afterAll(async () => {
  await lmStudio.close();
  await backup.close();
});

const text = bodyText;

function setup() {
  return createRouter({
    config: createStaticConfigSource({
      providers: [
        { id: 'lms', type: 'lm-studio', config: { baseURL: lmStudio.baseURL } },
        { id: 'backup', type: 'openai-compatible', config: { baseURL: backup.baseURL } },
      ],
      activeProviderId: 'lms',
      routes: { 'with-fallback': [{ providerId: 'lms' }, { providerId: 'backup' }] },
    }),
    transport: createFetchTransport(),
  });
}

const ask = (model = 'qwen3-coder-30b-a3b-instruct') => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('lm-studio adapter', () => {
  it('defaults to http://localhost:1234/v1 and needs no key', () => {
    const config = lmStudioAdapter.configSchema.parse({});
    expect(config.baseURL).toBe('http://localhost:1234/v1');
    const request = lmStudioAdapter.create({ id: 'l', config }).chatRequest({ body: { model: 'm', messages: [] }, rawBody: '{}', model: 'm', stream: false });
    expect(request.url).toBe('http://localhost:1234/v1/chat/completions');
    expect(request.headers.authorization).toBeUndefined();
    expect(validateProviderConfig(createAdapterRegistry(), 'lm-studio', { baseURL: 'localhost:1234' })).toMatchObject({ ok: false, issues: [{ field: 'baseURL' }] });
  });

  it('lists the models the server reports', async () => {
    const router = setup();
    await router.refreshModels();
    expect(router.listModels().data.map((model) => model.id)).toContain('qwen3-coder-30b-a3b-instruct');
  });

  it('passes answers, streams and tool calls through unchanged', async () => {
    const router = setup();
    const recorded = fixtureJson('openai-text');
    lmStudio.onChat(() => ({ kind: 'json', body: recorded }));
    expect(await text((await router.chatCompletion({ body: ask() })).body)).toBe(recorded);
    const frames = sseFrames(fixtureChunks('mistral-incremental-tool-call'));
    lmStudio.onChat(() => ({ kind: 'sse', frames }));
    const streamed = await router.chatCompletion({ body: JSON.stringify({ model: 'm', stream: true, messages: [], tools: [{ type: 'function', function: { name: 'f' } }] }) });
    expect(await text(streamed.body)).toBe(frames.join(''));
    expect(lmStudio.requests.at(-1)!.json.tools).toHaveLength(1);
  });

  it('says clearly that no model is loaded, and lets another target answer', async () => {
    const router = setup();
    // LM Studio's exact answer when nothing is loaded (HTTP 400, error as a string).
    lmStudio.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." }) }));
    const alone = await router.chatCompletion({ body: ask() });
    expect(alone.status).toBe(503);
    const error = JSON.parse(await text(alone.body)).error;
    expect(error.code).toBe('model_not_loaded');
    expect(error.message).toContain('has no model loaded');
    expect(error.message).toContain('lms load');

    backup.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    const failover = await router.chatCompletion({ body: ask('with-fallback') });
    expect(failover.status).toBe(200);
    expect(failover.headers['x-router-provider']).toBe('backup');
  });

  it('says clearly that several models are loaded and none was named', async () => {
    const router = setup();
    lmStudio.onChat(() => ({
      kind: 'json', status: 400,
      body: JSON.stringify({ error: { message: "Multiple models are loaded. Please specify a model by providing a 'model' field.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }),
    }));
    const result = await router.chatCompletion({ body: ask('default') });
    expect(result.status).toBe(404);
    const error = JSON.parse(await text(result.body)).error;
    expect(error).toMatchObject({ code: 'model_not_found', param: 'model', type: 'invalid_request_error' });
    expect(error.message).toContain('several models loaded');
    expect(error.message).toContain('"default"');
  });

  it('names the loaded models when LM Studio lists them', async () => {
    const router = setup();
    lmStudio.onChat(() => ({
      kind: 'json', status: 404,
      body: JSON.stringify({ error: { message: 'Model "default" not found. Please specify a valid model.\n\nYour models:\n\ngemma-3-27b-it-qat\nqwen3-32b', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }),
    }));
    const error = JSON.parse(await text((await router.chatCompletion({ body: ask('default') })).body)).error;
    expect(error.message).toContain('has no model "default" loaded');
    expect(error.message).toContain('gemma-3-27b-it-qat, qwen3-32b');
  });

  it('leaves other errors to the default handling', async () => {
    const router = setup();
    lmStudio.onChat(() => ({ kind: 'json', status: 400, body: JSON.stringify({ error: { message: 'context length exceeded', type: 'invalid_request_error', param: null, code: null } }) }));
    const result = await router.chatCompletion({ body: ask() });
    expect(result.status).toBe(400);
    expect(JSON.parse(await text(result.body)).error.message).toBe('context length exceeded');
  });
});

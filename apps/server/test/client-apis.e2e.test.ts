/**
 * End to end: the built server with client keys (`ROUTER_API_KEYS`), a fake OpenAI-compatible
 * upstream on 127.0.0.1, and the real SDKs: `@anthropic-ai/sdk` on the Messages and model routes
 * (its key in `x-api-key`, Claude Code's `?beta=true`), `openai` on embeddings and completions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { runCliProcess, startFakeUpstream, startServerProcess, tempDir, waitFor, type FakeUpstream, type ServerProcess } from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const KEY = 'client-key-0123456789';

let upstream: FakeUpstream;
let server: ServerProcess;

beforeAll(async () => {
  const dir = tempDir();
  const db = await e2eDatabase(dir);
  upstream = await startFakeUpstream({ models: ['fake-model', 'other-model'] });
  upstream.onChat((request) => {
    if (request.url.endsWith('/embeddings')) {
      return { kind: 'json', body: JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5] }], model: 'fake-model', usage: { prompt_tokens: 2, total_tokens: 2 } }) };
    }
    if (request.url.endsWith('/completions') && !request.url.endsWith('/chat/completions')) {
      return { kind: 'json', body: JSON.stringify({ id: 'cmpl-1', object: 'text_completion', created: 1, model: 'fake-model', choices: [{ index: 0, text: ' world', finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }) };
    }
    return { kind: 'json', body: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'fake-model', choices: [{ index: 0, message: { role: 'assistant', content: 'hello from upstream' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }) };
  });
  for (const args of [['provider', 'add', '--id', 'alpha', '--config', `baseURL=${upstream.baseURL}`], ['set', 'alpha']]) {
    const result = await runCliProcess(['--db', db, ...args], {}, dir);
    if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  }
  server = await startServerProcess({ DATABASE_URL: db, ROUTER_API_KEYS: `other-key,${KEY}` }, dir);
  // the model list is fetched in the background at start-up
  await waitFor(async () => {
    const list = (await (await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { data?: { id: string }[] };
    if (!list.data?.some((model) => model.id === 'other-model')) throw new Error(`models not listed yet: ${JSON.stringify(list)}`);
    return true;
  }, 10_000);
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

/** The log row of a request, by the router's request id (written off the request path, so waited for). */
async function logRow(requestId: string): Promise<{ endpoint: string; status: number }> {
  return waitFor(async () => {
    const response = await fetch(`${server.url}/v1/requests/${requestId}`);
    if (response.status !== 200) throw new Error(`no log row yet (${response.status})`);
    return (await response.json()) as { endpoint: string; status: number };
  });
}

describe('Anthropic clients', () => {
  const anthropic = (options: ConstructorParameters<typeof Anthropic>[0]) => new Anthropic({ baseURL: server.url, maxRetries: 0, ...options });

  it('reach the engine with a client key in x-api-key, and get an answer in Anthropic\'s shape', async () => {
    const message = await anthropic({ apiKey: KEY }).messages.create({ model: 'fake-model', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hello from upstream' }] });
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/v1/chat/completions');
    // the client's key stays with the router
    expect(JSON.stringify(seen.headers)).not.toContain(KEY);
  });

  it('reach it with the key as a bearer token (ANTHROPIC_AUTH_TOKEN), and through ?beta=true as Claude Code sends', async () => {
    const message = await anthropic({ authToken: KEY, apiKey: null }).beta.messages.create({
      model: 'fake-model', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }], betas: ['interleaved-thinking-2025-05-14'],
    });
    expect(message).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'hello from upstream' }] });
    const tokens = await anthropic({ apiKey: KEY }).messages.countTokens({ model: 'fake-model', messages: [{ role: 'user', content: 'hello there' }] });
    expect(tokens.input_tokens).toBeGreaterThan(0);
  });

  it('get AuthenticationError, Anthropic-shaped, with a wrong key or none', async () => {
    for (const options of [{ apiKey: 'wrong-key' }, { apiKey: null, authToken: 'wrong-key' }]) {
      const error = await anthropic(options).messages.create({ model: 'fake-model', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'Incorrect API key provided.' } });
    }
    const models = await anthropic({ apiKey: 'wrong-key' }).models.list().catch((caught: unknown) => caught);
    expect(models).toBeInstanceOf(Anthropic.AuthenticationError);
    const missing = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });
  });

  it('list and retrieve models in Anthropic\'s shape', async () => {
    const client = anthropic({ apiKey: KEY });
    const models: Anthropic.ModelInfo[] = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id)).toEqual(expect.arrayContaining(['fake-model', 'other-model']));
    for (const model of models) expect(model).toEqual({ type: 'model', id: model.id, display_name: model.id, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    const page = await client.models.list();
    expect(page).toMatchObject({ has_more: false, first_id: models[0].id, last_id: models.at(-1)!.id });
    expect(await client.models.retrieve('other-model')).toMatchObject({ type: 'model', id: 'other-model', display_name: 'other-model' });
  });
});

describe('OpenAI clients on the other APIs', () => {
  const openai = (apiKey: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });

  it('embeddings.create and completions.create reach the engine as their own APIs', async () => {
    const { data: embedding, response } = await openai(KEY).embeddings.create({ model: 'fake-model', input: 'hello', encoding_format: 'float' }).withResponse();
    expect(embedding.data[0].embedding).toEqual([0.25, -0.5]);
    expect(upstream.requests.at(-1)!.url).toBe('/v1/embeddings');
    expect(await logRow(response.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/embeddings', status: 200 });

    const completion = await openai(KEY).completions.create({ model: 'fake-model', prompt: 'hello' }).withResponse();
    expect(completion.data.choices[0].text).toBe(' world');
    expect(upstream.requests.at(-1)!.url).toBe('/v1/completions');
    expect(await logRow(completion.response.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/completions', status: 200 });
  });

  it('get AuthenticationError with a wrong key, OpenAI-shaped', async () => {
    const error = await openai('wrong-key').embeddings.create({ model: 'fake-model', input: 'hello' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
  });
});

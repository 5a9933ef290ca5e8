/**
 * Every client API end to end, as a new user would run it: the built server process with client
 * keys and a fresh SQLite file, one OpenAI-compatible provider configured through the REST API (a
 * fake upstream on 127.0.0.1 replaying recorded chat completions byte for byte, and scripted
 * answers for the second turn of tool loops), and the real clients: `@anthropic-ai/sdk`, `openai`
 * (Responses, embeddings, completions) and the AI SDK's `@ai-sdk/anthropic` and `@ai-sdk/openai`
 * Responses providers running their own tool loops. Every request the clients made is then found
 * in the request log under its endpoint, with its status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import {
  fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor,
  type FakeUpstream, type Reply, type SeenRequest, type ServerProcess,
} from '@router/testkit';

const KEY = 'client-key-apis-0123456789';

let upstream: FakeUpstream;
let server: ServerProcess;

/** Every request the clients below sent to the proxy, with the router's request id from the answer. */
const sent: { path: string; status: number; requestId: string }[] = [];
/** `fetch` for the clients: records each proxy request; used by every client with the right key. */
const tracked = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  sent.push({ path: url.pathname, status: response.status, requestId: response.headers.get('x-request-id') ?? '' });
  return response;
};

const anthropic = (apiKey = KEY) => new Anthropic({ baseURL: server.url, apiKey, maxRetries: 0, fetch: tracked as typeof fetch });
const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0, fetch: tracked as typeof fetch });

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** A log row, by the router's request id (written off the request path, so waited for). */
async function logRow(requestId: string): Promise<any> {
  return waitFor(async () => {
    const response = await fetch(`${server.url}/v1/requests/${requestId}`);
    if (response.status !== 200) throw new Error(`no log row yet (${response.status})`);
    return response.json();
  });
}

// ---- what the upstream answers -------------------------------------------------------------

/** A recorded chat answer: the stream (`<name>.chunks.txt`) when the request streams, else the JSON body. */
const recorded = (name: string) => (seen: SeenRequest): Reply =>
  seen.json?.stream === true ? { kind: 'sse', frames: sseFrames(fixtureChunks(name)) } : { kind: 'json', body: fixtureJson(name) };

/** A recorded stream, whatever the request asked for (the fixtures with no JSON twin). */
const recordedStream = (name: string) => (): Reply => ({ kind: 'sse', frames: sseFrames(fixtureChunks(name)) });

const ANSWER = 'It is 18°C and sunny in San Francisco.';
const ANSWER_USAGE = { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 };

/** A scripted text answer in the chat wire format: a stream of chunks when the request streams, else a body. */
const textAnswer = (text = ANSWER) => (seen: SeenRequest): Reply => {
  const base = { id: 'chatcmpl-scripted', created: 1770934200, model: 'gpt-4.1-mini-2025-04-14' };
  if (seen.json?.stream !== true) {
    return { kind: 'json', body: JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: ANSWER_USAGE }) };
  }
  const chunk = (choices: unknown[], usage: unknown = null) => JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, usage });
  const words = text.split(/(?<= )/);
  return {
    kind: 'sse',
    frames: sseFrames([
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
      ...words.map((word) => chunk([{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }])),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      chunk([], ANSWER_USAGE),
    ]),
  };
};

/**
 * Answers a tool loop as a model would: `call` until the conversation holds a tool result (a chat
 * `tool` message), then `answer`. Returns the requests of this loop, in order.
 */
function toolLoop(call: (seen: SeenRequest) => Reply, answer: (seen: SeenRequest) => Reply = textAnswer()): SeenRequest[] {
  const seen: SeenRequest[] = [];
  upstream.onChat((request) => {
    seen.push(request);
    const answered = (request.json?.messages ?? []).some((message: { role: string }) => message.role === 'tool');
    return answered ? answer(request) : call(request);
  });
  return seen;
}

/** Answers every request with `reply`; returns the requests. */
function always(reply: (seen: SeenRequest) => Reply): SeenRequest[] {
  return toolLoop(reply, reply);
}

/** The tool calls a recorded chat answer carries: [id, name, arguments]. */
function recordedCalls(name: string): [string, string, string][] {
  const message = JSON.parse(fixtureJson(name)).choices[0].message;
  return message.tool_calls.map((call: { id: string; function: { name: string; arguments: string } }) => [call.id, call.function.name, call.function.arguments]);
}

/** The text and reasoning a recorded stream assembles to. */
function assembled(name: string): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  for (const line of fixtureChunks(name)) {
    const delta = JSON.parse(line).choices?.[0]?.delta ?? {};
    text += delta.content ?? '';
    reasoning += delta.reasoning_content ?? '';
  }
  return { text, reasoning };
}

const RECORDED_TEXT: string = JSON.parse(fixtureJson('openai-text')).choices[0].message.content;

beforeAll(async () => {
  const dir = tempDir();
  upstream = await startFakeUpstream({ models: ['gpt-4.1-mini'] });
  server = await startServerProcess({ DATABASE_URL: `file:${dir}/router.db`, ROUTER_API_KEYS: KEY }, dir);
  await admin('POST', '/v1/providers', { id: 'chat-only', config: { baseURL: upstream.baseURL, apiKey: 'sk-upstream-canary-0123456789' } });
  await admin('PUT', '/v1/settings/active-provider', { providerId: 'chat-only' });
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

// ---- @anthropic-ai/sdk ----------------------------------------------------------------------

describe('@anthropic-ai/sdk through the server', () => {
  const weather = { name: 'weather', description: 'Weather in a city', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] } };
  const currentTime = { name: 'currentTime', description: 'The time now', input_schema: { type: 'object' as const, properties: {} } };

  it('messages.create: the recorded answer as a Message, sent upstream as chat completions with the provider\'s key', async () => {
    const seen = always(recorded('openai-text'));
    const message = await anthropic().messages.create({ model: 'gpt-4.1-nano', max_tokens: 400, system: 'Be brief.', messages: [{ role: 'user', content: 'Invent a holiday' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'gpt-4.1-nano', stop_reason: 'end_turn', content: [{ type: 'text', text: RECORDED_TEXT }] });
    expect(message.usage).toMatchObject({ input_tokens: 16, output_tokens: 363 });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/v1/chat/completions');
    expect(seen[0].json).toMatchObject({ model: 'gpt-4.1-nano', max_tokens: 400, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Invent a holiday' }] });
    // the client's key (sent as x-api-key) stays with the router; the provider's goes upstream
    expect(seen[0].headers.authorization).toBe('Bearer sk-upstream-canary-0123456789');
    expect(JSON.stringify(seen[0].headers)).not.toContain(KEY);
  });

  it('messages.stream with tools: the recorded parallel calls (one with empty arguments) as tool_use blocks, and the log row assembles them', async () => {
    const seen = always(recordedStream('openai-parallel-tool-calls'));
    const stream = anthropic().messages.stream({ model: 'gpt-4.1-mini', max_tokens: 200, tools: [weather, currentTime], messages: [{ role: 'user', content: 'Weather in two cities, and the time?' }] });
    const starts: [number, string][] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start') starts.push([event.index, event.content_block.type]);
    });
    const final = await stream.finalMessage();
    const uses = final.content.filter((block) => block.type === 'tool_use');
    expect(uses.map((use) => [use.name, use.input])).toEqual([['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}]]);
    expect(starts).toEqual([[0, 'tool_use'], [1, 'tool_use'], [2, 'tool_use']]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 88, output_tokens: 61 });
    expect(seen[0].json).toMatchObject({ stream: true, stream_options: { include_usage: true }, tools: [{ type: 'function', function: { name: 'weather' } }, { type: 'function', function: { name: 'currentTime' } }] });

    const requestId = (await stream.withResponse()).response.headers.get('x-request-id')!;
    const row = await logRow(requestId);
    expect(row).toMatchObject({ endpoint: '/v1/messages', status: 200, outcome: 'success', stream: true, providerId: 'chat-only', model: 'gpt-4.1-mini', finishReason: 'tool_use', promptTokens: 88, completionTokens: 61 });
    expect(row.responseToolCalls.map((call: { name: string; arguments: string }) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}],
    ]);
    expect(row.responseToolCalls.map((call: { id: string }) => call.id)).toEqual(uses.map((use) => use.id));
  });

  it('messages.stream with thinking: the recorded reasoning_content as a thinking block before the text', async () => {
    const seen = always(recordedStream('deepseek-reasoning'));
    const final = await anthropic().messages.stream({ model: 'deepseek-reasoner', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Think first' }] }).finalMessage();
    const expected = assembled('deepseek-reasoning');
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((final.content[0] as Anthropic.ThinkingBlock).thinking).toBe(expected.reasoning);
    expect((final.content[1] as Anthropic.TextBlock).text).toBe(expected.text);
    expect(final.stop_reason).toBe('end_turn');
    expect(seen[0].json.reasoning_effort).toBeDefined();
  });

  it('messages.countTokens answers an estimate without calling the upstream', async () => {
    const seen = always(recorded('openai-text'));
    const counted = await anthropic().messages.countTokens({ model: 'gpt-4.1-mini', system: 'Be brief.', tools: [weather], messages: [{ role: 'user', content: 'x'.repeat(400) }] }).withResponse();
    expect(counted.data.input_tokens).toBeGreaterThanOrEqual(100);
    expect(counted.response.headers.get('x-router-token-count')).toBe('estimate');
    expect(seen).toHaveLength(0);
  });

  it('runs a tool loop: tool_use, then tool_result, then the final text; the upstream gets the call and a tool message with its id', async () => {
    const seen = toolLoop(recorded('dashscope-tool-call'));
    const [[callId, callName, callArguments]] = recordedCalls('dashscope-tool-call');
    const client = anthropic();
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    const first = await client.messages.create({ model: 'qwen3-max', max_tokens: 200, tools: [weather], messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use).toMatchObject({ name: callName, input: JSON.parse(callArguments) });

    const second = await client.messages.create({
      model: 'qwen3-max', max_tokens: 200, tools: [weather],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18°C, sunny' }] }],
    });
    expect(second).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: ANSWER }] });

    expect(seen).toHaveLength(2);
    expect(seen[0].json.messages).toEqual([{ role: 'user', content: 'Weather in San Francisco?' }]);
    const [user, assistant, result] = seen[1].json.messages;
    expect(user).toEqual({ role: 'user', content: 'Weather in San Francisco?' });
    expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ id: use.id, type: 'function', function: { name: callName } }] });
    expect(JSON.parse(assistant.tool_calls[0].function.arguments)).toEqual(JSON.parse(callArguments));
    expect(result).toEqual({ role: 'tool', tool_call_id: use.id, content: '18°C, sunny' });
    expect(seen[1].json.messages).toHaveLength(3);
    expect(use.id).toBe(callId); // the provider's call id carried through both ways
  });

  it('runs the same tool loop streamed, with an error tool_result', async () => {
    const seen = toolLoop(recorded('deepseek-tool-call'));
    const [[, callName, callArguments]] = recordedCalls('deepseek-tool-call');
    const client = anthropic();
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    const first = await client.messages.stream({ model: 'deepseek-chat', max_tokens: 200, tools: [weather], messages: [question] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use).toMatchObject({ name: callName, input: JSON.parse(callArguments) });

    const stream = client.messages.stream({
      model: 'deepseek-chat', max_tokens: 200, tools: [weather],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, is_error: true, content: [{ type: 'text', text: 'weather service down' }] }] }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const second = await stream.finalMessage();
    expect(text).toBe(ANSWER);
    expect(second.stop_reason).toBe('end_turn');
    const tool = seen[1].json.messages.find((message: { role: string }) => message.role === 'tool');
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: use.id });
    expect(JSON.stringify(tool.content)).toContain('weather service down');
  });

  it('gives Anthropic-shaped errors the SDK types: upstream 429 is a RateLimitError, a bad body a BadRequestError', async () => {
    always(() => ({ kind: 'json', status: 429, body: JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }), headers: { 'retry-after': '0' } }));
    const limited = await anthropic().messages.create({ model: 'gpt-4.1-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Rate limit reached') } });

    const bad = await anthropic().messages.create({ model: 'gpt-4.1-mini', max_tokens: 10, messages: [{ role: 'robot' as never, content: 'x' }] }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect((bad as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('takes the client key in x-api-key; a wrong one is an AuthenticationError and reaches no upstream', async () => {
    const seen = always(recorded('openai-text'));
    const request = { model: 'gpt-4.1-mini', max_tokens: 10, messages: [{ role: 'user' as const, content: 'x' }] };
    const { response } = await anthropic().messages.create(request).withResponse();
    expect(response.status).toBe(200);
    expect(seen.at(-1)!.headers['x-api-key']).toBeUndefined();
    const wrong = new Anthropic({ baseURL: server.url, apiKey: 'wrong-key-0123456789', maxRetries: 0 });
    const error = await wrong.messages.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(seen).toHaveLength(1);
  });
});

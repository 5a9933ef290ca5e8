/**
 * Every client API end to end, as a new user would run it: the built server process with client
 * keys and a fresh SQLite file, an OpenAI-compatible provider configured through the REST API (a
 * fake upstream on 127.0.0.1 replaying recorded chat completions byte for byte, and scripted
 * answers for the second turn of tool loops) and one that offers the Responses API itself, and the
 * real clients: `@anthropic-ai/sdk`, `openai` (Responses, embeddings, completions) and the AI SDK's
 * `@ai-sdk/anthropic` and `@ai-sdk/openai` Responses providers running their own tool loops. Every
 * request the clients made is then found in the request log under its endpoint, with its status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { Output, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import {
  fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, startServerProcess, tempDir, waitFor,
  type FakeUpstream, type Reply, type SeenRequest, type ServerProcess,
} from '@router/testkit';
import { e2eDatabase } from '@router/testkit/database';

const KEY = 'client-key-apis-0123456789';

let upstream: FakeUpstream;
/** A provider that offers the Responses API itself (its `apis` setting lists it). */
let native: FakeUpstream;
let server: ServerProcess;

/** Every request the clients below sent to the proxy, with the router's request id from the answer. */
const sent: { path: string; query: string; status: number; requestId: string; xApiKey: string | null; authorization: string | null }[] = [];
/** `fetch` for the clients: records each proxy request; used by every client with the right key. */
const tracked = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
  sent.push({ path: url.pathname, query: url.search, status: response.status, requestId: response.headers.get('x-request-id') ?? '', xApiKey: headers.get('x-api-key'), authorization: headers.get('authorization') });
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

/** The router's request id of the last request the clients sent to `path`. */
function lastRequestId(path: string): string {
  const request = sent.findLast((entry) => entry.path === path);
  if (!request?.requestId) throw new Error(`no request to ${path} yet`);
  return request.requestId;
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
  native = await startFakeUpstream({ models: ['gpt-5-mini'] });
  // keep-alives every 40 ms of upstream silence: the SDKs below must read through them wherever they fall
  server = await startServerProcess({ DATABASE_URL: await e2eDatabase(dir), ROUTER_API_KEYS: KEY, SSE_KEEPALIVE_MS: '40' }, dir);
  await admin('POST', '/v1/providers', { id: 'chat-only', config: { baseURL: upstream.baseURL, apiKey: 'sk-upstream-canary-0123456789' } });
  await admin('PUT', '/v1/settings/active-provider', { providerId: 'chat-only' });
  await admin('POST', '/v1/providers', { id: 'native', config: { baseURL: native.baseURL, apis: 'responses' } });
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
  await native?.close();
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
    const row = await logRow(lastRequestId('/v1/messages'));
    expect(row).toMatchObject({ endpoint: '/v1/messages', status: 200, stream: true, responseReasoning: expected.reasoning, responseBody: expected.text, finishReason: 'end_turn', promptTokens: 18, completionTokens: 219 });
  });

  it('keeps a slow stream alive with Anthropic ping events, which the SDK reads through', async () => {
    always(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-tool-call')), delayMs: 120 }));
    const raw = await tracked(`${server.url}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gpt-4.1-mini', max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await raw.text();
    expect(text).toContain('event: ping\ndata: {"type":"ping"}\n\n');
    expect(text).not.toContain(': keep-alive');
    const final = await anthropic().messages.stream({ model: 'gpt-4.1-mini', max_tokens: 200, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'weather', input: { location: 'San Francisco' } })]);
  });

  it('beta.messages.stream on /v1/messages?beta=true, where Claude Code sends it', async () => {
    const seen = always(recordedStream('openai-text'));
    const final = await anthropic().beta.messages.stream({ model: 'gpt-4.1-nano', max_tokens: 400, betas: ['interleaved-thinking-2025-05-14'], messages: [{ role: 'user', content: 'Invent a holiday' }] }, { query: { beta: 'true' } }).finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: assembled('openai-text').text })]);
    expect(sent.at(-1)).toMatchObject({ path: '/v1/messages', query: '?beta=true', status: 200 });
    expect(seen[0].url).toBe('/v1/chat/completions');
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

  it('a stream the upstream breaks off ends with an Anthropic error event, and its log row says stream_error', async () => {
    const cases: [string, Reply, string][] = [
      ['an error event', { kind: 'sse', frames: sseFrames(fixtureChunks('openai-error-mid-stream'), false) }, 'The server had an error'],
      ['a reset connection', { kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')), resetAfter: 3, delayMs: 10 }, ''],
    ];
    for (const [what, reply, message] of cases) {
      always(() => reply);
      const stream = anthropic().messages.stream({ model: 'gpt-4.1-mini', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const error = await stream.finalMessage().catch((caught: unknown) => caught);
      expect(error, what).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).error, what).toMatchObject({ type: 'error', error: { type: expect.stringMatching(/^(api|overloaded)_error$/), message: expect.stringContaining(message) } });
      expect(text.length, what).toBeGreaterThan(0); // what came before the break
      const row = await logRow(lastRequestId('/v1/messages'));
      expect(row, what).toMatchObject({ endpoint: '/v1/messages', status: 200, stream: true, outcome: 'stream_error' });
      expect(row.attempts, what).toEqual([expect.objectContaining({ providerId: 'chat-only', outcome: 'stream_error' })]);
    }
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

  it('takes the client key as this SDK sends its apiKey (a bearer token) and in x-api-key (as Claude Code sends it); a wrong one is an AuthenticationError and reaches no upstream', async () => {
    const seen = always(recorded('openai-text'));
    const request = { model: 'gpt-4.1-mini', max_tokens: 10, messages: [{ role: 'user' as const, content: 'x' }] };
    await anthropic().messages.create(request);
    expect(sent.at(-1)).toMatchObject({ path: '/v1/messages', status: 200, authorization: `Bearer ${KEY}`, xApiKey: null });
    const withHeader = (key: string) => new Anthropic({ baseURL: server.url, apiKey: null, defaultHeaders: { 'x-api-key': key }, maxRetries: 0, fetch: tracked as typeof fetch });
    await withHeader(KEY).messages.create(request);
    expect(sent.at(-1)).toMatchObject({ path: '/v1/messages', status: 200, authorization: null, xApiKey: KEY });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.headers['x-api-key']).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(KEY);
    }

    const untracked = (client: Anthropic) => client.withOptions({ fetch });
    for (const wrong of [untracked(anthropic('wrong-key-0123456789')), untracked(withHeader('wrong-key-0123456789'))]) {
      const error = await wrong.messages.create(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    expect(seen).toHaveLength(2);
  });
});

// ---- openai: Responses, embeddings, completions ---------------------------------------------

describe('openai through the server', () => {
  const weather: OpenAI.Responses.FunctionTool = { type: 'function', name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false };
  const currentTime: OpenAI.Responses.FunctionTool = { type: 'function', name: 'currentTime', description: 'The time now', parameters: { type: 'object', properties: {} }, strict: false };
  const calls = (response: OpenAI.Responses.Response) => response.output.filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');

  it('responses.create: the recorded answer as a Response, instructions sent as the system message', async () => {
    const seen = always(recorded('openai-text'));
    const response = await openai().responses.create({ model: 'gpt-4.1-nano', instructions: 'Be brief.', input: 'Invent a holiday', max_output_tokens: 400 });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4.1-nano' });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toBe(RECORDED_TEXT);
    expect(response.usage).toMatchObject({ input_tokens: 16, output_tokens: 363, total_tokens: 379 });
    expect(seen[0].url).toBe('/v1/chat/completions');
    expect(seen[0].json).toMatchObject({ model: 'gpt-4.1-nano', max_tokens: 400, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Invent a holiday' }] });
  });

  it('responses.stream with function tools: the recorded parallel calls as function_call items, the typed events in order, and the log row assembles them', async () => {
    const seen = always(recordedStream('openai-parallel-tool-calls'));
    const runner = openai().responses.stream({ model: 'gpt-4.1-mini', input: 'Weather in two cities, and the time?', tools: [weather, currentTime] });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    runner.on('event', (event) => events.push(event));
    const final = await runner.finalResponse();
    expect(calls(final).map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}]]);
    expect(final.usage).toMatchObject({ input_tokens: 88, output_tokens: 61 });
    expect(events[0].type).toBe('response.created');
    expect(events[1].type).toBe('response.in_progress');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.filter((event) => event.type === 'response.function_call_arguments.done').map((event) => (event as { arguments: string }).arguments)).toEqual(calls(final).map((call) => call.arguments));
    expect(seen[0].json).toMatchObject({ stream: true, tools: [{ type: 'function', function: { name: 'weather' } }, { type: 'function', function: { name: 'currentTime' } }] });

    const row = await logRow(lastRequestId('/v1/responses'));
    expect(row).toMatchObject({ endpoint: '/v1/responses', status: 200, outcome: 'success', stream: true, providerId: 'chat-only', model: 'gpt-4.1-mini', promptTokens: 88, completionTokens: 61 });
    expect(row.responseToolCalls.map((call: { name: string; arguments: string }) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}],
    ]);
  });

  it('responses.stream with text: the deltas add up to the recorded text, and the log row keeps it', async () => {
    always(recordedStream('openai-text'));
    const runner = openai().responses.stream({ model: 'gpt-4.1-nano', input: 'Invent a holiday' });
    let text = '';
    runner.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await runner.finalResponse();
    expect(text).toBe(assembled('openai-text').text);
    expect(final.output_text).toBe(text);
    const row = await logRow(lastRequestId('/v1/responses'));
    expect(row).toMatchObject({ endpoint: '/v1/responses', status: 200, stream: true, responseBody: text, promptTokens: 16, completionTokens: 300 });
  });

  it('keeps a slow stream alive with SSE comments, which the SDK reads through', async () => {
    always(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('dashscope-tool-call')), delayMs: 120 }));
    const raw = await tracked(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ model: 'gpt-4.1-mini', stream: true, input: 'x' }) });
    expect(await raw.text()).toContain('\n\n: keep-alive\n\n');
    const final = await openai().responses.stream({ model: 'gpt-4.1-mini', input: 'x' }).finalResponse();
    expect(final.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'weather', arguments: '{"location": "San Francisco"}' })]);
  });

  it('responses.stream with reasoning: reasoning_content as a reasoning item\'s summary before the text, and the log row keeps both', async () => {
    const seen = always(recordedStream('deepseek-reasoning'));
    const runner = openai().responses.stream({ model: 'deepseek-reasoner', input: 'Think first', reasoning: { effort: 'high' } });
    let summary = '';
    runner.on('response.reasoning_summary_text.delta', (event) => (summary += event.delta));
    const final = await runner.finalResponse();
    const expected = assembled('deepseek-reasoning');
    expect(summary).toBe(expected.reasoning);
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect((final.output[0] as OpenAI.Responses.ResponseReasoningItem).summary).toEqual([{ type: 'summary_text', text: expected.reasoning }]);
    expect(final.output_text).toBe(expected.text);
    expect(final.usage?.output_tokens_details?.reasoning_tokens).toBe(205);
    expect(seen[0].json.reasoning_effort).toBe('high');
    const row = await logRow(lastRequestId('/v1/responses'));
    expect(row).toMatchObject({ endpoint: '/v1/responses', status: 200, stream: true, outcome: 'success', responseReasoning: expected.reasoning, responseBody: expected.text, promptTokens: 18, completionTokens: 219 });
  });

  it('a stream the upstream breaks off ends with response.failed, and its log row says stream_error', async () => {
    const cases: [string, Reply, string][] = [
      ['an error event', { kind: 'sse', frames: sseFrames(fixtureChunks('openai-error-mid-stream'), false) }, 'The server had an error while processing your request'],
      ['a reset connection', { kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')), resetAfter: 3, delayMs: 10 }, ''],
    ];
    for (const [what, reply, message] of cases) {
      always(() => reply);
      const final = await openai().responses.stream({ model: 'gpt-4.1-mini', input: 'x' }).finalResponse();
      expect(final.status, what).toBe('failed');
      expect(final.error, what).toMatchObject({ code: 'server_error', message: expect.stringContaining(message) });
      expect(final.output_text.length, what).toBeGreaterThan(0); // what came before the break
      const row = await logRow(lastRequestId('/v1/responses'));
      expect(row, what).toMatchObject({ endpoint: '/v1/responses', status: 200, stream: true, outcome: 'stream_error', errorMessage: expect.stringContaining(message) });
      expect(row.attempts, what).toEqual([expect.objectContaining({ providerId: 'chat-only', outcome: 'stream_error' })]);
    }
  });

  it('a two-turn tool conversation through previous_response_id: the second turn carries the first turn\'s call and the output as a tool message', async () => {
    const seen = toolLoop(recorded('dashscope-tool-call'));
    const [[, callName, callArguments]] = recordedCalls('dashscope-tool-call');
    const client = openai();
    const first = await client.responses.create({ model: 'qwen3-max', input: 'Weather in San Francisco?', tools: [weather] });
    const [call] = calls(first);
    expect(call).toMatchObject({ name: callName, status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual(JSON.parse(callArguments));

    const second = await client.responses.create({ model: 'qwen3-max', previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: '18°C, sunny' }], tools: [weather] });
    expect(second.output_text).toBe(ANSWER);
    expect(second.previous_response_id).toBe(first.id);
    expect(seen).toHaveLength(2);
    const [user, assistant, result] = seen[1].json.messages;
    expect(user).toEqual({ role: 'user', content: 'Weather in San Francisco?' });
    expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.call_id, type: 'function', function: { name: callName } }] });
    expect(JSON.parse(assistant.tool_calls[0].function.arguments)).toEqual(JSON.parse(callArguments));
    expect(result).toEqual({ role: 'tool', tool_call_id: call.call_id, content: '18°C, sunny' });
    expect(seen[1].json.messages).toHaveLength(3);

    const unknown = await client.responses.create({ model: 'qwen3-max', previous_response_id: 'resp_never_made', input: 'x' }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unknown as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ param: 'previous_response_id' });
  });

  it('the same conversation with the full input (store: false): function_call and function_call_output items, the first turn streamed', async () => {
    const seen = toolLoop(recorded('deepseek-tool-call'));
    const [[, callName, callArguments]] = recordedCalls('deepseek-tool-call');
    const client = openai();
    const question = { role: 'user' as const, content: 'Weather in San Francisco?' };
    const first = await client.responses.stream({ model: 'deepseek-chat', input: [question], tools: [weather], store: false }).finalResponse();
    const [call] = calls(first);
    expect(call.name).toBe(callName);
    expect(JSON.parse(call.arguments)).toEqual(JSON.parse(callArguments));

    const second = await client.responses.create({
      model: 'deepseek-chat', store: false, tools: [weather],
      input: [question, { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments }, { type: 'function_call_output', call_id: call.call_id, output: '18°C, sunny' }],
    });
    expect(second.output_text).toBe(ANSWER);
    expect(seen[1].json.messages).toEqual([
      { role: 'user', content: 'Weather in San Francisco?' },
      expect.objectContaining({ role: 'assistant', tool_calls: [expect.objectContaining({ id: call.call_id, function: { name: callName, arguments: call.arguments } })] }),
      { role: 'tool', tool_call_id: call.call_id, content: '18°C, sunny' },
    ]);
  });

  it('a provider that offers the Responses API gets the request as it is, and a previous_response_id of its own', async () => {
    let turn = 0;
    native.onChat(() => {
      turn++;
      const output = [{ type: 'message', id: `msg_up${turn}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: `native answer ${turn}`, annotations: [] }] }];
      return { kind: 'json', body: JSON.stringify({ id: `resp_up${turn}`, object: 'response', created_at: 1770934400, status: 'completed', model: 'gpt-5-mini-2025-08-07', output, usage: { input_tokens: 9, output_tokens: 3, total_tokens: 12 } }) };
    });
    const before = native.requests.length;
    const client = openai();
    const first = await client.responses.create({ model: 'native/gpt-5-mini', input: 'Invent a holiday', reasoning: { effort: 'low' } });
    expect(first).toMatchObject({ id: 'resp_up1', output_text: 'native answer 1' });
    const second = await client.responses.create({ model: 'native/gpt-5-mini', previous_response_id: first.id, input: 'Another one' });
    expect(second.output_text).toBe('native answer 2');
    const seen = native.requests.slice(before);
    expect(seen.map((request) => request.url)).toEqual(['/v1/responses', '/v1/responses']);
    expect(seen[0].json).toEqual({ model: 'gpt-5-mini', input: 'Invent a holiday', reasoning: { effort: 'low' } });
    expect(seen[1].json).toEqual({ model: 'gpt-5-mini', previous_response_id: 'resp_up1', input: 'Another one' });
  });

  it('embeddings.create passes through to the provider\'s /v1/embeddings', async () => {
    const vector = [0.0023, -0.0091, 0.0154, -0.0047];
    const body = JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: vector }, { object: 'embedding', index: 1, embedding: vector.map((value) => -value) }], model: 'text-embedding-3-small', usage: { prompt_tokens: 6, total_tokens: 6 } });
    const seen = always(() => ({ kind: 'json', body }));
    const { data: result, response } = await openai().embeddings.create({ model: 'text-embedding-3-small', input: ['hello there', 'general kenobi'], encoding_format: 'float' }).withResponse();
    expect(result.data.map((item) => item.embedding)).toEqual([vector, vector.map((value) => -value)]);
    expect(seen[0].url).toBe('/v1/embeddings');
    expect(seen[0].json).toEqual({ model: 'text-embedding-3-small', input: ['hello there', 'general kenobi'], encoding_format: 'float' });
    expect(await logRow(response.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/embeddings', status: 200, promptTokens: 6 });
  });

  it('embeddings.create as the SDK sends it by default (base64, decoded by the SDK) and with dimensions: passed through, the log keeps each vector\'s size', async () => {
    const vectors = [[0.5, -0.25, 0.125], [1, 2, -3]];
    const base64 = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64');
    const seen = always((request) => {
      const wanted = request.json?.dimensions ?? 3;
      const data = vectors.map((vector, index) => {
        const cut = vector.slice(0, wanted);
        return { object: 'embedding', index, embedding: request.json?.encoding_format === 'base64' ? base64(cut) : cut };
      });
      return { kind: 'json', body: JSON.stringify({ object: 'list', data, model: 'text-embedding-3-small', usage: { prompt_tokens: 4, total_tokens: 4 } }) };
    });
    const { data: result, response } = await openai().embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] }).withResponse();
    expect(seen[0].json).toEqual({ model: 'text-embedding-3-small', input: ['one', 'two'], encoding_format: 'base64' });
    expect(result.data.map((item) => item.embedding)).toEqual(vectors);
    const row = await logRow(response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/embeddings', status: 200, promptTokens: 4 });
    expect(JSON.parse(row.responseBody).data).toEqual([{ object: 'embedding', index: 0, dimensions: 3, encoding: 'base64' }, { object: 'embedding', index: 1, dimensions: 3, encoding: 'base64' }]);

    const cut = await openai().embeddings.create({ model: 'text-embedding-3-small', input: 'one', dimensions: 2, encoding_format: 'base64' });
    expect(seen[1].json).toEqual({ model: 'text-embedding-3-small', input: 'one', dimensions: 2, encoding_format: 'base64' });
    // asked for base64 itself, the caller gets the strings as they came
    expect(cut.data.map((item) => item.embedding)).toEqual(vectors.map((vector) => base64(vector.slice(0, 2))));
  });

  it('responses.stream over two turns through previous_response_id, both streamed: the second turn sends the first turn\'s call and the output', async () => {
    const seen = toolLoop(recorded('deepseek-tool-call'));
    const [[, callName, callArguments]] = recordedCalls('deepseek-tool-call');
    const client = openai();
    const first = await client.responses.stream({ model: 'deepseek-chat', input: 'Weather in San Francisco?', tools: [weather] }).finalResponse();
    const [call] = calls(first);
    expect(call.name).toBe(callName);
    const stream = client.responses.stream({ model: 'deepseek-chat', previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: '18°C, sunny' }], tools: [weather] });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    const second = await stream.finalResponse();
    expect(text).toBe(ANSWER);
    expect(second).toMatchObject({ status: 'completed', previous_response_id: first.id, output_text: ANSWER });
    expect(seen.map((request) => request.json.stream)).toEqual([true, true]);
    expect(seen[1].json.messages).toEqual([
      { role: 'user', content: 'Weather in San Francisco?' },
      expect.objectContaining({ role: 'assistant', tool_calls: [expect.objectContaining({ id: call.call_id, function: { name: callName, arguments: callArguments } })] }),
      { role: 'tool', tool_call_id: call.call_id, content: '18°C, sunny' },
    ]);
  });

  it('completions.create passes through to the provider\'s /v1/completions, streamed and not', async () => {
    const base = { id: 'cmpl-8x1', created: 1770934300, model: 'gpt-3.5-turbo-instruct' };
    const seen = always((request) => {
      if (request.json?.stream !== true) {
        return { kind: 'json', body: JSON.stringify({ ...base, object: 'text_completion', choices: [{ text: ' is a city in California.', index: 0, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 7, total_tokens: 10 } }) };
      }
      const chunk = (text: string, finish: string | null) => JSON.stringify({ ...base, object: 'text_completion', choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] });
      return { kind: 'sse', frames: sseFrames([chunk(' is', null), chunk(' a city', null), chunk(' in California.', null), chunk('', 'stop')]) };
    });
    const completion = await openai().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'San Francisco', max_tokens: 16 });
    expect(completion.choices[0].text).toBe(' is a city in California.');
    expect(seen[0].url).toBe('/v1/completions');
    expect(seen[0].json).toEqual({ model: 'gpt-3.5-turbo-instruct', prompt: 'San Francisco', max_tokens: 16 });

    const stream = await openai().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'San Francisco', max_tokens: 16, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(' is a city in California.');
    expect(seen[1]).toMatchObject({ url: '/v1/completions', json: { stream: true } });
  });
});

// ---- the AI SDK's providers, running their own tool loops ------------------------------------

describe('AI SDK providers pointed at the server', () => {
  // the warnings the SDK would print are asserted on below instead
  beforeAll(() => void ((globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false));
  afterAll(() => void delete (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS);

  /** A weather tool whose every execution is kept. */
  function weatherTool() {
    const runs: { location: string }[] = [];
    const weather = tool({
      description: 'Weather in a city',
      inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false }),
      execute: async (input) => {
        runs.push(input);
        return { location: input.location, temperature: 18, sky: 'sunny' };
      },
    });
    return { weather, runs };
  }
  const aiAnthropic = () => createAnthropic({ baseURL: `${server.url}/v1`, apiKey: KEY, fetch: tracked as typeof fetch });
  const aiOpenAI = () => createOpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, fetch: tracked as typeof fetch });

  /** The second upstream turn holds the recorded call and the tool's result under the call's id. */
  function expectToolTurn(seen: SeenRequest[], fixture: string) {
    expect(seen).toHaveLength(2);
    const [[, callName, callArguments]] = recordedCalls(fixture);
    const messages = seen[1].json.messages as any[];
    const assistant = messages.find((message) => message.role === 'assistant');
    expect(assistant.tool_calls).toHaveLength(1);
    expect(assistant.tool_calls[0].function.name).toBe(callName);
    expect(JSON.parse(assistant.tool_calls[0].function.arguments)).toEqual(JSON.parse(callArguments));
    const results = messages.filter((message) => message.role === 'tool');
    expect(results).toHaveLength(1);
    expect(results[0].tool_call_id).toBe(assistant.tool_calls[0].id);
    expect(JSON.parse(typeof results[0].content === 'string' ? results[0].content : results[0].content.map((part: { text: string }) => part.text).join(''))).toEqual({ location: 'San Francisco', temperature: 18, sky: 'sunny' });
    expect(messages.at(-1)).toBe(results[0]);
  }

  it('@ai-sdk/anthropic generateText runs the tool loop over /v1/messages', async () => {
    const seen = toolLoop(recorded('xai-tool-call'));
    const { weather, runs } = weatherTool();
    const result = await generateText({ model: aiAnthropic()('claude-sonnet-4-5'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3) });
    expect(runs).toEqual([JSON.parse(recordedCalls('xai-tool-call')[0][2])]);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0].finishReason).toBe('tool-calls');
    expect(result.text).toBe(ANSWER);
    expect(result.finishReason).toBe('stop');
    expect(result.totalUsage.inputTokens).toBe(307 + ANSWER_USAGE.prompt_tokens);
    expectToolTurn(seen, 'xai-tool-call');
    expect(sent.at(-1)!.path).toBe('/v1/messages');
  });

  it('@ai-sdk/anthropic streamText with thinking runs the tool loop over streamed /v1/messages, the recorded reasoning as its reasoning', async () => {
    const seen = toolLoop(recorded('deepseek-tool-call'));
    const { weather, runs } = weatherTool();
    const errors: unknown[] = [];
    const result = streamText({
      model: aiAnthropic()('claude-sonnet-4-5'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3),
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } }, onError: ({ error }) => void errors.push(error),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(errors).toEqual([]);
    expect(runs).toEqual([{ location: 'San Francisco' }]);
    expect(text).toBe(ANSWER);
    expect(await result.finishReason).toBe('stop');
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].reasoningText).toBe(assembled('deepseek-tool-call').reasoning);
    // A thinking block translated from a chat stream has no signature, so the AI SDK leaves it out of the next turn (and says so).
    expect(steps[1].warnings).toEqual([expect.objectContaining({ message: 'unsupported reasoning metadata' })]);
    expect(seen.every((request) => request.json.stream === true && request.json.reasoning_effort !== undefined)).toBe(true);
    expectToolTurn(seen, 'deepseek-tool-call');
    // the recorded usage, cache reads included, read from message_start and message_delta
    expect(steps[0].usage).toMatchObject({ inputTokens: 339, inputTokenDetails: { cacheReadTokens: 320 }, outputTokens: 83 });
    expect((await result.totalUsage).inputTokens).toBe(339 + ANSWER_USAGE.prompt_tokens);
  });

  it('structured output from both providers: the schema reaches the upstream as a json_schema response_format', async () => {
    const schema = jsonSchema<{ name: string; month: number }>({ type: 'object', properties: { name: { type: 'string' }, month: { type: 'number' } }, required: ['name', 'month'], additionalProperties: false });
    const seen = always(textAnswer('{"name":"Galaxy Day","month":10}'));
    for (const model of [aiAnthropic()('claude-sonnet-4-5'), aiOpenAI().responses('gpt-4.1-mini')]) {
      const result = await generateText({ model, prompt: 'Invent a holiday', output: Output.object({ schema }) });
      expect(result.output, model.provider).toEqual({ name: 'Galaxy Day', month: 10 });
      expect(seen.at(-1)!.json.response_format, model.provider).toMatchObject({ type: 'json_schema', json_schema: { schema: { properties: { name: { type: 'string' }, month: { type: 'number' } }, required: ['name', 'month'] } } });
    }
    expect(sent.slice(-2).map((request) => request.path)).toEqual(['/v1/messages', '/v1/responses']);
  });

  it('@ai-sdk/openai Responses generateText runs the tool loop over /v1/responses', async () => {
    const seen = toolLoop(recorded('dashscope-tool-call'));
    const { weather, runs } = weatherTool();
    const result = await generateText({ model: aiOpenAI().responses('gpt-4.1-mini'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3) });
    expect(runs).toEqual([{ location: 'San Francisco' }]);
    expect(result.steps).toHaveLength(2);
    expect(result.text).toBe(ANSWER);
    expect(result.finishReason).toBe('stop');
    expect(result.totalUsage.inputTokens).toBe(295 + ANSWER_USAGE.prompt_tokens);
    expectToolTurn(seen, 'dashscope-tool-call');
    expect(sent.at(-1)!.path).toBe('/v1/responses');
  });

  it('@ai-sdk/openai Responses streamText runs the tool loop over streamed /v1/responses', async () => {
    const seen = toolLoop(recorded('dashscope-tool-call'));
    const { weather, runs } = weatherTool();
    const errors: unknown[] = [];
    const result = streamText({ model: aiOpenAI().responses('gpt-4.1-mini'), prompt: 'Weather in San Francisco?', tools: { weather }, stopWhen: stepCountIs(3), onError: ({ error }) => void errors.push(error) });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(errors).toEqual([]);
    expect(runs).toEqual([{ location: 'San Francisco' }]);
    expect(text).toBe(ANSWER);
    expect(await result.finishReason).toBe('stop');
    expect(await result.steps).toHaveLength(2);
    expect(seen.every((request) => request.json.stream === true)).toBe(true);
    expect(await result.totalUsage).toMatchObject({ inputTokens: 295 + ANSWER_USAGE.prompt_tokens, outputTokens: 22 + ANSWER_USAGE.completion_tokens });
    expectToolTurn(seen, 'dashscope-tool-call');
  });

  it('@ai-sdk/openai Responses streamText with text beside the calls: the stored text comes back as an item_reference the server resolves', async () => {
    const seen = toolLoop(recordedStream('openai-interleaved-tool-calls'));
    const { weather, runs } = weatherTool();
    const issues: unknown[] = [];
    const listIssues = tool({ description: 'Open issues', inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }), execute: async (input) => (issues.push(input), ['#1']) });
    const errors: unknown[] = [];
    const result = streamText({ model: aiOpenAI().responses('gpt-4.1-mini'), prompt: 'Weather in Paris, and my issues?', tools: { weather, listIssues }, stopWhen: stepCountIs(3), onError: ({ error }) => void errors.push(error) });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(errors).toEqual([]);
    expect(runs).toEqual([{ location: 'Paris' }]);
    expect(issues).toEqual([{}]);
    expect(text).toBe(`Checking both. Done.${ANSWER}`);
    expect(seen).toHaveLength(2);
    expect(seen[1].json.messages).toEqual([
      { role: 'user', content: 'Weather in Paris, and my issues?' },
      { role: 'assistant', content: 'Checking both. Done.', tool_calls: [
        expect.objectContaining({ function: { name: 'weather', arguments: '{"location":"Paris"}' } }),
        expect.objectContaining({ function: { name: 'listIssues', arguments: '{}' } }),
      ] },
      expect.objectContaining({ role: 'tool', content: JSON.stringify({ location: 'Paris', temperature: 18, sky: 'sunny' }) }),
      expect.objectContaining({ role: 'tool', content: '["#1"]' }),
    ]);
  });
});

// ---- the request log --------------------------------------------------------------------------

describe('the request log', () => {
  it('has one row per request the clients sent, under its endpoint and with its status', async () => {
    const proxied = sent.filter((entry) => entry.path !== '/v1/models');
    expect(proxied.length).toBeGreaterThan(20);
    const rows = await waitFor(async () => {
      const list = (await (await fetch(`${server.url}/v1/requests?limit=500`)).json()) as { total: number; data: { id: string; endpoint: string; status: number }[] };
      const written = new Set(list.data.map((row) => row.id));
      const missing = proxied.filter((request) => !written.has(request.requestId));
      if (missing.length > 0) throw new Error(`${missing.length} of ${proxied.length} rows not written yet`);
      return list.data;
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const request of proxied) {
      expect(byId.get(request.requestId), `${request.path} ${request.requestId}`).toMatchObject({ endpoint: request.path, status: request.status });
    }
    expect(rows).toHaveLength(proxied.length);
    expect(new Set(rows.map((row) => row.endpoint))).toEqual(new Set(['/v1/messages', '/v1/messages/count_tokens', '/v1/responses', '/v1/embeddings', '/v1/completions']));
  });
});

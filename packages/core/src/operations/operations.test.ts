/**
 * Every API through the engine, read by the real SDKs: `@anthropic-ai/sdk` (Messages, token
 * counting) and `openai` (Responses, embeddings, completions) call `router.handle`, which routes
 * to a real HTTP server on 127.0.0.1 replaying recorded chat completions byte for byte.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createOpenAI } from '@ai-sdk/openai';
import { jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { anthropicSseFrames, fixtureChunks, fixtureJson, fixtureThinkingBlocks, sseFrames, startFakeUpstream, type FakeUpstream, type Reply } from '@router/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router, type RouterOptions } from '../engine/create-router.js';
import { createStaticConfigSource } from '../engine/static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import { summarizeResponse } from '../sse/summarize-response.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { createResponseMemory } from './responses.js';

let upstream: FakeUpstream;
let router: Router;
let logs: RequestLogRecord[];
let reply: (seen: { url: string; json: any }) => Reply;

function makeRouter(providers: { id: string; type?: string; config: Record<string, unknown> }[], settings: Record<string, string> = {}, options: Partial<RouterOptions> = {}): Router {
  return createRouter({
    config: createStaticConfigSource({
      providers: providers.map((provider, index) => ({ id: provider.id, type: provider.type ?? 'openai-compatible', config: provider.config, priority: index })),
      activeProviderId: providers[0]?.id,
      settings,
    }),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
    keepAliveMs: 0,
    ...options,
  });
}

beforeEach(async () => {
  logs = [];
  reply = () => ({ kind: 'json', body: fixtureJson('openai-text') });
  upstream = await startFakeUpstream({ chat: (seen) => reply(seen) });
  router = makeRouter([{ id: 'chat-only', config: { baseURL: upstream.baseURL } }]);
});

afterEach(async () => {
  await upstream.close();
});

const viaRouter = (url: string | URL | Request, init?: RequestInit) => router.handle(new Request(url as string, init));
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-client', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: viaRouter as typeof fetch });
const openai = () => new OpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: viaRouter as typeof fetch });
const stream = (name: string): Reply => ({ kind: 'sse', frames: sseFrames(fixtureChunks(name)) });

describe('Anthropic Messages over a chat completions provider', () => {
  it('answers messages.create with the translated Message, and sent chat upstream', async () => {
    const message = await anthropic().messages.create({ model: 'gpt-4.1-nano', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Invent a holiday' }] });
    expect(message.type).toBe('message');
    expect(message.content[0].type).toBe('text');
    expect((message.content[0] as { text: string }).text).toContain('Galaxy Day');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(upstream.requests[0].url).toBe('/v1/chat/completions');
    expect(upstream.requests[0].json.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(upstream.requests[0].json.max_tokens).toBe(100);
    const [row] = logs;
    expect(row).toMatchObject({ endpoint: '/v1/messages', status: 200, outcome: 'success', model: 'gpt-4.1-nano' });
    expect(row.attempts[0].api).toBe('chat');
    expect(summarizeResponse(row.response)?.text).toContain('Galaxy Day');
  });

  it('streams parallel tool calls as tool_use blocks the SDK assembles, with stop_reason tool_use', async () => {
    reply = () => stream('openai-parallel-tool-calls');
    const tools = [{ name: 'weather', description: 'Weather in a city', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } } }];
    const final = await anthropic().messages.stream({ model: 'gpt-4.1-mini', max_tokens: 200, tools, messages: [{ role: 'user', content: 'Weather in two cities?' }] }).finalMessage();
    const uses = final.content.filter((block) => block.type === 'tool_use');
    // two weather calls and one with empty arguments, as recorded
    expect(uses.map((use) => [use.name, use.input])).toEqual([['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}]]);
    expect(final.stop_reason).toBe('tool_use');
    expect(upstream.requests[0].json.tools[0]).toMatchObject({ type: 'function', function: { name: 'weather' } });
    expect(upstream.requests[0].json.stream_options).toEqual({ include_usage: true });
    const summary = summarizeResponse(logs[0].response)!;
    expect(summary.toolCalls.length).toBe(uses.length);
    expect(summary.finishReason).toBe('tool_use');
    expect(summary.usage?.completionTokens).toBeGreaterThan(0);
  });

  it('turns reasoning_content into a thinking block', async () => {
    reply = () => stream('deepseek-reasoning');
    const final = await anthropic().messages.stream({ model: 'deepseek-reasoner', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think' }] }).finalMessage();
    expect(final.content[0].type).toBe('thinking');
    expect(final.content.some((block) => block.type === 'text')).toBe(true);
    expect(upstream.requests[0].json.reasoning_effort).toBe('low');
    expect(summarizeResponse(logs[0].response)?.reasoning?.length).toBeGreaterThan(0);
  });

  it('counts tokens with an estimate when the provider cannot, and says so', async () => {
    const response = await anthropic().messages.countTokens({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'x'.repeat(400) }] }).asResponse();
    expect(response.headers.get('x-router-token-count')).toBe('estimate');
    const counted = (await response.json()) as { input_tokens: number };
    expect(counted.input_tokens).toBeGreaterThanOrEqual(100);
    expect(counted.input_tokens).toBeLessThan(120);
    expect(upstream.requests).toHaveLength(0);
    expect(logs[0]).toMatchObject({ endpoint: '/v1/messages/count_tokens', status: 200 });
    expect(logs[0].attempts[0].outcome).toBe('local');
  });

  it('gives Anthropic-shaped errors the SDK types: 400 for a bad body, 429 and 529 from the upstream', async () => {
    await expect(anthropic().messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'robot' as never, content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    reply = () => ({ kind: 'json', status: 429, body: JSON.stringify({ error: { message: 'slow down', type: 'rate_limit', code: 'rate_limit_exceeded' } }), headers: { 'retry-after': '0' } });
    const limited = await anthropic().messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    reply = () => ({ kind: 'json', status: 503, body: JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }) });
    const overloaded = await anthropic().messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(overloaded.status).toBe(529);
    expect(overloaded.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('ends a stream that fails midway with an Anthropic error event', async () => {
    reply = () => ({ kind: 'sse', frames: sseFrames(fixtureChunks('openai-error-mid-stream'), false) });
    const result = await anthropic().messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage().catch((error) => error);
    expect(result).toBeInstanceOf(Error);
    expect(logs[0].outcome).toBe('stream_error');
  });
});

describe('OpenAI Responses over a chat completions provider', () => {
  const tools = [{ type: 'function' as const, name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false }];

  it('answers responses.create, then a second turn through previous_response_id', async () => {
    const first = await openai().responses.create({ model: 'gpt-4.1-nano', instructions: 'Be brief.', input: 'Invent a holiday' });
    expect(first.output_text).toContain('Galaxy Day');
    expect(first.id).toMatch(/^resp_/);
    const second = await openai().responses.create({ model: 'gpt-4.1-nano', previous_response_id: first.id, input: 'Another one' });
    expect(second.output_text.length).toBeGreaterThan(0);
    const sent = upstream.requests[1].json.messages;
    // the second turn carries the first: instructions are not inherited (as OpenAI does), input and output are
    expect(sent.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[1].content).toContain('Galaxy Day');
    expect(logs.map((row) => row.endpoint)).toEqual(['/v1/responses', '/v1/responses']);
    const unknown = await openai().responses.create({ model: 'gpt-4.1-nano', previous_response_id: 'resp_unknown', input: 'x' }).catch((error) => error);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unknown.error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
  });

  it('keeps each produced response with its log record (whole and streamed), and a memory loaded from them serves the next turn', async () => {
    const first = await openai().responses.create({ model: 'gpt-4.1-nano', input: 'Invent a holiday' });
    reply = () => stream('openai-text');
    const streamed = await openai().responses.stream({ model: 'gpt-4.1-nano', previous_response_id: first.id, input: 'Another one' }).finalResponse();
    reply = () => ({ kind: 'json', body: fixtureJson('openai-text') });
    await openai().responses.create({ model: 'gpt-4.1-nano', input: 'Not kept', store: false });
    await router.handle(new Request('http://127.0.0.1:9/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) }));
    expect(logs.map((row) => row.responseState?.id)).toEqual([first.id, streamed.id, undefined, undefined]);
    expect(logs[0].responseState).toEqual({ id: first.id, input: [{ type: 'message', role: 'user', content: 'Invent a holiday' }], output: first.output });
    expect(logs[1].responseState?.input).toHaveLength(3);
    expect(logs[1].responseState?.output.map((item) => (item as { id: string }).id)).toEqual(streamed.output.map((item) => item.id));
    // a router started afresh with a memory filled from the records continues the conversation
    const memory = createResponseMemory();
    for (const row of logs) if (row.responseState) memory.set(row.responseState.id, row.responseState);
    router = makeRouter([{ id: 'chat-only', config: { baseURL: upstream.baseURL } }], {}, { responseMemory: memory });
    await openai().responses.create({ model: 'gpt-4.1-nano', previous_response_id: streamed.id, input: 'A third' });
    expect(upstream.requests.at(-1)!.json.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('sends Anthropic\'s signed thinking from a reasoning item only to a provider that reads it: a chat provider gets the turn without it', async () => {
    const blocks = [{ type: 'thinking', thinking: 'Paris, then.', signature: 'sig-1' }];
    const input = [
      { role: 'user', content: 'Weather in Paris?' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Paris, then.' }], encrypted_content: `router.anthropic-thinking.v1:${JSON.stringify(blocks)}` },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'weather', arguments: '{"location":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'rainy' },
    ] as OpenAI.Responses.ResponseInput;
    await openai().responses.create({ model: 'gpt-4.1-nano', tools, input, store: false });
    const sent = upstream.requests.at(-1)!;
    expect(sent.body).not.toContain('thinking_blocks');
    expect(sent.json.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] });
  });

  it('resolves an item_reference to an output item of a response it produced, without a previous_response_id', async () => {
    const first = await openai().responses.create({ model: 'gpt-4.1-nano', input: 'Invent a holiday' });
    const [message] = first.output;
    expect(message.id).toMatch(/^msg_/);
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Invent a holiday' }, { type: 'item_reference', id: message.id! }, { role: 'user', content: 'Another one' }];
    await openai().responses.create({ model: 'gpt-4.1-nano', input });
    expect(upstream.requests[1].json.messages).toEqual([
      { role: 'user', content: 'Invent a holiday' },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'Another one' },
    ]);
    const unknown = await openai().responses.create({ model: 'gpt-4.1-nano', input: [{ type: 'item_reference', id: 'msg_never_made' }] }).catch((error) => error);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('streams function calls the SDK assembles, and a full-input second turn works', async () => {
    reply = () => stream('openai-parallel-tool-calls');
    const events: string[] = [];
    const runner = openai().responses.stream({ model: 'gpt-4.1-mini', input: 'Weather in two cities?', tools });
    runner.on('event', (event) => events.push(event.type));
    const final = await runner.finalResponse();
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => [(call as { name: string }).name, JSON.parse((call as { arguments: string }).arguments)])).toEqual([
      ['weather', { location: 'San Francisco' }], ['weather', { location: 'Berlin' }], ['currentTime', {}],
    ]);
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    reply = () => ({ kind: 'json', body: fixtureJson('openai-text') });
    const input = [
      { role: 'user' as const, content: 'Weather in two cities?' },
      ...final.output,
      ...calls.map((call) => ({ type: 'function_call_output' as const, call_id: (call as { call_id: string }).call_id, output: '20°C' })),
    ];
    const answer = await openai().responses.create({ model: 'gpt-4.1-mini', input: input as never, tools });
    expect(answer.output_text.length).toBeGreaterThan(0);
    const sent = upstream.requests[1].json.messages;
    expect(sent.filter((message: { role: string }) => message.role === 'tool')).toHaveLength(calls.length);
    const summary = summarizeResponse(logs[0].response)!;
    expect(summary.toolCalls).toHaveLength(calls.length);
  });

  it('ends a stream that fails midway with response.failed, and logs it as the stream error it is', async () => {
    for (const failing of [{ kind: 'sse', frames: sseFrames(fixtureChunks('openai-error-mid-stream'), false) }, { kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')), resetAfter: 3, delayMs: 10 }] as Reply[]) {
      logs = [];
      reply = () => failing;
      const final = await openai().responses.stream({ model: 'm', input: 'x' }).finalResponse();
      expect(final.status).toBe('failed');
      expect(final.error?.code).toBe('server_error');
      expect(logs[0]).toMatchObject({ endpoint: '/v1/responses', status: 200, outcome: 'stream_error', errorCode: 'upstream_stream_error' });
      expect(logs[0].attempts[0].outcome).toBe('stream_error');
    }
  });

  it('runs an AI SDK tool loop whose first step has text: the stored text comes back as an item_reference the router resolves', async () => {
    const replies: Reply[] = [stream('openai-interleaved-tool-calls'), stream('openai-text')];
    reply = () => replies.shift() ?? { kind: 'json', status: 500, body: '{"error":{"message":"no more replies"}}' };
    const weather = tool({ description: 'Weather', inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }), execute: async ({ location }) => ({ location, temperature: 18 }) });
    const listIssues = tool({ description: 'Open issues', inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }), execute: async () => ['#1'] });
    const provider = createOpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', fetch: viaRouter as typeof fetch });
    const errors: unknown[] = [];
    const result = streamText({ model: provider.responses('gpt-client'), prompt: 'Weather in Paris, and my issues?', tools: { weather, listIssues }, stopWhen: stepCountIs(3), onError: ({ error }) => void errors.push(error) });
    await result.consumeStream();
    expect(errors).toEqual([]);
    const steps = await result.steps;
    expect(steps[0].toolCalls.map((call) => [call.toolName, call.input])).toEqual([['weather', { location: 'Paris' }], ['listIssues', {}]]);
    expect((await result.text).length).toBeGreaterThan(0);
    expect(upstream.requests).toHaveLength(2);
    // the second request named the first turn's text by id; the upstream got the whole turn back
    expect(JSON.stringify(logs[1].requestBody)).toContain('item_reference');
    expect(upstream.requests[1].json.messages.slice(1, 2)).toEqual([expect.objectContaining({ role: 'assistant', content: 'Checking both. Done.' })]);
  });

  it('runs an AI SDK tool loop with reasoning on an anthropic provider: the stored reasoning item, named by item_reference, brings Claude\'s signed thinking back, so thinking stays on', async () => {
    const replies: Reply[] = [{ kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-thinking-tool')) }, { kind: 'sse', frames: anthropicSseFrames(fixtureChunks('anthropic-text')) }];
    reply = () => replies.shift() ?? { kind: 'json', status: 500, body: '{"type":"error","error":{"type":"api_error","message":"no more replies"}}' };
    router = makeRouter([{ id: 'claude', type: 'anthropic', config: { baseURL: upstream.url, apiKey: 'sk-ant-upstream' } }]);
    const getWeather = tool({ description: 'Weather', inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }), execute: async ({ location }) => ({ location, weather: 'rainy' }) });
    const provider = createOpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', fetch: viaRouter as typeof fetch });
    const errors: unknown[] = [];
    // a model name the AI SDK knows to reason (it sends reasoning.effort only for those), served by the one provider, Claude
    const result = streamText({ model: provider.responses('o4-mini'), prompt: 'Weather in Paris?', tools: { get_weather: getWeather }, stopWhen: stepCountIs(3), providerOptions: { openai: { reasoningEffort: 'low' } }, onError: ({ error }) => void errors.push(error) });
    await result.consumeStream();
    expect(errors).toEqual([]);
    expect((await result.steps)[0].toolCalls.map((call) => [call.toolName, call.input])).toEqual([['get_weather', { location: 'Paris, FR' }]]);
    expect(await result.text).toMatch(/^Hello!/);
    const [signed, redacted] = fixtureThinkingBlocks('anthropic-thinking-tool') as [{ type: 'thinking'; thinking: string; signature: string }, { type: 'redacted_thinking'; data: string }];
    const [first, second] = upstream.requests.filter((request) => request.url === '/v1/messages');
    expect(first.json.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    // the AI SDK stores responses by default and names the reasoning by its id: the router resolved it and put the blocks first in the turn
    expect(JSON.stringify(logs[1].requestBody)).toContain('item_reference');
    expect(second.json.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(second.json.messages[1]).toEqual({ role: 'assistant', content: [signed, redacted, { type: 'tool_use', id: 'toolu_01ThinkToolConstructed01', name: 'get_weather', input: { location: 'Paris, FR' } }] });
  });

  it('drops hosted tools it cannot run and names them, or refuses them when set to', async () => {
    const response = await openai().responses.create({ model: 'm', input: 'x', tools: [{ type: 'web_search' } as never, ...tools] }).withResponse();
    expect(response.response.headers.get('x-router-dropped-tools')).toBe('web_search');
    expect(upstream.requests[0].json.tools).toHaveLength(1);
    expect(logs[0].attempts[0].note).toBe('dropped tools: web_search');
    router = makeRouter([{ id: 'chat-only', config: { baseURL: upstream.baseURL } }], { responses_hosted_tools: 'refuse' });
    const refused = await openai().responses.create({ model: 'm', input: 'x', tools: [{ type: 'web_search' } as never] }).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.message).toContain('web_search');
  });

  it('ends a passed-through Responses stream that breaks the rules with the API\'s own error event', async () => {
    router = makeRouter([{ id: 'native', config: { baseURL: upstream.baseURL, apis: 'responses' } }]);
    const created = { type: 'response.created', sequence_number: 0, response: { id: 'resp_up', object: 'response', created_at: 1, status: 'in_progress', model: 'm', output: [] } };
    // the events apart: response.created has reached the client when the broken event comes
    reply = () => ({ kind: 'sse', frames: [`event: response.created\ndata: ${JSON.stringify(created)}\n\n`, 'event: response.output_text.delta\ndata: <html>oops</html>\n\n'], delayMs: 10 });
    const events: { type: string; code?: string; message?: string }[] = [];
    for await (const event of await openai().responses.create({ model: 'm', input: 'x', stream: true })) events.push(event as never);
    // as OpenAI's API does mid-stream: an `error` event, which the SDK hands over as a typed event (a chat-style error chunk would be thrown as unparseable by Responses clients)
    expect(events.map((event) => event.type)).toEqual(['response.created', 'error']);
    expect(events[1]).toMatchObject({ code: 'upstream_bad_response', message: expect.stringContaining('not JSON') });
    expect(logs[0].outcome).toBe('stream_error');
  });

  it('logs a passed-through Responses stream that ends with response.failed as the stream error it is, passing the events on untouched', async () => {
    router = makeRouter([{ id: 'native', config: { baseURL: upstream.baseURL, apis: 'responses', apiKey: 'sk-native-secret-1234' } }]);
    const base = { id: 'resp_up', object: 'response', created_at: 1, model: 'm', output: [] };
    const frames = [
      `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: { ...base, status: 'in_progress' } })}\n\n`,
      // a delta that merely mentions the event's name is not the event
      `event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'about response.failed' })}\n\n`,
      `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 2, response: { ...base, status: 'failed', error: { code: 'server_error', message: 'The model crashed (key sk-native-secret-1234)' } } })}\n\n`,
    ];
    reply = () => ({ kind: 'sse', frames });
    const response = await router.handle(new Request('http://127.0.0.1:9/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', input: 'x', stream: true }) }));
    expect(await response.text()).toBe(frames.join(''));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logs[0]).toMatchObject({ status: 200, outcome: 'stream_error', errorCode: 'upstream_stream_error', attempts: [{ outcome: 'stream_error' }] });
    expect(logs[0].errorMessage).toBe('Provider "native" ended its stream with response.failed: The model crashed (key [redacted])');
    expect(JSON.stringify(logs[0].attempts)).not.toContain('sk-native-secret-1234');

    // a stream that completes, even one that mentions the event type in its text, stays a success
    frames[2] = `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', sequence_number: 2, response: { ...base, status: 'completed' } })}\n\n`;
    logs = [];
    await (await router.handle(new Request('http://127.0.0.1:9/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', input: 'x', stream: true }) }))).text();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logs[0]).toMatchObject({ status: 200, outcome: 'success' });
  });

  it('passes Responses through to a provider that offers the API', async () => {
    router = makeRouter([{ id: 'native', config: { baseURL: upstream.baseURL, apis: 'responses' } }]);
    const body = { id: 'resp_up', object: 'response', created_at: 1, status: 'completed', model: 'm', output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'native', annotations: [] }] }], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } };
    reply = () => ({ kind: 'json', body: JSON.stringify(body) });
    const response = await openai().responses.create({ model: 'm', input: 'x' });
    expect(response.output_text).toBe('native');
    expect(upstream.requests[0].url).toBe('/v1/responses');
    expect(logs[0].attempts[0].api).toBeUndefined();
  });

  it('passes a previous_response_id the router does not know to a provider that offers the API: the response is the provider\'s own', async () => {
    router = makeRouter([{ id: 'native', config: { baseURL: upstream.baseURL, apis: 'responses' } }]);
    let turn = 0;
    reply = () => ({ kind: 'json', body: JSON.stringify({ id: `resp_up${++turn}`, object: 'response', created_at: 1, status: 'completed', model: 'm', output: [{ type: 'message', id: `msg_${turn}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: `native ${turn}`, annotations: [] }] }], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } }) });
    const first = await openai().responses.create({ model: 'm', input: 'x' });
    const second = await openai().responses.create({ model: 'm', previous_response_id: first.id, input: 'y' });
    expect(second.output_text).toBe('native 2');
    expect(upstream.requests[1].json).toEqual({ model: 'm', previous_response_id: 'resp_up1', input: 'y' });
    expect(logs.map((row) => row.status)).toEqual([200, 200]);
  });
});

describe('embeddings and completions, passed to providers that offer them', () => {
  it('passes embeddings through and logs sizes, not vectors', async () => {
    const vector = Array.from({ length: 8 }, (_, index) => index / 10);
    reply = () => ({ kind: 'json', body: JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: vector }], model: 'text-embedding-3-small', usage: { prompt_tokens: 3, total_tokens: 3 } }) });
    const result = await openai().embeddings.create({ model: 'text-embedding-3-small', input: 'hello there', encoding_format: 'float' });
    expect(result.data[0].embedding).toEqual(vector);
    expect(upstream.requests[0].url).toBe('/v1/embeddings');
    expect(logs[0]).toMatchObject({ endpoint: '/v1/embeddings', status: 200 });
    const logged = JSON.parse(new TextDecoder().decode((logs[0].response as { bytes: Uint8Array }).bytes));
    expect(logged.data[0]).toMatchObject({ index: 0, dimensions: 8 });
    expect(logged.data[0].embedding).toBeUndefined();
    expect(summarizeResponse(logs[0].response)?.usage?.promptTokens).toBe(3);
  });

  it('passes completions through, streamed too', async () => {
    reply = (seen) =>
      seen.json.stream
        ? { kind: 'sse', frames: sseFrames(['{"id":"c1","object":"text_completion","created":1,"model":"m","choices":[{"text":"Hello","index":0,"finish_reason":null}]}', '{"id":"c1","object":"text_completion","created":1,"model":"m","choices":[{"text":" world","index":0,"finish_reason":"stop"}]}']) }
        : { kind: 'json', body: JSON.stringify({ id: 'c1', object: 'text_completion', created: 1, model: 'm', choices: [{ text: 'Hello world', index: 0, finish_reason: 'stop' }], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } }) };
    const whole = await openai().completions.create({ model: 'm', prompt: 'Say hello' });
    expect(whole.choices[0].text).toBe('Hello world');
    let text = '';
    for await (const chunk of await openai().completions.create({ model: 'm', prompt: 'Say hello', stream: true })) text += chunk.choices[0].text;
    expect(text).toBe('Hello world');
    expect(upstream.requests.map((seen) => seen.url)).toEqual(['/v1/completions', '/v1/completions']);
    expect(summarizeResponse(logs[1].response)?.text).toBe('Hello world');
  });

  it('skips a provider that does not offer the API and fails over to one that does', async () => {
    router = makeRouter([
      { id: 'chat-only', config: { baseURL: upstream.baseURL, apis: '' } },
      { id: 'embedder', config: { baseURL: upstream.baseURL } },
    ], { fallback_providers: 'chat-only,embedder' });
    reply = () => ({ kind: 'json', body: JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [1, 2] }], model: 'e', usage: { prompt_tokens: 1, total_tokens: 1 } }) });
    const result = await openai().embeddings.create({ model: 'e', input: 'x', encoding_format: 'float' });
    expect(result.data[0].embedding).toEqual([1, 2]);
    expect(logs[0].attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toEqual([['chat-only', 'unsupported'], ['embedder', 'ok']]);
    router = makeRouter([{ id: 'chat-only', config: { baseURL: upstream.baseURL, apis: '' } }]);
    const refused = await openai().embeddings.create({ model: 'e', input: 'x' }).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.error).toMatchObject({ code: 'api_not_offered' });
  });
});

describe('createResponseMemory', () => {
  it('is bounded in size: a response heavier than maxEntryChars is not kept, and the oldest go while all weigh more than maxChars', () => {
    const memory = createResponseMemory(1_000, { maxEntryChars: 1_000, maxChars: 2_500 });
    const message = (id: string, text: string) => ({ type: 'message', id, role: 'assistant', content: [{ type: 'output_text', text }] });
    expect(memory.set('resp_big', { input: [], output: [message('msg_big', 'x'.repeat(1_001))] })).toBe(false);
    expect(memory.get('resp_big')).toBeUndefined();
    expect(memory.item!('msg_big')).toBeUndefined();
    for (const index of [1, 2, 3]) expect(memory.set(`resp_${index}`, { input: [], output: [message(`msg_${index}`, 'y'.repeat(800))] })).toBe(true);
    // three of about 900 weigh more than 2 500: the oldest went
    expect(memory.get('resp_1')).toBeUndefined();
    expect(memory.item!('msg_1')).toBeUndefined();
    expect(memory.get('resp_2')).toBeDefined();
    expect(memory.get('resp_3')).toBeDefined();
    // a response kept again that has grown too large is dropped, not kept stale
    expect(memory.set('resp_3', { input: [], output: [message('msg_3', 'z'.repeat(2_000))] })).toBe(false);
    expect(memory.get('resp_3')).toBeUndefined();
  });

  it('does not remember (nor keep with the log record) a produced response larger than the bound, streamed or whole; smaller ones still are', async () => {
    const memory = createResponseMemory(1_000, { maxEntryChars: 64 * 1024 });
    router = makeRouter([{ id: 'chat-only', config: { baseURL: upstream.baseURL } }], {}, { responseMemory: memory });
    const large = 'long '.repeat(40 * 1024);
    const completion = (content: string) => JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    reply = () => ({ kind: 'json', body: completion(large) });
    const whole = await openai().responses.create({ model: 'm', input: 'a long one' });
    expect(whole.output_text).toBe(large);
    reply = () => ({ kind: 'sse', frames: [chunk({ role: 'assistant', content: '' }), ...Array.from({ length: 40 }, () => chunk({ content: 'long '.repeat(1024) })), chunk({}, 'stop'), 'data: [DONE]\n\n'] });
    const streamed = await openai().responses.stream({ model: 'm', input: 'a long stream' }).finalResponse();
    expect(streamed.output_text).toBe(large);
    reply = () => ({ kind: 'json', body: completion('short') });
    const small = await openai().responses.create({ model: 'm', input: 'a short one' });
    expect(logs.map((row) => row.responseState?.id)).toEqual([undefined, undefined, small.id]);
    expect(memory.get(whole.id)).toBeUndefined();
    expect(memory.get(streamed.id)).toBeUndefined();
    expect(memory.get(small.id)).toBeDefined();
    const forgotten = await openai().responses.create({ model: 'm', previous_response_id: whole.id, input: 'and then?' }).catch((error) => error);
    expect(forgotten).toBeInstanceOf(OpenAI.BadRequestError);
    expect(forgotten.error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
  });

  it('finds the output items of the responses it keeps by id, and forgets them with their response', () => {
    const memory = createResponseMemory(2);
    const message = (id: string) => ({ type: 'message', id, role: 'assistant', content: [] });
    memory.set('resp_1', { input: [{ id: 'in_1' }], output: [message('msg_1')] });
    memory.set('resp_2', { input: [], output: [message('msg_2'), { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'f', arguments: '{}' }] });
    expect(memory.item!('msg_1')).toEqual(message('msg_1'));
    expect(memory.item!('fc_2')).toMatchObject({ call_id: 'call_2' });
    expect(memory.item!('in_1')).toBeUndefined(); // inputs are the client's
    memory.get('resp_1'); // used last: resp_2 goes first
    memory.set('resp_3', { input: [], output: [message('msg_3')] });
    expect(memory.get('resp_2')).toBeUndefined();
    expect(memory.item!('msg_2')).toBeUndefined();
    expect(memory.item!('fc_2')).toBeUndefined();
    expect(memory.item!('msg_1')).toEqual(message('msg_1'));
    memory.set('resp_1', { input: [], output: [message('msg_1b')] }); // kept again: its old items go
    expect(memory.item!('msg_1')).toBeUndefined();
    expect(memory.item!('msg_1b')).toEqual(message('msg_1b'));
  });
});

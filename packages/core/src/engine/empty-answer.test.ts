/**
 * Empty answers fail over: a 200 with nothing in it (an empty message, a stream of only a role
 * preamble, empty deltas or `[DONE]`) is a failed attempt, and the client gets the next target's
 * answer byte for byte. Two real HTTP upstreams on 127.0.0.1, the router's fetch transport, and
 * the real `openai` and `@anthropic-ai/sdk` clients where a client reads the answer.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { fixtureChunks, fixtureJson, sseFrames, startFakeUpstream, type FakeUpstream, type Reply } from '@router/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from './create-router.js';
import { createStaticConfigSource } from './static-config.js';
import type { RequestLogRecord } from '../spec/log.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { KEEP_ALIVE_COMMENT } from './keep-alive-clock.js';
import { checkCompletion, hasSubstance } from './upstream-answer.js';

const decoder = new TextDecoder();
const KEEP_ALIVE = decoder.decode(KEEP_ALIVE_COMMENT);

let first: FakeUpstream;
let second: FakeUpstream;
let logs: RequestLogRecord[];

const role = (id: string) => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
const finish = (id: string) => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] });
const emptyMessage = JSON.stringify({ id: 'e', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }] });
const toolCall = (name: string, args: string) =>
  JSON.stringify({ id: 't', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] }, finish_reason: 'tool_calls' }] });
const toolChunks = (name: string, args: string[]) => [
  role('t'),
  JSON.stringify({ id: 't', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name, arguments: '' } }] }, finish_reason: null }] }),
  ...args.map((part) => JSON.stringify({ id: 't', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: part } }] }, finish_reason: null }] })),
  JSON.stringify({ id: 't', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
];
const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

function makeRouter(options: { settings?: Record<string, string>; keepAliveMs?: number } = {}): Router {
  return createRouter({
    config: createStaticConfigSource({
      providers: [
        { id: 'local', type: 'openai-compatible', config: { baseURL: first.baseURL } },
        { id: 'cloud', type: 'openai-compatible', config: { baseURL: second.baseURL } },
      ],
      routes: { m: [{ providerId: 'local' }, { providerId: 'cloud' }] },
      settings: options.settings ?? {},
    }),
    transport: createFetchTransport(),
    logSink: { write: (record) => logs.push(record) },
    keepAliveMs: options.keepAliveMs ?? 0,
    resilience: { backoffBaseMs: 1, backoffMaxMs: 2 },
  });
}

const request = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });

async function chunksOf(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<string[]> {
  if (body instanceof Uint8Array) return [decoder.decode(body)];
  const out: string[] = [];
  for await (const chunk of body) out.push(decoder.decode(chunk));
  return out;
}

beforeEach(async () => {
  logs = [];
  first = await startFakeUpstream();
  second = await startFakeUpstream();
});

afterEach(async () => {
  await Promise.all([first.close(), second.close()]);
});

describe('empty answers fail over', () => {
  it('an empty message (200, no content) fails over: the client gets the second answer byte for byte, the log says empty_answer', async () => {
    const cloud = fixtureJson('openai-text');
    first.onChat(() => ({ kind: 'json', body: emptyMessage }));
    second.onChat(() => ({ kind: 'json', body: cloud }));
    const router = makeRouter();
    const result = await router.chatCompletion({ body: request() });
    expect(result.status).toBe(200);
    expect(result.headers['x-router-provider']).toBe('cloud');
    expect((await chunksOf(result.body)).join('')).toBe(cloud);
    // not retried on the same target: the same prompt answers the same
    expect(first.requests).toHaveLength(1);
    expect(logs[0].attempts.map((attempt) => [attempt.providerId, attempt.outcome])).toEqual([['local', 'empty_answer'], ['cloud', 'ok']]);
    expect(logs[0].attempts[0].error).toMatch(/empty completion/);
  });

  it('a stream of only the role preamble, then [DONE], fails over with nothing sent: the openai client reads only the second stream', async () => {
    const frames = sseFrames(fixtureChunks('openai-text'));
    first.onChat(() => ({ kind: 'sse', frames: sseFrames([role('a'), finish('a')]) }));
    second.onChat(() => ({ kind: 'sse', frames }));
    const router = makeRouter();
    const raw = await router.chatCompletion({ body: request({ stream: true }) });
    expect(raw.headers['x-router-provider']).toBe('cloud');
    expect((await chunksOf(raw.body)).join('')).toBe(frames.join(''));
    expect(logs[0]).toMatchObject({ outcome: 'success' });
    expect(logs[0].attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer', 'ok']);

    // the same through the real SDK: one answer, the second target's
    const client = new OpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: ((url: string, init?: RequestInit) => router.handle(new Request(url, init))) as typeof fetch });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const ids = new Set<string>();
    let text = '';
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(ids).toEqual(new Set([JSON.parse(fixtureChunks('openai-text')[0]).id]));
    expect(text).toBe(fixtureChunks('openai-text').map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join(''));
  });

  it('a stream of just [DONE], and one with no bytes at all, fail over too', async () => {
    const frames = sseFrames(fixtureChunks('openai-text'));
    second.onChat(() => ({ kind: 'sse', frames }));
    const router = makeRouter();
    for (const empty of [['data: [DONE]\n\n'], [], [': comment\n\n', 'data: {"choices":[]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":null}}]}\n\n', 'data: [DONE]\n\n']]) {
      first.onChat(() => ({ kind: 'sse', frames: empty }));
      const result = await router.chatCompletion({ body: request({ stream: true }) });
      expect((await chunksOf(result.body)).join('')).toBe(frames.join(''));
      expect(logs.at(-1)!.attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer', 'ok']);
    }
  });

  it('when every target answers empty, the client gets a 502 upstream_empty_answer', async () => {
    first.onChat(() => ({ kind: 'json', body: emptyMessage }));
    second.onChat(() => ({ kind: 'json', body: emptyMessage }));
    const router = makeRouter();
    const result = await router.chatCompletion({ body: request() });
    expect(result.status).toBe(502);
    expect(JSON.parse((await chunksOf(result.body)).join('')).error).toMatchObject({ code: 'upstream_empty_answer' });
    expect(logs[0]).toMatchObject({ outcome: 'error', errorCode: 'upstream_empty_answer' });
    // streams the same: nothing was sent, so the error is a whole 502
    first.onChat(() => ({ kind: 'sse', frames: ['data: [DONE]\n\n'] }));
    second.onChat(() => ({ kind: 'sse', frames: sseFrames([role('b')]) }));
    const streamed = await router.chatCompletion({ body: request({ stream: true }) });
    expect(streamed.status).toBe(502);
    expect(logs[1].attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer', 'empty_answer']);
  });

  it('passes a stream whose preamble comes alone and slowly, byte for byte; reasoning and tool calls count as an answer', async () => {
    const router = makeRouter();
    for (const name of ['openai-text', 'dashscope-reasoning', 'openai-parallel-tool-calls', 'openai-refusal', 'groq-tool-call']) {
      const lines = fixtureChunks(name);
      const frames = sseFrames(lines);
      let go!: () => void;
      const gate = new Promise<void>((resolve) => (go = resolve));
      first.onChat(() => ({ kind: 'sse', frames, pause: { after: 1, until: gate } }));
      const pending = router.chatCompletion({ body: request({ stream: true }) });
      // the preamble has been written and the upstream waits: then the rest comes
      setTimeout(go, 20);
      const result = await pending;
      expect(result.headers['x-router-provider']).toBe('local');
      expect((await chunksOf(result.body)).join('')).toBe(frames.join(''));
    }
    expect(second.requests).toHaveLength(0);
  });

  it('keeps the connection alive while it holds a preamble: keep-alives first, then exactly the upstream bytes', async () => {
    const frames = sseFrames(fixtureChunks('openai-text'));
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    first.onChat(() => ({ kind: 'sse', frames, pause: { after: 1, until: gate } }));
    const router = makeRouter({ keepAliveMs: 10 });
    // answered while the upstream still holds everything after its preamble: committed for keep-alives
    const result = await router.chatCompletion({ body: request({ stream: true }) });
    const iterator = (result.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const firstChunk = await iterator.next();
    expect(decoder.decode(firstChunk.value)).toBe(KEEP_ALIVE);
    const again = await iterator.next();
    expect(decoder.decode(again.value)).toBe(KEEP_ALIVE);
    go();
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(decoder.decode(next.value));
    const sent = rest.join('');
    // nothing of the preamble went out before the content; bytes unchanged but for the comments
    expect(sent.startsWith(KEEP_ALIVE) || sent.startsWith(frames[0])).toBe(true);
    expect(sent.split(KEEP_ALIVE).join('')).toBe(frames.join(''));
  });

  it('a preamble held past the keep-alive interval that then ends empty ends the stream with an error event, logged empty_answer', async () => {
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    first.onChat(() => ({ kind: 'sse', frames: sseFrames([role('a'), finish('a')]), pause: { after: 1, until: gate } }));
    const router = makeRouter({ keepAliveMs: 10 });
    const result = await router.chatCompletion({ body: request({ stream: true }) });
    go();
    const sent = (await chunksOf(result.body)).join('').split(KEEP_ALIVE).join('');
    expect(sent).toMatch(/^data: \{"error":\{.*"code":"upstream_empty_answer"/);
    expect(sent).not.toContain('assistant');
    expect(sent).not.toContain('[DONE]');
    expect(logs[0]).toMatchObject({ outcome: 'stream_error', errorCode: 'upstream_empty_answer' });
    expect(logs[0].attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer']);
  });

  it('decides before translation: an Anthropic client served from chat upstreams sees one message, the second target\'s', async () => {
    first.onChat(() => ({ kind: 'sse', frames: sseFrames([role('a'), finish('a')]) }));
    second.onChat(() => ({ kind: 'sse', frames: sseFrames(fixtureChunks('openai-text')) }));
    const router = makeRouter();
    const client = new Anthropic({ apiKey: 'sk-ant-client', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: ((url: string, init?: RequestInit) => router.handle(new Request(url, init))) as typeof fetch });
    const events: string[] = [];
    const stream = client.messages.stream({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    for await (const event of stream) events.push(event.type);
    const message = await stream.finalMessage();
    expect(events.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(logs[0].attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer', 'ok']);

    // and a Responses client, whole answer
    first.onChat(() => ({ kind: 'json', body: emptyMessage }));
    second.onChat(() => ({ kind: 'json', body: fixtureJson('openai-text') }));
    const openai = new OpenAI({ apiKey: 'sk-client', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: ((url: string, init?: RequestInit) => router.handle(new Request(url, init))) as typeof fetch });
    const response = await openai.responses.create({ model: 'm', input: 'hi' });
    expect(response.output_text).toBe(JSON.parse(fixtureJson('openai-text')).choices[0].message.content);
    expect(logs[1].attempts.map((attempt) => attempt.outcome)).toEqual(['empty_answer', 'ok']);
  });
});

describe('invalid tool calls (failover_on_invalid_tool_call)', () => {
  const on = { failover_on_invalid_tool_call: 'true' };

  it('off (the default): an invalid tool call is passed on as it is', async () => {
    const bad = toolCall('get_weather', '{"city": "Par');
    first.onChat(() => ({ kind: 'json', body: bad }));
    const router = makeRouter();
    const result = await router.chatCompletion({ body: request({ tools }) });
    expect((await chunksOf(result.body)).join('')).toBe(bad);
    expect(second.requests).toHaveLength(0);
  });

  it('on: arguments that are not JSON, or a tool the request did not offer, fail over (whole answers)', async () => {
    const good = toolCall('get_weather', '{"city":"Paris"}');
    second.onChat(() => ({ kind: 'json', body: good }));
    const router = makeRouter({ settings: on });
    for (const bad of [toolCall('get_weather', '{"city": "Par'), toolCall('get_time', '{}')]) {
      first.onChat(() => ({ kind: 'json', body: bad }));
      const result = await router.chatCompletion({ body: request({ tools }) });
      expect((await chunksOf(result.body)).join('')).toBe(good);
      expect(logs.at(-1)!.attempts.map((attempt) => attempt.outcome)).toEqual(['invalid_tool_call', 'ok']);
    }
    // a valid call, and one without arguments, pass
    for (const valid of [good, toolCall('get_weather', '')]) {
      first.onChat(() => ({ kind: 'json', body: valid }));
      const result = await router.chatCompletion({ body: request({ tools }) });
      expect((await chunksOf(result.body)).join('')).toBe(valid);
    }
  });

  it('on: a stream that starts with a tool call is held to its end and checked; one that starts with text is not', async () => {
    const goodFrames = sseFrames(toolChunks('get_weather', ['{"city":', '"Paris"}']));
    second.onChat(() => ({ kind: 'sse', frames: goodFrames }));
    const router = makeRouter({ settings: on });
    for (const bad of [toolChunks('get_weather', ['{"city":', '"Par']), toolChunks('get_time', ['{}'])]) {
      first.onChat(() => ({ kind: 'sse', frames: sseFrames(bad) }));
      const result = await router.chatCompletion({ body: request({ tools, stream: true }) });
      expect((await chunksOf(result.body)).join('')).toBe(goodFrames.join(''));
      expect(logs.at(-1)!.attempts.map((attempt) => attempt.outcome)).toEqual(['invalid_tool_call', 'ok']);
    }
    // valid: passed byte for byte from the first target
    first.onChat(() => ({ kind: 'sse', frames: goodFrames }));
    let result = await router.chatCompletion({ body: request({ tools, stream: true }) });
    expect(result.headers['x-router-provider']).toBe('local');
    expect((await chunksOf(result.body)).join('')).toBe(goodFrames.join(''));
    // text first: already on its way to the client, so the tool call after it is not checked
    const textFirst = sseFrames([role('x'), JSON.stringify({ id: 'x', choices: [{ index: 0, delta: { content: 'Let me look.' } }] }), ...toolChunks('get_time', ['{']).slice(1)]);
    first.onChat(() => ({ kind: 'sse', frames: textFirst }));
    result = await router.chatCompletion({ body: request({ tools, stream: true }) });
    expect((await chunksOf(result.body)).join('')).toBe(textFirst.join(''));
    // off: not held, not checked
    const off = makeRouter();
    first.onChat(() => ({ kind: 'sse', frames: sseFrames(toolChunks('get_time', ['{'])) }));
    result = await off.chatCompletion({ body: request({ tools, stream: true }) });
    expect(result.headers['x-router-provider']).toBe('local');
  });
});

describe('the substance check', () => {
  it('reads keys, not text that mentions them', () => {
    expect(hasSubstance('{"choices":[{"delta":{"role":"assistant","content":""}}]}')).toBe(false);
    expect(hasSubstance('{"choices":[{"delta":{"content":null,"reasoning_content":""},"x":"\\"content\\":\\"hi\\""}]}')).toBe(false);
    expect(hasSubstance('{"choices":[{"delta":{"content":"\\n"}}]}')).toBe(true);
    expect(hasSubstance('{"choices":[{"delta":{"tool_calls":[]}}]}')).toBe(false);
    expect(hasSubstance('{"choices":[{"delta":{"tool_calls":[{"index":0}]}}]}')).toBe(true);
    expect(hasSubstance('{"choices":[{"delta":{"reasoning":"Hm"}}]}')).toBe(true);
    expect(hasSubstance('{"choices":[],"usage":{"prompt_tokens":1}}')).toBe(false);
    // Anthropic shapes an adapter translates from
    expect(hasSubstance('{"type":"message_start","message":{"content":[]}}{"type":"content_block_start","content_block":{"type":"text","text":""}}')).toBe(false);
    expect(hasSubstance('{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}')).toBe(true);
  });

  it('checks whole answers in chat and Anthropic shapes', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(checkCompletion('p', bytes(emptyMessage), 200)?.code).toBe('upstream_empty_answer');
    expect(checkCompletion('p', bytes(fixtureJson('openai-text')), 200)).toBeUndefined();
    expect(checkCompletion('p', bytes(fixtureJson('anthropic-text')), 200)).toBeUndefined();
    expect(checkCompletion('p', bytes('{"type":"message","content":[],"stop_reason":"end_turn"}'), 200)?.code).toBe('upstream_empty_answer');
  });
});

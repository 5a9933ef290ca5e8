/**
 * The real `@anthropic-ai/sdk` reading what the translators produce: its request goes through
 * messagesRequestToChat, and a recorded chat answer comes back through the translators and
 * Anthropic's framing to the SDK's own parser and accumulator. Its `fetch` is a function here, so
 * nothing listens and nothing connects.
 */
import Anthropic from '@anthropic-ai/sdk';
import { fixtureChunks, fixtureJson, sseFrames } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { anthropicErrorResponse, anthropicPingBytes, encodeAnthropicSse } from './anthropic-sse.js';
import { chatResponseToMessages } from './chat-response-to-messages.js';
import { chatStreamToMessages } from './chat-stream-to-messages.js';
import { assembleAnthropicContent } from './check-anthropic-stream.js';
import { messagesRequestToChat } from './messages-request-to-chat.js';
import { parseSseEvents } from './parse-sse-events.js';
import type { AnthropicStreamEvent } from './types.js';

const encoder = new TextEncoder();

/** An SDK client whose every request is answered by `answer` from the request body it sent. */
function client(answer: (body: unknown) => Promise<Response> | Response, seen: unknown[] = []): Anthropic {
  return new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      seen.push(body);
      return answer(body);
    },
  });
}

async function translatedEvents(name: string, done = true): Promise<AnthropicStreamEvent[]> {
  async function* bytes() {
    yield encoder.encode(sseFrames(fixtureChunks(name), done).join(''));
  }
  const events: AnthropicStreamEvent[] = [];
  for await (const event of chatStreamToMessages(parseSseEvents(bytes()), 'claude-test', { generateId: () => 'gen' })) events.push(event);
  return events;
}

/** The events as an SSE response, a ping after the first (as Anthropic sends one). */
function sseResponse(events: AnthropicStreamEvent[]): Response {
  const frames = events.flatMap((event, index) => (index === 1 ? [anthropicPingBytes(), encodeAnthropicSse(event)] : [encodeAnthropicSse(event)]));
  return new Response(new Blob(frames), { headers: { 'content-type': 'text/event-stream' } });
}

const weather = { name: 'weather', description: 'Weather for a place', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] } };

describe('@anthropic-ai/sdk against the translators', () => {
  it.each(['openai-text', 'deepseek-reasoning', 'dashscope-tool-call', 'openai-parallel-tool-calls', 'openai-interleaved-tool-calls', 'groq-tool-call'])('messages.stream() assembles %s to the translated content', async (name) => {
    const events = await translatedEvents(name);
    const seen: unknown[] = [];
    const stream = client(() => sseResponse(events), seen).messages.stream({
      model: 'claude-test',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      tools: [weather],
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    const message = await stream.finalMessage();
    // The SDK's request translates; its parsed answer is what the events say.
    expect(messagesRequestToChat(seen[0])).toMatchObject({ stream: true, reasoning_effort: 'low', tools: [{ function: { name: 'weather' } }] });
    expect(message.content).toEqual(assembleAnthropicContent(events));
    const end = events.at(-2) as Extract<AnthropicStreamEvent, { type: 'message_delta' }>;
    expect({ stop_reason: message.stop_reason, output_tokens: message.usage.output_tokens, input_tokens: message.usage.input_tokens }).toEqual({ stop_reason: end.delta.stop_reason, output_tokens: end.usage.output_tokens, input_tokens: end.usage.input_tokens });
  });

  it('messages.create() reads a translated chat completion', async () => {
    const chat = JSON.parse(fixtureJson('deepseek-tool-call'));
    const message = await client(() => Response.json(chatResponseToMessages(chat, 'claude-test'))).messages.create({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }], tools: [weather] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'weather', input: { location: 'San Francisco' } });
  });

  it('throws the SDK\'s error for an error event mid-stream', async () => {
    const events = await translatedEvents('openai-error-mid-stream', false);
    const stream = client(() => sseResponse(events)).messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    await expect(stream.finalMessage()).rejects.toMatchObject({ error: { type: 'error', error: { type: 'api_error' } } });
  });

  it.each([[529, Anthropic.InternalServerError, 'overloaded_error'], [429, Anthropic.RateLimitError, 'rate_limit_error'], [400, Anthropic.BadRequestError, 'invalid_request_error']])('maps an error body with status %i to the SDK\'s %o', async (status, type, errorType) => {
    const { body } = anthropicErrorResponse(status, 'nope');
    const call = client(() => Response.json(body, { status })).messages.create({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    await expect(call).rejects.toBeInstanceOf(type);
    await expect(client(() => Response.json(body, { status })).messages.create({ model: 'm', max_tokens: 1, messages: [] })).rejects.toMatchObject({ status, error: { error: { type: errorType, message: 'nope' } } });
  });

  it('accepts the tool loop the SDK sends back: tool_use and tool_result with an error', async () => {
    const seen: unknown[] = [];
    await client(() => Response.json(chatResponseToMessages(JSON.parse(fixtureJson('openai-text')), 'm')), seen).messages.create({
      model: 'claude-test',
      max_tokens: 100,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { location: 'SF' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: 'timeout' }] },
      ],
    });
    expect(messagesRequestToChat(seen[0]).messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"location":"SF"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'Error: timeout' },
    ]);
  });
});

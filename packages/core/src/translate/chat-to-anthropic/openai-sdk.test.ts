/**
 * The real `openai` SDK reading what the translators produce: its request goes through
 * chatRequestToMessages, and a recorded (or constructed) Anthropic answer comes back through
 * messagesSseToChatSse / messagesResponseToChat to the SDK's own parser and accumulator. Its
 * `fetch` is a function here, so nothing listens and nothing connects.
 */
import { anthropicSseFrames, fixtureChunks, fixtureJson } from '@router/testkit';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { chatRequestToMessages } from './chat-request-to-messages.js';
import { messagesResponseToChat } from './messages-response-to-chat.js';
import { messagesSseToChatSse } from './messages-stream-to-chat.js';
import type { MessagesRequestBody } from './types.js';

const encoder = new TextEncoder();

/** An SDK client whose every request is answered by `answer` from the Messages body it translates to. */
function client(answer: (messages: MessagesRequestBody, chat: Record<string, any>) => Response, seen: MessagesRequestBody[] = []): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async (_url: string | URL | Request, init?: RequestInit) => {
      const chat = JSON.parse(String(init?.body));
      const messages = chatRequestToMessages(chat);
      seen.push(messages);
      return answer(messages, chat);
    },
  });
}

/** A recorded Anthropic stream, translated, as the SSE response a chat client gets. */
function translatedStream(name: string, chat: Record<string, any>): Response {
  const bytes = encoder.encode(anthropicSseFrames(fixtureChunks(name)).join(''));
  const source = (async function* () {
    yield bytes;
  })();
  const translated = messagesSseToChatSse(source, { includeUsage: chat.stream_options?.include_usage === true });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await translated.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a place', parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] } } };

describe('openai SDK against the chat-to-Anthropic translators', () => {
  it('chat.completions.create() reads a translated Message', async () => {
    const completion = await client(() => Response.json(messagesResponseToChat(JSON.parse(fixtureJson('anthropic-text'))))).chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello, how are you?' }] });
    expect(completion.choices[0].message.content).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41 });
  });

  it('chat.completions.create({stream: true}) reads the translated recorded stream', async () => {
    const stream = await client((_messages, chat) => translatedStream('anthropic-text', chat)).chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 });
  });

  it('.stream() assembles parallel tool calls with finalChatCompletion(), and the tool loop goes back as tool_use and tool_result', async () => {
    const seen: MessagesRequestBody[] = [];
    const openai = client((_messages, chat) => (seen.length === 1 ? translatedStream('anthropic-parallel-tools', chat) : translatedStream('anthropic-text', chat)), seen);
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in San Francisco and Tokyo, and the time?' }];
    const deltas: string[] = [];
    const stream = openai.chat.completions.stream({ model: 'claude-sonnet-4-5', messages, tools: [weather], parallel_tool_calls: true });
    stream.on('tool_calls.function.arguments.delta', (event) => deltas.push(event.arguments_delta));
    const first = await stream.finalChatCompletion();
    expect(seen[0]).toMatchObject({ stream: true, tools: [{ name: 'get_weather', input_schema: weather.function.parameters }] });
    const message = first.choices[0].message;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBe("I'll check both cities at once.");
    expect(message.tool_calls?.map((call) => call.type === 'function' && { id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) })).toEqual([
      { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'fahrenheit' } },
      { id: 'toolu_01B19r91rx91mr028946mr0', name: 'get_weather', input: { location: 'Tokyo, Japan', unit: 'celsius' } },
      { id: 'toolu_01C29s92sy92ns139057ns1', name: 'get_time', input: {} },
    ]);
    expect(deltas.join('')).toBe('{"location": "San Francisco, CA", "unit": "fahrenheit"}{"location": "Tokyo, Japan", "unit": "celsius"}{}');
    // usage rides on the finish chunk when the client did not ask for a usage chunk
    expect(first.usage).toMatchObject({ prompt_tokens: 612 + 2048 + 128, completion_tokens: 151, prompt_tokens_details: { cached_tokens: 2048 } });

    // the second turn: the assistant's calls and the three results
    messages.push(message as OpenAI.ChatCompletionMessageParam);
    for (const call of message.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: call.type === 'function' && call.function.name === 'get_time' ? '09:00' : '18°C' });
    const final = await openai.chat.completions.stream({ model: 'claude-sonnet-4-5', messages, tools: [weather] }).finalChatCompletion();
    expect(final.choices[0].message.content).toContain('Hello!');
    expect(seen[1].messages.slice(1)).toEqual([
      { role: 'assistant', content: [
        { type: 'text', text: "I'll check both cities at once." },
        { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'fahrenheit' } },
        { type: 'tool_use', id: 'toolu_01B19r91rx91mr028946mr0', name: 'get_weather', input: { location: 'Tokyo, Japan', unit: 'celsius' } },
        { type: 'tool_use', id: 'toolu_01C29s92sy92ns139057ns1', name: 'get_time', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_01B19r91rx91mr028946mr0', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_01C29s92sy92ns139057ns1', content: '09:00' },
      ] },
    ]);
  });

  it('.stream() reads a tool call with no arguments as "{}", and thinking as reasoning_content', async () => {
    const noArgs = await client((_messages, chat) => translatedStream('anthropic-tool-no-args', chat)).chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'Update the list' }], tools: [{ type: 'function', function: { name: 'updateIssueList', parameters: { type: 'object', properties: {} } } }] }).finalChatCompletion();
    const call = noArgs.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({ name: 'updateIssueList', arguments: '{}' });
    const seen: MessagesRequestBody[] = [];
    const thought = await client((_messages, chat) => translatedStream('anthropic-thinking', chat), seen).chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: '17 × 24?' }], reasoning_effort: 'low' }).finalChatCompletion();
    expect(seen[0].thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(thought.choices[0].message.content).toBe('17 × 24 = **408**. Quick check: 17 × 25 = 425, minus 17 is 408.');
    expect(thought.choices[0].message).toHaveProperty('reasoning_content');
  });

  it('a max_tokens stop is finish_reason length', async () => {
    const completion = await client((_messages, chat) => translatedStream('anthropic-max-tokens', chat)).chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'Story' }], max_tokens: 16 }).finalChatCompletion();
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Once upon a time, in a land far away, there lived a' } });
  });

  it('an error mid-stream reaches the SDK as an APIError with the upstream\'s message', async () => {
    const stream = await client((_messages, chat) => translatedStream('anthropic-error-mid-stream', chat)).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    const read = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(read()).rejects.toMatchObject({ message: expect.stringContaining('Overloaded') });
    expect(text).toBe('Here is the beginning of a long answer that will not');
  });
});

/**
 * Recorded (and a few constructed, see the fixtures README) Anthropic streams, replayed as
 * Anthropic's SSE bytes through messagesSseToChatSse: the output must be a valid chat stream that
 * says what the Anthropic stream said, and be byte-identical however the input bytes are cut.
 * Every fixture is cut in two at every byte, in one loop per fixture, and also fed one byte at a time.
 */
import { anthropicSseFrames, fixtureChunks } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { assembleChatStream, checkChatStream } from './check-chat-stream.js';
import { messagesSseToChatSse, type MessagesStreamOptions } from './messages-stream-to-chat.js';
import { scanEvents } from '../../sse/event-scan.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function* pieces(items: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* items;
}

async function translate(parts: readonly Uint8Array[], options: MessagesStreamOptions): Promise<string> {
  let text = '';
  for await (const chunk of messagesSseToChatSse(pieces(parts), { now: () => 1_700_000_000, generateId: () => 'chatcmpl-gen', ...options })) text += decoder.decode(chunk);
  return text;
}

function cutAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const bounds = [0, ...offsets, bytes.length];
  return bounds.slice(1).map((end, index) => bytes.subarray(bounds[index], end));
}

/** What the Anthropic events say, read independently of the translator. */
function anthropicAssembly(lines: readonly string[]) {
  let content = '';
  let reasoning = '';
  let stopReason: string | null = null;
  let usage: Record<string, number> = {};
  let error: { type: string; message: string } | null = null;
  const tools = new Map<number, { id: string; name: string; json: string }>();
  const thinking = new Map<number, Record<string, string>>();
  for (const line of lines) {
    const event = JSON.parse(line);
    if (event.type === 'message_start') usage = { ...event.message.usage };
    if (event.type === 'content_block_start' && event.content_block.type === 'thinking') thinking.set(event.index, { type: 'thinking', thinking: '' });
    if (event.type === 'content_block_start' && event.content_block.type === 'redacted_thinking') thinking.set(event.index, { type: 'redacted_thinking', data: event.content_block.data });
    if (event.type === 'content_block_delta' && event.delta.type === 'thinking_delta') thinking.get(event.index)!.thinking += event.delta.thinking;
    if (event.type === 'content_block_delta' && event.delta.type === 'signature_delta') thinking.get(event.index)!.signature = event.delta.signature;
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') tools.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
    if (event.type === 'content_block_delta') {
      if (event.delta.type === 'text_delta') content += event.delta.text;
      if (event.delta.type === 'thinking_delta') reasoning += event.delta.thinking;
      if (event.delta.type === 'input_json_delta') tools.get(event.index)!.json += event.delta.partial_json;
    }
    if (event.type === 'message_delta') {
      stopReason = event.delta.stop_reason;
      usage = { ...usage, ...event.usage };
    }
    if (event.type === 'error') error = event.error;
  }
  return { content, reasoning, thinkingBlocks: [...thinking.values()], stopReason, usage, error, tools: [...tools.values()].map((tool) => ({ id: tool.id, name: tool.name, input: tool.json ? JSON.parse(tool.json) : {} })) };
}

const FINISH: Record<string, string> = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' };

const CASES = [
  { name: 'anthropic-text', recorded: true },
  { name: 'anthropic-json-tool.1', recorded: true },
  { name: 'anthropic-tool-no-args', recorded: true },
  { name: 'anthropic-thinking', recorded: false },
  { name: 'anthropic-thinking-tool', recorded: false },
  { name: 'anthropic-parallel-tools', recorded: false },
  { name: 'anthropic-max-tokens', recorded: false },
  { name: 'anthropic-error-mid-stream', recorded: false },
];

describe.each(CASES)('$name', ({ name }) => {
  const lines = fixtureChunks(name);
  const bytes = encoder.encode(anthropicSseFrames(lines).join(''));
  const expected = anthropicAssembly(lines);

  it.each([true, false])('translates to a valid chat stream that says what the Anthropic stream said (include_usage %s)', async (includeUsage) => {
    const text = await translate([bytes], { includeUsage });
    expect(checkChatStream(text)).toEqual([]);
    const chat = assembleChatStream(text);
    expect(chat.content).toBe(expected.content);
    expect(chat.reasoning).toBe(expected.reasoning);
    // each thinking block whole, with its signature, as a client rebuilds it from the pieces to send it back
    expect(chat.thinkingBlocks).toEqual(expected.thinkingBlocks);
    if (expected.error) {
      // the router's stream relay recognises the last event as the upstream reporting an error
      const errorAt = encoder.encode(text.slice(0, text.lastIndexOf('data: {"error"'))).length;
      expect(scanEvents(encoder.encode(text))).toEqual({ end: errorAt, fault: 'error_event', faultEnd: encoder.encode(text).length });
      expect(chat.error).toEqual({ message: expected.error.message, type: expected.error.type, code: expected.error.type, param: null });
      expect(text).not.toContain('[DONE]');
      return;
    }
    expect(chat.toolCalls.map((call) => ({ id: call.id, name: call.name, input: JSON.parse(call.arguments) }))).toEqual(expected.tools);
    expect(chat.finishReason).toBe(FINISH[expected.stopReason!]);
    const prompt = expected.usage.input_tokens + expected.usage.cache_creation_input_tokens + expected.usage.cache_read_input_tokens;
    expect(chat.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: expected.usage.output_tokens, total_tokens: prompt + expected.usage.output_tokens, prompt_tokens_details: { cached_tokens: expected.usage.cache_read_input_tokens } });
    // Asked for: usage in its own last chunk with no choices; not asked: on the finish_reason chunk.
    const payloads = text.split('\n\n').slice(0, -1).map((event) => event.slice(6));
    const last = JSON.parse(payloads.at(-2)!);
    if (includeUsage) expect(last.choices).toEqual([]);
    else expect(last.choices[0].finish_reason).toBe(FINISH[expected.stopReason!]);
  });

  it('is byte-identical when the input is cut in two at every position, and one byte at a time', async () => {
    const reference = await translate([bytes], { includeUsage: true });
    const differing: number[] = [];
    for (let cut = 1; cut < bytes.length; cut++) if ((await translate(cutAt(bytes, [cut]), { includeUsage: true })) !== reference) differing.push(cut);
    expect(differing).toEqual([]);
    const oneByOne = Array.from({ length: bytes.length }, (_, offset) => bytes.subarray(offset, offset + 1));
    expect(await translate(oneByOne, { includeUsage: true })).toBe(reference);
  });
});

describe('edge cases of the stream', () => {
  const frames = (events: object[]) => encoder.encode(events.map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`).join(''));
  const start = { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], usage: { input_tokens: 3, output_tokens: 1 } } };

  it('an error right after message_start is the first and only event, so the router can still fail over', async () => {
    const text = await translate([frames([start, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }])], {});
    expect(text).toBe('data: {"error":{"message":"Overloaded","type":"overloaded_error","code":"overloaded_error","param":null}}\n\n');
  });

  it('a stream that ends before message_delta ends with an error event', async () => {
    const text = await translate([frames([start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }])], {});
    expect(checkChatStream(text)).toEqual([]);
    expect(assembleChatStream(text).error).toMatchObject({ type: 'api_error', message: expect.stringContaining('ended before the message was complete') });
  });

  it('a stream that ends after message_delta without message_stop still finishes', async () => {
    const text = await translate([frames([start, { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }])], {});
    expect(checkChatStream(text)).toEqual([]);
    expect(assembleChatStream(text)).toMatchObject({ content: '', finishReason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 2 } });
  });

  it('data that is not JSON ends the stream with an error event', async () => {
    const text = await translate([encoder.encode('event: message_start\ndata: <html>\n\n')], {});
    expect(text).toBe('data: {"error":{"message":"The upstream sent a stream event that is not JSON.","type":"bad_response","code":"bad_response","param":null}}\n\n');
  });

  it('a tool_use block whose input came whole in content_block_start sends it as the arguments', async () => {
    const text = await translate([frames([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } },
      { type: 'message_stop' },
    ])], {});
    expect(checkChatStream(text)).toEqual([]);
    expect(assembleChatStream(text).toolCalls).toEqual([{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' }]);
  });

  it('passes redacted thinking on whole, and skips server tool blocks and unknown events', async () => {
    const text = await translate([frames([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'abc' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'something_new', index: 2 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Done.' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } },
      { type: 'message_stop' },
    ])], {});
    expect(checkChatStream(text)).toEqual([]);
    expect(assembleChatStream(text)).toMatchObject({ content: 'Done.', toolCalls: [], finishReason: 'stop', thinkingBlocks: [{ type: 'redacted_thinking', data: 'abc' }] });
  });
});

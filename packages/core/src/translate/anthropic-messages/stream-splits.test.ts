/**
 * Recorded (and a few constructed, see the fixtures README) chat streams, replayed as SSE bytes
 * through parseSseEvents → chatStreamToMessages: the Anthropic events must be a valid Anthropic
 * stream, say what the chat stream said, and be the same however the bytes are cut.
 *
 * Cutting: the translator reads parsed chat events, never bytes, and takes its ids from the
 * injected ones, so bytes that parse to the same events translate to the same output. That the
 * parser reads the same events from these bytes cut at every position is proven, for every chat
 * stream fixture, in ../anthropic-messages/parse-sse-events-splits.test.ts (the bytes are the
 * testkit's chatStreamBytes, here and there). Here the whole pipeline, bytes → parser →
 * translator, runs one byte at a time (a cut at every position at once) and in seeded random
 * pieces, and must give the uncut translation exactly.
 */
import { assembledText, chatStreamBytes, cutAt } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { chatStreamToMessages } from './chat-stream-to-messages.js';
import { assembleAnthropicContent, checkAnthropicStream } from './check-anthropic-stream.js';
import { parseSseEvents } from './parse-sse-events.js';
import type { AnthropicStreamEvent } from './types.js';


async function* pieces<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

function translate(parts: Uint8Array[]): Promise<AnthropicStreamEvent[]> {
  let ids = 0;
  return collect(chatStreamToMessages(parseSseEvents(pieces(parts)), 'claude-test', { generateId: () => `gen${++ids}` }));
}

/** mulberry32: a fixed seed gives the same "random" cuts on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a chat client would assemble from the payload lines: text, reasoning, tool calls by index, the last usage. */
function chatAssembly(lines: readonly string[]) {
  let text = '';
  let reasoning = '';
  let usage: { completion_tokens?: number } | null = null;
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for (const line of lines) {
    const chunk = JSON.parse(line);
    if (chunk.usage) usage = chunk.usage;
    const delta = chunk.choices?.[0]?.delta ?? {};
    text += delta.content ?? '';
    reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
    for (const call of delta.tool_calls ?? []) {
      const entry = calls.get(call.index) ?? { id: '', name: '', arguments: '' };
      entry.id ||= call.id ?? '';
      entry.name ||= call.function?.name ?? '';
      entry.arguments += call.function?.arguments ?? '';
      calls.set(call.index, entry);
    }
  }
  const tools = [...calls.values()].map((call) => ({ id: call.id, name: call.name, input: call.arguments.trim() ? JSON.parse(call.arguments) : {} }));
  return { text, reasoning, tools, outputTokens: usage?.completion_tokens ?? 0 };
}

const CASES: Array<{ name: string; stop: string; error?: boolean }> = [
  { name: 'openai-text', stop: 'end_turn' },
  { name: 'dashscope-text', stop: 'end_turn' },
  { name: 'dashscope-reasoning', stop: 'end_turn' },
  { name: 'deepseek-reasoning', stop: 'end_turn' },
  { name: 'perplexity-text', stop: 'end_turn' },
  { name: 'dashscope-tool-call', stop: 'tool_use' },
  { name: 'deepseek-tool-call', stop: 'tool_use' },
  { name: 'groq-tool-call', stop: 'tool_use' },
  { name: 'mistral-incremental-tool-call', stop: 'tool_use' },
  { name: 'xai-tool-call', stop: 'tool_use' },
  { name: 'openai-parallel-tool-calls', stop: 'tool_use' },
  { name: 'openai-interleaved-tool-calls', stop: 'tool_use' },
  { name: 'openai-error-mid-stream', stop: '', error: true },
];

describe.each(CASES)('$name', ({ name, stop, error }) => {
  // The bytes whose every cut the parser's split test reads back as the same events.
  const fixture = chatStreamBytes(name);
  const { lines, bytes } = fixture;
  const expected = chatAssembly(error ? lines.slice(0, -1) : lines);
  // The uncut translation, made by whichever test asks first (so each test also runs alone).
  let uncut: Promise<AnthropicStreamEvent[]> | undefined;
  const whole = () => (uncut ??= translate([bytes]));

  it('translates to a valid Anthropic stream that says what the chat stream said', async () => {
    expect(fixture.error).toBe(Boolean(error));
    const reference = await whole();
    expect(checkAnthropicStream(reference)).toEqual([]);
    const content = assembleAnthropicContent(reference);
    const joined = (type: string, field: 'text' | 'thinking') => content.filter((block) => block.type === type).map((block) => block[field]).join('');
    expect(joined('text', 'text')).toBe(expected.text);
    expect(expected.text).toBe(assembledText(error ? lines.slice(0, -1) : lines));
    expect(joined('thinking', 'thinking')).toBe(expected.reasoning);
    if (error) {
      expect(reference.at(-1)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('server had an error') } });
      return;
    }
    expect(content.filter((block) => block.type === 'tool_use').map(({ id, name: toolName, input }) => ({ id, name: toolName, input }))).toEqual(expected.tools);
    const end = reference.at(-2);
    expect(end).toMatchObject({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, });
    // At least the completion tokens (xAI's reasoning tokens are added: see chat-mapping.ts).
    expect((end as { usage: { output_tokens: number } }).usage.output_tokens).toBeGreaterThanOrEqual(expected.outputTokens);
    expect(expected.outputTokens).toBeGreaterThan(0);
  });

  it('is the same one byte at a time and in seeded random pieces', async () => {
    const reference = await whole();
    const oneByOne = Array.from({ length: bytes.length }, (_, offset) => bytes.subarray(offset, offset + 1));
    expect(await translate(oneByOne)).toEqual(reference);
    const next = random(name.length * 7919);
    for (let run = 0; run < 8; run++) {
      const count = 2 + Math.floor(next() * 40);
      const offsets = [...new Set(Array.from({ length: count }, () => 1 + Math.floor(next() * (bytes.length - 1))))].sort((a, b) => a - b);
      expect(await translate(cutAt(bytes, offsets)), `cuts ${offsets.join(',')}`).toEqual(reference);
    }
  });
});

/**
 * Recorded (and a few constructed, see the fixtures README) chat streams, replayed as SSE bytes
 * through parseSseEvents → chatStreamToMessages: the Anthropic events must be a valid Anthropic
 * stream, say what the chat stream said, and be the same however the bytes are cut.
 *
 * Cutting: a cut changes how the parser receives the one event it falls in, and nothing else
 * (between events the parser holds no bytes). Short streams are cut in two at every byte and run
 * whole; long ones are cut at every byte too, with one cut per event in each run (the testkit's
 * frameCutLists), and every stream also runs one byte at a time and in seeded random pieces.
 */
import { assembledText, cutAt, differingCuts, fixtureChunks, frameCutLists, sseFrames } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { chatStreamToMessages } from './chat-stream-to-messages.js';
import { assembleAnthropicContent, checkAnthropicStream } from './check-anthropic-stream.js';
import { parseSseEvents } from './parse-sse-events.js';
import type { AnthropicStreamEvent } from './types.js';

const encoder = new TextEncoder();

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

const WHOLE_RUN_LIMIT = 4_000;

describe.each(CASES)('$name', ({ name, stop, error }) => {
  const lines = fixtureChunks(name);
  const frames = sseFrames(lines, !error).map((frame) => encoder.encode(frame));
  const bytes = encoder.encode(sseFrames(lines, !error).join(''));
  const expected = chatAssembly(error ? lines.slice(0, -1) : lines);
  // The uncut translation, made by whichever test asks first (so each test also runs alone).
  let uncut: Promise<AnthropicStreamEvent[]> | undefined;
  const whole = () => (uncut ??= translate([bytes]));

  it('translates to a valid Anthropic stream that says what the chat stream said', async () => {
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

  if (bytes.length <= WHOLE_RUN_LIMIT) {
    it('is the same when the bytes are cut in two at every position', async () => {
      const reference = JSON.stringify(await whole());
      const differing: number[] = [];
      for (let cut = 1; cut < bytes.length; cut++) if (JSON.stringify(await translate(cutAt(bytes, [cut]))) !== reference) differing.push(cut);
      expect(differing).toEqual([]);
    });
  } else {
    it('is the same when the bytes are cut at every position, one cut per event in each run', async () => {
      const lists = frameCutLists(frames);
      expect(lists.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: bytes.length - 1 }, (_, index) => index + 1));
      expect(await differingCuts(bytes, lists, async (parts) => JSON.stringify(await translate(parts)), JSON.stringify(await whole()))).toEqual([]);
    }, 60_000);
  }

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

/**
 * Recorded (and a few constructed, see the fixtures README) chat streams, replayed as SSE bytes
 * through parseSseEvents → chatStreamToResponses: the Responses events must be a valid Responses
 * stream, say what the chat stream said, and be the same however the bytes are cut.
 *
 * Cutting: the translator reads parsed chat events, never bytes, and takes its ids and clock from the
 * injected ones, so bytes that parse to the same events translate to the same output. That the
 * parser reads the same events from these bytes cut at every position is proven, for every chat
 * stream fixture, in ../anthropic-messages/parse-sse-events-splits.test.ts (the bytes are the
 * testkit's chatStreamBytes, here and there). Here the whole pipeline, bytes → parser →
 * translator, runs one byte at a time (a cut at every position at once) and in seeded random
 * pieces, and must give the uncut translation exactly.
 */
import { assembledText, chatStreamBytes, cutAt } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { parseSseEvents } from '../anthropic-messages/parse-sse-events.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { responsesRequestToChat } from './responses-request-to-chat.js';
import type { ResponsesResponse, ResponsesStreamEvent } from './types.js';

const context = responsesRequestToChat({ model: 'gpt-client', input: 'Weather?', stream: true, tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' } }] });

async function* pieces<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

function translate(parts: Uint8Array[]): Promise<ResponsesStreamEvent[]> {
  let ids = 0;
  return collect(chatStreamToResponses(parseSseEvents(pieces(parts)), context, { generateId: () => `gen${++ids}`, now: () => 1_764_500_000_000 }));
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

/** What a chat client would assemble from the payload lines: text, refusal, reasoning, tool calls by index, the last usage. */
function chatAssembly(lines: readonly string[]) {
  let text = '';
  let refusal = '';
  let reasoning = '';
  let usage: { completion_tokens?: number } | null = null;
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for (const line of lines) {
    const chunk = JSON.parse(line);
    if (chunk.usage) usage = chunk.usage;
    if (chunk.x_groq?.usage) usage = chunk.x_groq.usage;
    const delta = chunk.choices?.[0]?.delta ?? {};
    text += delta.content ?? '';
    refusal += delta.refusal ?? '';
    reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
    for (const call of delta.tool_calls ?? []) {
      const entry = calls.get(call.index) ?? { id: '', name: '', arguments: '' };
      entry.id ||= call.id ?? '';
      entry.name ||= call.function?.name ?? '';
      entry.arguments += call.function?.arguments ?? '';
      calls.set(call.index, entry);
    }
  }
  const tools = [...calls.values()].map((call) => ({ call_id: call.id, name: call.name, input: call.arguments.trim() ? JSON.parse(call.arguments) : {} }));
  return { text, refusal, reasoning, tools, outputTokens: usage?.completion_tokens ?? 0 };
}

const CASES: Array<{ name: string; status: ResponsesResponse['status']; error?: boolean }> = [
  { name: 'openai-text', status: 'completed' },
  { name: 'dashscope-text', status: 'completed' },
  { name: 'dashscope-reasoning', status: 'completed' },
  { name: 'deepseek-reasoning', status: 'completed' },
  { name: 'perplexity-text', status: 'completed' },
  { name: 'dashscope-tool-call', status: 'completed' },
  { name: 'deepseek-tool-call', status: 'completed' },
  { name: 'groq-tool-call', status: 'completed' },
  { name: 'mistral-incremental-tool-call', status: 'completed' },
  { name: 'xai-tool-call', status: 'completed' },
  { name: 'openai-parallel-tool-calls', status: 'completed' },
  { name: 'openai-interleaved-tool-calls', status: 'completed' },
  { name: 'openai-length', status: 'incomplete' },
  { name: 'openai-refusal', status: 'completed' },
  { name: 'openai-error-mid-stream', status: 'failed', error: true },
];

describe.each(CASES)('$name', ({ name, status, error }) => {
  // The bytes whose every cut the parser's split test reads back as the same events.
  const fixture = chatStreamBytes(name);
  const { lines, bytes } = fixture;
  const expected = chatAssembly(error ? lines.slice(0, -1) : lines);
  // The uncut translation, made by whichever test asks first (so each test also runs alone).
  let uncut: Promise<ResponsesStreamEvent[]> | undefined;
  const whole = () => (uncut ??= translate([bytes]));

  it('translates to a valid Responses stream that says what the chat stream said', async () => {
    expect(fixture.error).toBe(Boolean(error));
    const reference = await whole();
    expect(checkResponsesStream(reference)).toEqual([]);
    const final = (reference.at(-1) as { response: ResponsesResponse }).response;
    expect(final.status).toBe(status);
    const output = final.output;
    const message = (kind: 'output_text' | 'refusal') => output.flatMap((item) => (item.type === 'message' ? item.content : [])).map((part) => (part.type === kind ? (kind === 'refusal' ? (part as { refusal: string }).refusal : (part as { text: string }).text) : '')).join('');
    expect(message('output_text')).toBe(expected.text);
    expect(expected.text).toBe(assembledText(error ? lines.slice(0, -1) : lines));
    expect(message('refusal')).toBe(expected.refusal);
    expect(output.flatMap((item) => (item.type === 'reasoning' ? item.summary.map((part) => part.text) : [])).join('')).toBe(expected.reasoning);
    if (error) {
      expect(final.error).toEqual({ code: 'server_error', message: expect.stringContaining('server had an error') });
      return;
    }
    const calls = output.flatMap((item) => (item.type === 'function_call' ? [{ call_id: item.call_id, name: item.name, input: JSON.parse(item.arguments) }] : []));
    expect(calls).toEqual(expected.tools);
    // At least the completion tokens (xAI's reasoning tokens are added: see response-object.ts).
    expect(final.usage!.output_tokens).toBeGreaterThanOrEqual(expected.outputTokens);
    expect(expected.outputTokens).toBeGreaterThan(0);
    if (status === 'incomplete') expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
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

/** Chat stream events → Anthropic stream events: the ordering decisions, end-of-stream rules and errors, on constructed event sequences. */
import { fixtureChunks } from '@router/testkit';
import { describe, expect, it } from 'vitest';
import { chatStreamToMessages, type ChatStreamOptions } from './chat-stream-to-messages.js';
import { assembleAnthropicContent, checkAnthropicStream } from './check-anthropic-stream.js';
import type { AnthropicStreamEvent, ChatStreamEvent } from './types.js';

type Delta = Record<string, unknown>;
const chunk = (delta: Delta | null, finish: string | null = null, extra: Delta = {}): ChatStreamEvent => ({
  type: 'chunk',
  chunk: { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finish }], ...extra },
});
const DONE: ChatStreamEvent = { type: 'done' };
const call = (index: number, fields: { id?: string; name?: string; arguments?: string }) => ({
  tool_calls: [{ index, ...(fields.id ? { id: fields.id, type: 'function' } : {}), function: { ...(fields.name !== undefined ? { name: fields.name } : {}), arguments: fields.arguments ?? '' } }],
});

async function run(events: ChatStreamEvent[], options: ChatStreamOptions = {}): Promise<AnthropicStreamEvent[]> {
  async function* source() {
    yield* events;
  }
  const out: AnthropicStreamEvent[] = [];
  for await (const event of chatStreamToMessages(source(), 'claude-test', { generateId: () => 'gen', ...options })) out.push(event);
  return out;
}

const usage = { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37, prompt_tokens_details: { cached_tokens: 10 } };
const finalUsage = { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 10, output_tokens: 7 };
const zeroUsage = { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 };

describe('chatStreamToMessages', () => {
  it('emits the exact Anthropic sequence for a text answer, with the usage that came after finish_reason', async () => {
    const events = await run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), chunk(null, null, { usage }), DONE]);
    expect(events).toEqual([
      { type: 'message_start', message: { id: 'msg_gen', type: 'message', role: 'assistant', model: 'claude-test', content: [], stop_reason: null, stop_sequence: null, usage: zeroUsage } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: finalUsage },
      { type: 'message_stop' },
    ]);
  });

  it('closes the blocks as soon as finish_reason arrives, before the usage chunk', async () => {
    async function* source(): AsyncGenerator<ChatStreamEvent> {
      yield chunk({ content: 'x' }, 'stop');
      seenBeforeUsage = out.map((event) => event.type);
      yield chunk(null, null, { usage });
      yield DONE;
    }
    let seenBeforeUsage: string[] = [];
    const out: AnthropicStreamEvent[] = [];
    for await (const event of chatStreamToMessages(source(), 'm')) out.push(event);
    expect(seenBeforeUsage).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop']);
    expect(out.at(-2)).toMatchObject({ usage: finalUsage });
  });

  it('reports input tokens in message_start when the first chunk carries usage', async () => {
    const events = await run([chunk({ content: 'x' }, null, { usage: { prompt_tokens: 12, completion_tokens: 0 } }), chunk({}, 'stop', { usage: { prompt_tokens: 12, completion_tokens: 1 } }), DONE]);
    expect(events[0]).toMatchObject({ message: { usage: { input_tokens: 12, output_tokens: 0 } } });
    expect(events.at(-2)).toMatchObject({ usage: { input_tokens: 12, output_tokens: 1 } });
  });

  it('opens a new block at each switch between reasoning and text, indexes increasing', async () => {
    const events = await run([chunk({ reasoning_content: 'a' }), chunk({ reasoning: 'b' }), chunk({ content: 'c', reasoning_content: null }), chunk({ reasoning_content: 'd' }), chunk({ content: 'e' }, 'stop'), DONE]);
    expect(checkAnthropicStream(events)).toEqual([]);
    expect(assembleAnthropicContent(events)).toEqual([
      { type: 'thinking', thinking: 'ab', signature: '' },
      { type: 'text', text: 'c' },
      { type: 'thinking', thinking: 'd', signature: '' },
      { type: 'text', text: 'e' },
    ]);
  });

  it('starts a tool block only once the call is named, with every argument fragment held until then', async () => {
    const events = await run([chunk(call(0, { id: 'call_1', arguments: '{"a"' })), chunk(call(0, { name: 'lookup', arguments: ':1' })), chunk(call(0, { arguments: '}' }), 'tool_calls'), DONE]);
    expect(events.slice(1, -2)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_1', name: 'lookup', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":1' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '}' } },
      { type: 'content_block_stop', index: 0 },
    ]);
  });

  it('keeps text after a tool call out of the tool block: it follows the tool calls as one block', async () => {
    const events = await run([
      chunk({ content: 'Let me look.' }),
      chunk(call(0, { id: 'c0', name: 'first', arguments: '{}' })),
      chunk({ content: '\n\n' }),
      chunk(call(1, { id: 'c1', name: 'second', arguments: '{"q":' })),
      chunk({ content: 'More.' }),
      chunk(call(1, { arguments: '2}' }), 'tool_calls'),
      DONE,
    ]);
    expect(checkAnthropicStream(events)).toEqual([]);
    expect(assembleAnthropicContent(events)).toEqual([
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'c0', name: 'first', input: {} },
      { type: 'tool_use', id: 'c1', name: 'second', input: { q: 2 } },
      { type: 'text', text: '\n\nMore.' },
    ]);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('gives a call without an id a generated one and drops a call that is never named', async () => {
    const events = await run([chunk(call(0, { name: 'named', arguments: '' })), chunk(call(1, { id: 'x', arguments: '{}' }), 'tool_calls'), DONE]);
    expect(assembleAnthropicContent(events)).toEqual([{ type: 'tool_use', id: 'toolu_gen', name: 'named', input: {} }]);
  });

  it.each([
    ['length with a tool call', [chunk(call(0, { id: 'c', name: 't', arguments: '{"a' }), 'length')], 'max_tokens'],
    ['stop with a tool call', [chunk(call(0, { id: 'c', name: 't', arguments: '{}' }), 'stop')], 'tool_use'],
    ['content_filter', [chunk({ content: 'x' }, 'content_filter')], 'refusal'],
    ['[DONE] without finish_reason', [chunk({ content: 'x' })], 'end_turn'],
  ])('maps %s to %s', async (_, events, stopReason) => {
    const out = await run([...events, DONE]);
    expect(checkAnthropicStream(out)).toEqual([]);
    expect(out.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: stopReason } });
  });

  it('reports the stop sequence the upstream names (vLLM stop_reason)', async () => {
    const events = await run([chunk({ content: 'x' }), { type: 'chunk', chunk: { choices: [{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: 'END' }] } }, DONE], { stopSequences: ['END'] });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } });
  });

  it('finishes normally when the upstream closes after finish_reason without [DONE], and ignores anything after [DONE]', async () => {
    expect((await run([chunk({ content: 'x' }, 'stop')])).at(-1)).toEqual({ type: 'message_stop' });
    const afterDone = await run([chunk({ content: 'x' }, 'stop'), DONE, chunk({ content: 'late' }), { type: 'error', error: { message: 'late' } }]);
    expect(afterDone.at(-1)).toEqual({ type: 'message_stop' });
    expect(assembleAnthropicContent(afterDone)).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('ends with an api_error when the upstream closes before finishing', async () => {
    const events = await run([chunk({ content: 'partial' })]);
    expect(events.at(-1)).toEqual({ type: 'error', error: { type: 'api_error', message: 'The upstream stream ended before the response was complete.' } });
    expect(checkAnthropicStream(events)).toEqual([]);
  });

  it('gives every message its own id, not the upstream\'s (Claude Code merges messages that share one, and an upstream may reuse its id)', async () => {
    let next = 0;
    const generateId = () => `gen${++next}`;
    const first = await run([chunk({ content: 'A' }), chunk({}, 'stop'), DONE], { generateId });
    const second = await run([chunk({ content: 'B' }), chunk({}, 'stop'), DONE], { generateId });
    expect([first[0], second[0]]).toEqual([expect.objectContaining({ message: expect.objectContaining({ id: 'msg_gen1' }) }), expect.objectContaining({ message: expect.objectContaining({ id: 'msg_gen2' }) })]);
  });

  it('still sends a whole message for an empty but finished stream', async () => {
    const events = await run([DONE]);
    expect(events.map((event) => event.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(events[0]).toMatchObject({ message: { id: 'msg_gen' } });
  });

  it.each([
    [{ message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' }, 'rate_limit_error'],
    [{ message: 'Overloaded', type: 'overloaded_error' }, 'overloaded_error'],
    [{ message: 'Service unavailable', code: 503 }, 'overloaded_error'],
    [{ message: 'Boom', type: 'server_error' }, 'api_error'],
    [{ message: 'Too long', code: '400' }, 'invalid_request_error'],
  ])('turns an upstream error %j into an Anthropic %s event and stops', async (error, type) => {
    const events = await run([chunk({ content: 'x' }), { type: 'error', error }, chunk({ content: 'never' }), DONE]);
    expect(events.at(-1)).toEqual({ type: 'error', error: { type, message: error.message } });
    expect(events.filter((event) => event.type === 'message_delta' || event.type === 'message_stop')).toEqual([]);
  });

  it('sends only the error when the upstream fails before its first chunk', async () => {
    expect(await run([{ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } }])).toEqual([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
  });
});

/** The real Anthropic recordings, event by event, against what the translator emits for the same content. */
describe('event shapes compared with recorded Anthropic streams', () => {
  const recorded = (name: string) => fixtureChunks(name).map((line) => JSON.parse(line)).filter((event) => event.type !== 'ping');
  const keys = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, keys(inner)]).sort(([a], [b]) => String(a).localeCompare(String(b)))) : typeof value;
  // Recorded fields Anthropic adds that an OpenAI upstream has no source for.
  const omit = (event: Record<string, any>) => {
    if (event.type === 'message_start') for (const field of ['cache_creation', 'service_tier', 'inference_geo']) delete event.message.usage[field];
    return event;
  };

  it('matches anthropic-tool-no-args: text, then a tool call with no arguments', async () => {
    const mine = await run([
      chunk({ role: 'assistant', content: "I'll update the issue list for" }),
      chunk({ content: ' you.' }),
      chunk(call(0, { id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: '' })),
      chunk({}, 'tool_calls'),
      chunk(null, null, { usage: { prompt_tokens: 565, completion_tokens: 48 } }),
      DONE,
    ]);
    const theirs = recorded('anthropic-tool-no-args');
    expect(mine.map(keys)).toEqual(theirs.map(omit).map(keys));
    // Same content blocks and deltas, including the lone empty input_json_delta of a call without arguments.
    expect(mine.slice(1, -2)).toEqual(theirs.slice(1, -2));
    expect(mine.at(-2)).toEqual(theirs.at(-2));
  });

  it('matches anthropic-json-tool: a tool call whose arguments stream in pieces', async () => {
    const theirs = recorded('anthropic-json-tool.1');
    const fragments = theirs.filter((event) => event.type === 'content_block_delta').map((event) => event.delta.partial_json).filter(Boolean);
    const mine = await run([
      chunk(call(0, { id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', arguments: '' })),
      ...fragments.map((fragment: string) => chunk(call(0, { arguments: fragment }))),
      chunk({}, 'tool_calls', { usage: { prompt_tokens: 849, completion_tokens: 47 } }),
      DONE,
    ]);
    expect(mine.map(keys)).toEqual(theirs.map(omit).map(keys));
    expect(mine.slice(1, -2)).toEqual(theirs.slice(1, -2));
  });

  it('matches anthropic-text: one text block', async () => {
    const theirs = recorded('anthropic-text');
    const texts = theirs.filter((event) => event.type === 'content_block_delta').map((event) => event.delta.text);
    const mine = await run([...texts.map((text: string) => chunk({ content: text })), chunk({}, 'stop', { usage: { prompt_tokens: 12, completion_tokens: 30 } }), DONE]);
    expect(mine.map(keys)).toEqual(theirs.map(omit).map(keys));
    expect(mine.slice(1)).toEqual(theirs.slice(1));
  });
});

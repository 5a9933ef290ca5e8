/** The stream grammar checker itself: it must catch what clients choke on, or the split suites prove nothing. */
import { describe, expect, it } from 'vitest';
import { assembleAnthropicContent, checkAnthropicStream } from './check-anthropic-stream.js';
import type { AnthropicStreamEvent } from './types.js';

const start: AnthropicStreamEvent = { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } } };
const end: AnthropicStreamEvent[] = [{ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: start.message.usage }, { type: 'message_stop' }];
const text = (index: number): AnthropicStreamEvent[] => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text: `t${index}` } },
  { type: 'content_block_stop', index },
];

describe('checkAnthropicStream', () => {
  it('accepts a well-formed stream, pings included, and one ended by an error', () => {
    expect(checkAnthropicStream([start, { type: 'ping' }, ...text(0), ...text(1), ...end])).toEqual([]);
    expect(checkAnthropicStream([start, text(0)[0], { type: 'error', error: { type: 'api_error', message: 'x' } }])).toEqual([]);
  });

  it.each([
    ['no message_start', [...text(0), ...end]],
    ['an index skipped', [start, ...text(1), ...end]],
    ['blocks overlapping', [start, text(0)[0], ...text(1), text(0)[2], ...end]],
    ['a delta of the wrong kind', [start, text(0)[0], { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } }, text(0)[2], ...end]],
    ['a block never stopped', [start, text(0)[0], ...end]],
    ['message_stop without message_delta', [start, ...text(0), end[1]]],
    ['events after message_stop', [start, ...end, ...text(0)]],
    ['no end', [start, ...text(0)]],
  ])('rejects %s', (_, events) => {
    expect(checkAnthropicStream(events as AnthropicStreamEvent[])).not.toEqual([]);
  });
});

describe('assembleAnthropicContent', () => {
  it('assembles text and parses tool input from its fragments, empty as {}', () => {
    expect(assembleAnthropicContent([
      start,
      ...text(0),
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'b', name: 'g', input: {} } },
    ])).toEqual([{ type: 'text', text: 't0' }, { type: 'tool_use', id: 'a', name: 'f', input: { x: 1 } }, { type: 'tool_use', id: 'b', name: 'g', input: {} }]);
  });
});

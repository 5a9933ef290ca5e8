/** Upstream SSE bytes → chat stream events. */
import { describe, expect, it } from 'vitest';
import { parseSseEvents } from './parse-sse-events.js';
import type { ChatStreamEvent } from './types.js';

async function parse(...parts: Array<string | Uint8Array>): Promise<ChatStreamEvent[]> {
  async function* source() {
    for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
  }
  const events: ChatStreamEvent[] = [];
  for await (const event of parseSseEvents(source())) events.push(event);
  return events;
}

describe('parseSseEvents', () => {
  it('reads chunks and [DONE] with any line ending, skipping comments and empty data', async () => {
    expect(await parse(': keep-alive\n\n', 'data: {"a":1}\r\n\r\n', 'data:{"b":2}\r\rdata: \n\n', 'data: [DONE]\n\n')).toEqual([
      { type: 'chunk', chunk: { a: 1 } },
      { type: 'chunk', chunk: { b: 2 } },
      { type: 'done' },
    ]);
  });

  it('joins a character split across network chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"日本"}\n\n');
    expect(await parse(bytes.subarray(0, 12), bytes.subarray(12))).toEqual([{ type: 'chunk', chunk: { t: '日本' } }]);
  });

  it('dispatches a last event that lacks its blank line', async () => {
    expect(await parse('data: {"a":1}\n\ndata: {"b":2}')).toEqual([{ type: 'chunk', chunk: { a: 1 } }, { type: 'chunk', chunk: { b: 2 } }]);
  });

  it('turns {"error":…} payloads, `event: error` and broken JSON into error events', async () => {
    expect(await parse(
      'data: {"error":{"message":"Overloaded","type":"overloaded_error","code":529}}\n\n',
      'data: {"error":"plain"}\n\n',
      'event: error\ndata: {"message":"named event","status":429}\n\n',
      'data: {"cut\n\n',
      'data: [1,2]\n\n',
      'data: {"error":null,"choices":[]}\n\n',
    )).toEqual([
      { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error', code: 529 } },
      { type: 'error', error: { message: 'plain' } },
      { type: 'error', error: { message: 'named event', code: 429 } },
      { type: 'error', error: { message: 'The upstream sent a stream event that is not JSON.', type: 'bad_response' } },
      { type: 'error', error: { message: 'The upstream sent a stream event that is not a JSON object.', type: 'bad_response' } },
      { type: 'chunk', chunk: { error: null, choices: [] } },
    ]);
  });
});

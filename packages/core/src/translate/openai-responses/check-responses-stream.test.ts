/** The grammar checker catches what it is meant to catch (a checker that passes everything proves nothing). */
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../anthropic-messages/types.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { responsesRequestToChat } from './responses-request-to-chat.js';
import type { ResponsesResponse, ResponsesStreamEvent } from './types.js';

const context = responsesRequestToChat({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }] });

async function valid(): Promise<ResponsesStreamEvent[]> {
  const chat: ChatStreamEvent[] = [
    { type: 'chunk', chunk: { choices: [{ index: 0, delta: { reasoning_content: 'R' } }] } },
    { type: 'chunk', chunk: { choices: [{ index: 0, delta: { content: 'T' } }] } },
    { type: 'chunk', chunk: { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] } }] } },
    { type: 'chunk', chunk: { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
    { type: 'done' },
  ];
  async function* events() {
    yield* chat;
  }
  const out: ResponsesStreamEvent[] = [];
  for await (const event of chatStreamToResponses(events(), context)) out.push(event);
  return out;
}

/** Renumbers sequence numbers after an edit, so only the edit itself is at fault. */
const renumber = (events: ResponsesStreamEvent[]) => events.map((event, index) => ({ ...event, sequence_number: index }) as ResponsesStreamEvent);
const indexOf = (events: ResponsesStreamEvent[], type: string, from = 0) => events.findIndex((event, index) => index >= from && event.type === type);

describe('checkResponsesStream', () => {
  it('accepts a translated stream', async () => {
    expect(checkResponsesStream(await valid())).toEqual([]);
  });

  it('catches a gap or repeat in sequence numbers', async () => {
    const events = await valid();
    events[3] = { ...events[3], sequence_number: 2 };
    expect(checkResponsesStream(events)).toEqual([expect.stringContaining('sequence_number 2, expected 3')]);
  });

  it('catches a delta before its item is added and an item added while another is open', async () => {
    const events = await valid();
    const added = indexOf(events, 'response.output_item.added', 3);
    const moved = renumber([...events.slice(0, added), events[added + 2], events[added], events[added + 1], ...events.slice(added + 3)]);
    expect(checkResponsesStream(moved).length).toBeGreaterThan(0);
    const firstDone = indexOf(events, 'response.output_item.done');
    expect(checkResponsesStream(renumber(events.filter((_, index) => index !== firstDone))).some((problem) => problem.includes('while 0 is open'))).toBe(true);
  });

  it('catches done text or arguments that differ from their deltas', async () => {
    const events = await valid();
    const textDone = indexOf(events, 'response.output_text.done');
    events[textDone] = { ...events[textDone], text: 'other' } as ResponsesStreamEvent;
    const argsDone = indexOf(events, 'response.function_call_arguments.done');
    events[argsDone] = { ...events[argsDone], arguments: '{"x":1}' } as ResponsesStreamEvent;
    const problems = checkResponsesStream(events);
    expect(problems.some((problem) => problem.includes('done text differs'))).toBe(true);
    expect(problems.some((problem) => problem.includes('done arguments differ'))).toBe(true);
  });

  it('catches a missing, doubled or misplaced terminal event, and a terminal output that is not the items done', async () => {
    const events = await valid();
    expect(checkResponsesStream(events.slice(0, -1))).toContain('the stream ends without a terminal event');
    expect(checkResponsesStream([...events, { ...events.at(-1)!, sequence_number: events.length }]).some((problem) => problem.includes('after the terminal event'))).toBe(true);
    const last = events.at(-1) as ResponsesStreamEvent & { response: ResponsesResponse };
    expect(checkResponsesStream([...events.slice(0, -1), { ...last, response: { ...last.response, output: last.response.output.slice(1) } } as ResponsesStreamEvent])).toEqual([expect.stringContaining('output differs')]);
    expect(checkResponsesStream([...events.slice(0, -1), { ...last, type: 'response.incomplete' } as ResponsesStreamEvent])).toEqual([expect.stringContaining('status completed')]);
  });

  it('catches a stream that does not open with response.created and response.in_progress', async () => {
    const events = await valid();
    expect(checkResponsesStream(renumber(events.slice(1)))).toEqual(expect.arrayContaining([expect.stringContaining('must start with response.created')]));
  });
});

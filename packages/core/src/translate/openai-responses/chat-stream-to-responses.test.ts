/** chatStreamToResponses on hand-made chat stream events: the exact event sequence and every edge the recordings do not cover. */
import { describe, expect, it } from 'vitest';
import { UpstreamTimeoutError } from '../../errors.js';
import type { ChatStreamEvent } from '../anthropic-messages/types.js';
import { chatStreamToResponses } from './chat-stream-to-responses.js';
import { checkResponsesStream } from './check-responses-stream.js';
import { responsesRequestToChat } from './responses-request-to-chat.js';
import type { ResponsesResponse, ResponsesStreamEvent } from './types.js';

const context = responsesRequestToChat({
  model: 'gpt-client',
  input: 'x',
  stream: true,
  tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' } }, { type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: { type: 'object' } }] }],
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): ChatStreamEvent => ({ type: 'chunk', chunk: { id: 'chatcmpl-1', choices: [{ index: 0, delta, finish_reason: finish }], ...extra } });
const usage = (prompt: number, completion: number): ChatStreamEvent => ({ type: 'chunk', chunk: { id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } } });
const call = (index: number, fields: { id?: string; name?: string; arguments?: string }): Record<string, unknown> => ({ tool_calls: [{ index, ...(fields.id ? { id: fields.id, type: 'function' } : {}), function: { ...(fields.name ? { name: fields.name } : {}), arguments: fields.arguments ?? '' } }] });

async function* from(events: readonly ChatStreamEvent[], thrown?: unknown): AsyncGenerator<ChatStreamEvent> {
  yield* events;
  if (thrown !== undefined) throw thrown;
}

async function translate(events: readonly ChatStreamEvent[], thrown?: unknown): Promise<ResponsesStreamEvent[]> {
  let ids = 0;
  const out: ResponsesStreamEvent[] = [];
  for await (const event of chatStreamToResponses(from(events, thrown), context, { generateId: () => `gen${++ids}`, now: () => 1_764_500_000_000 })) out.push(event);
  expect(checkResponsesStream(out)).toEqual([]);
  return out;
}

const final = (events: ResponsesStreamEvent[]) => (events.at(-1) as { response: ResponsesResponse }).response;
const shape = (events: ResponsesStreamEvent[]) => events.map((event) => ('output_index' in event ? `${event.type}@${event.output_index}` : event.type));

describe('chatStreamToResponses', () => {
  it('emits the full typed sequence for a text answer, usage from the last chunk', async () => {
    const events = await translate([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usage(5, 2), { type: 'done' }]);
    expect(events.slice(2, -1)).toEqual([
      { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item: { type: 'message', id: 'msg_gen2', status: 'in_progress', role: 'assistant', content: [] } },
      { type: 'response.content_part.added', sequence_number: 3, item_id: 'msg_gen2', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } },
      { type: 'response.output_text.delta', sequence_number: 4, item_id: 'msg_gen2', output_index: 0, content_index: 0, delta: 'Hel', logprobs: [] },
      { type: 'response.output_text.delta', sequence_number: 5, item_id: 'msg_gen2', output_index: 0, content_index: 0, delta: 'lo', logprobs: [] },
      { type: 'response.output_text.done', sequence_number: 6, item_id: 'msg_gen2', output_index: 0, content_index: 0, text: 'Hello', logprobs: [] },
      { type: 'response.content_part.done', sequence_number: 7, item_id: 'msg_gen2', output_index: 0, content_index: 0, part: { type: 'output_text', text: 'Hello', annotations: [], logprobs: [] } },
      { type: 'response.output_item.done', sequence_number: 8, output_index: 0, item: { type: 'message', id: 'msg_gen2', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] } },
    ]);
    expect(events[0]).toMatchObject({ type: 'response.created', sequence_number: 0, response: { id: 'resp_gen1', status: 'in_progress', output: [], usage: null, model: 'gpt-client', created_at: 1_764_500_000 } });
    expect(events[1]).toMatchObject({ type: 'response.in_progress', sequence_number: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', sequence_number: 9, response: { status: 'completed', completed_at: 1_764_500_000, usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 } } });
  });

  it('streams reasoning as a summary, then the text as a message', async () => {
    const events = await translate([chunk({ reasoning_content: 'Think' }), chunk({ reasoning_content: 'ing.' }), chunk({ content: 'Answer.' }), chunk({}, 'stop'), { type: 'done' }]);
    expect(shape(events)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added@0', 'response.reasoning_summary_part.added@0', 'response.reasoning_summary_text.delta@0', 'response.reasoning_summary_text.delta@0',
      'response.reasoning_summary_text.done@0', 'response.reasoning_summary_part.done@0', 'response.output_item.done@0',
      'response.output_item.added@1', 'response.content_part.added@1', 'response.output_text.delta@1', 'response.output_text.done@1', 'response.content_part.done@1', 'response.output_item.done@1',
      'response.completed',
    ]);
    expect(final(events).output[0]).toEqual({ type: 'reasoning', id: 'rs_gen2', summary: [{ type: 'summary_text', text: 'Thinking.' }] });
  });

  it('streams the first tool call live, sends an interleaved second one whole after it, and text after the calls last', async () => {
    const events = await translate([
      chunk(call(0, { id: 'call_a', name: 'weather', arguments: '{"location":' })),
      chunk(call(1, { id: 'call_b', name: 'crm__find' })),
      chunk(call(0, { arguments: '"Paris"}' })),
      chunk(call(1, { arguments: '{"q":"Ada"}' })),
      chunk({ content: 'Both.' }),
      chunk({}, 'tool_calls'),
      usage(9, 9),
    ]);
    expect(shape(events).slice(2, -1)).toEqual([
      'response.output_item.added@0', 'response.function_call_arguments.delta@0', 'response.function_call_arguments.delta@0',
      'response.function_call_arguments.done@0', 'response.output_item.done@0',
      'response.output_item.added@1', 'response.function_call_arguments.delta@1', 'response.function_call_arguments.done@1', 'response.output_item.done@1',
      'response.output_item.added@2', 'response.content_part.added@2', 'response.output_text.delta@2', 'response.output_text.done@2', 'response.content_part.done@2', 'response.output_item.done@2',
    ]);
    expect(events[2]).toMatchObject({ item: { type: 'function_call', status: 'in_progress', call_id: 'call_a', name: 'weather', arguments: '' } });
    // The namespaced function comes back with its namespace; the done event names the function as the client knows it.
    expect(final(events).output[1]).toEqual({ type: 'function_call', id: 'fc_gen3', status: 'completed', call_id: 'call_b', name: 'find', namespace: 'crm', arguments: '{"q":"Ada"}' });
    expect(events.find((event) => event.type === 'response.function_call_arguments.done' && event.output_index === 1)).toMatchObject({ name: 'find', arguments: '{"q":"Ada"}' });
    // No [DONE]: the finish reason was sent, so the response is complete.
    expect(final(events)).toMatchObject({ status: 'completed', usage: { total_tokens: 18 } });
  });

  it('gives a call with no arguments one {} delta, and a call without an id one', async () => {
    const events = await translate([chunk(call(0, { name: 'weather' })), chunk({}, 'tool_calls'), { type: 'done' }]);
    expect(events.filter((event) => event.type === 'response.function_call_arguments.delta')).toEqual([expect.objectContaining({ delta: '{}' })]);
    expect(final(events).output).toEqual([{ type: 'function_call', id: 'fc_gen2', status: 'completed', call_id: 'call_gen3', name: 'weather', arguments: '{}' }]);
  });

  it('streams a refusal as a refusal part', async () => {
    const events = await translate([chunk({ content: null, refusal: 'No' }), chunk({ refusal: '.' }), chunk({}, 'stop'), { type: 'done' }]);
    expect(shape(events)).toContain('response.refusal.delta@0');
    expect(final(events).output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] });
  });

  it.each([['length', 'max_output_tokens'], ['content_filter', 'content_filter']])('ends finish_reason %s with response.incomplete (%s), the last item incomplete', async (finish, reason) => {
    const events = await translate([chunk({ reasoning_content: 'R' }), chunk({ content: 'Cut' }), chunk({}, finish), { type: 'done' }]);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason }, completed_at: null } });
    expect(final(events).output.map((item) => ('status' in item ? item.status : undefined))).toEqual([undefined, 'incomplete']);
    expect(events.at(-2)).toMatchObject({ type: 'response.output_item.done', item: { status: 'incomplete' } });
  });

  it('ends an upstream error mid-stream with response.failed holding the output so far', async () => {
    const events = await translate([chunk({ content: 'Part' }), chunk(call(0, { id: 'call_a', name: 'weather', arguments: '{"lo' })), { type: 'error', error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 429 } }]);
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Rate limit reached' }, usage: null } });
    expect(final(events).output).toEqual([
      { type: 'message', id: 'msg_gen2', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Part', annotations: [], logprobs: [] }] },
      { type: 'function_call', id: 'fc_gen3', status: 'incomplete', call_id: 'call_a', name: 'weather', arguments: '{"lo' },
    ]);
  });

  it('fails a stream that ends before it finished, and one whose reading throws', async () => {
    const cut = await translate([chunk({ content: 'Par' })]);
    expect(final(cut)).toMatchObject({ status: 'failed', error: { code: 'server_error', message: expect.stringContaining('ended before') }, output: [{ type: 'message', status: 'incomplete', content: [{ type: 'output_text', text: 'Par' }] }] });
    const thrown = await translate([chunk({ content: 'Par' })], new UpstreamTimeoutError('The upstream sent nothing for 30 s.', 'body'));
    expect(final(thrown)).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'The upstream sent nothing for 30 s.' } });
    const unknown = await translate([], new Error('socket hang up at 10.0.0.1'));
    expect(shape(unknown)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    // An unknown error's details stay in the router.
    expect(final(unknown).error).toEqual({ code: 'server_error', message: 'The upstream stream failed.' });
  });

  it('completes an empty answer that the upstream finished', async () => {
    const events = await translate([{ type: 'done' }]);
    expect(shape(events)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    expect(final(events).output).toEqual([]);
  });

  it('reads only choice 0, ignores chunks after the finish except their usage, and takes a fixed response id', async () => {
    let ids = 0;
    const out: ResponsesStreamEvent[] = [];
    const events = [chunk({ content: 'A' }), { type: 'chunk' as const, chunk: { choices: [{ index: 1, delta: { content: 'B' } }] } }, chunk({}, 'stop'), chunk({ content: 'late' }, null, { usage: { prompt_tokens: 1, completion_tokens: 1 } }), { type: 'done' as const }];
    for await (const event of chatStreamToResponses(from(events), context, { responseId: 'resp_fixed', generateId: () => `gen${++ids}` })) out.push(event);
    expect(final(out)).toMatchObject({ id: 'resp_fixed', output: [{ content: [{ text: 'A' }] }], usage: { total_tokens: 2 } });
  });
});

/**
 * Every client API and path (passed through to a provider speaking the client's API, translated to
 * another), as tables for tests that must hold for all of them: each case's providers, client body
 * and upstream API, and good answers and errors in each upstream API's wire format. A new API, or a
 * provider type that speaks one, belongs in `API_CASES`.
 */
import { createParser } from 'eventsource-parser';
import type { ClientApi } from '../spec/api.js';
import type { UpstreamResponse } from '../spec/transport.js';

const encoder = new TextEncoder();

/** The API an upstream is spoken to in. */
export type UpstreamApi = 'chat' | 'messages' | 'responses' | 'completions' | 'embeddings' | 'count_tokens';

export const sse = (events: readonly (readonly [string | null, object | string])[]) =>
  events.map(([name, data]) => `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);

const chatChunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
const response = { id: 'resp_1', object: 'response', created_at: 1, status: 'completed', model: 'm', output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } };
const completion = (text: string) => ({ id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ text, index: 0, finish_reason: null }] });

/** A good answer in each upstream API: whole, its stream's first events (saying something), and the rest of the stream. */
export const GOOD: Record<UpstreamApi, { json: object; first?: string[]; rest?: string[] }> = {
  chat: {
    json: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] },
    first: sse([[null, chatChunk('ok')]]),
    rest: sse([[null, { ...chatChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }], [null, '[DONE]']]),
  },
  messages: {
    json: message,
    first: sse([
      ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }],
    ]),
    rest: sse([
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } }],
      ['message_stop', { type: 'message_stop' }],
    ]),
  },
  responses: {
    json: response,
    first: sse([
      ['response.created', { type: 'response.created', sequence_number: 0, response: { ...response, status: 'in_progress', output: [] } }],
      ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'message', id: 'msg_1', status: 'in_progress', role: 'assistant', content: [] } }],
      ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'ok' }],
    ]),
    rest: sse([['response.completed', { type: 'response.completed', sequence_number: 3, response }]]),
  },
  completions: {
    json: { ...completion('ok'), choices: [{ text: 'ok', index: 0, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
    first: sse([[null, completion('ok')]]),
    rest: sse([[null, { ...completion(''), choices: [{ text: '', index: 0, finish_reason: 'stop' }] }], [null, '[DONE]']]),
  },
  embeddings: { json: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } } },
  count_tokens: { json: { input_tokens: 3 } },
};

/** An error as each upstream API reports it (in a stream's `error` event, or as a whole body). */
export const ERROR_DATA: Record<UpstreamApi, object> = {
  chat: { error: { message: 'overloaded', type: 'server_error' } },
  completions: { error: { message: 'overloaded', type: 'server_error' } },
  embeddings: { error: { message: 'overloaded', type: 'server_error' } },
  responses: { type: 'error', code: 'server_error', message: 'overloaded', param: null, sequence_number: 0 },
  messages: { type: 'error', error: { type: 'overloaded_error', message: 'overloaded' } },
  count_tokens: { type: 'error', error: { type: 'overloaded_error', message: 'overloaded' } },
};

export interface ApiCase {
  name: string;
  api: ClientApi;
  /** The providers' type and config (both `bad` and `good` are of it). */
  type: 'openai-compatible' | 'anthropic';
  config?: Record<string, unknown>;
  /** The API the upstream is spoken to in. */
  upstream: UpstreamApi;
  body: (stream: boolean) => object;
  /** The client can ask for a stream. */
  streams: boolean;
  /** The client's error shape. */
  dialect: 'openai' | 'anthropic' | 'responses';
}

const chatBody = (stream: boolean) => ({ model: 'MODEL', stream, messages: [{ role: 'user', content: 'hi' }] });
const messagesBody = (stream: boolean) => ({ model: 'MODEL', stream, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const responsesBody = (stream: boolean) => ({ model: 'MODEL', stream, input: 'hi' });

/** Every client API × path. A new API or provider type that speaks one belongs here. */
export const API_CASES: ApiCase[] = [
  { name: 'chat, passed through', api: 'chat', type: 'openai-compatible', upstream: 'chat', body: chatBody, streams: true, dialect: 'openai' },
  { name: 'chat, translated to Anthropic Messages', api: 'chat', type: 'anthropic', upstream: 'messages', body: chatBody, streams: true, dialect: 'openai' },
  { name: 'Messages, passed through', api: 'messages', type: 'anthropic', upstream: 'messages', body: messagesBody, streams: true, dialect: 'anthropic' },
  { name: 'Messages, translated to chat', api: 'messages', type: 'openai-compatible', upstream: 'chat', body: messagesBody, streams: true, dialect: 'anthropic' },
  { name: 'count_tokens, passed through', api: 'count_tokens', type: 'anthropic', upstream: 'count_tokens', body: () => ({ model: 'MODEL', messages: [{ role: 'user', content: 'hi' }] }), streams: false, dialect: 'anthropic' },
  { name: 'Responses, passed through', api: 'responses', type: 'openai-compatible', config: { apis: 'responses' }, upstream: 'responses', body: responsesBody, streams: true, dialect: 'responses' },
  { name: 'Responses, translated to chat', api: 'responses', type: 'openai-compatible', upstream: 'chat', body: responsesBody, streams: true, dialect: 'responses' },
  { name: 'Responses, translated to Anthropic Messages', api: 'responses', type: 'anthropic', upstream: 'messages', body: responsesBody, streams: true, dialect: 'responses' },
  { name: 'completions, passed through', api: 'completions', type: 'openai-compatible', upstream: 'completions', body: (stream) => ({ model: 'MODEL', stream, prompt: 'hi' }), streams: true, dialect: 'openai' },
  { name: 'embeddings, passed through', api: 'embeddings', type: 'openai-compatible', upstream: 'embeddings', body: () => ({ model: 'MODEL', input: 'hi' }), streams: false, dialect: 'openai' },
];

export function answer(status: number, headers: Record<string, string>, chunks: readonly string[]): UpstreamResponse {
  return { status, headers, body: (async function* () { for (const piece of chunks) yield encoder.encode(piece); })() };
}

export const SSE = { 'content-type': 'text/event-stream' };
export const JSON_TYPE = { 'content-type': 'application/json' };

export function goodAnswer(upstream: UpstreamApi, stream: boolean): UpstreamResponse {
  const good = GOOD[upstream];
  return stream ? answer(200, SSE, [...good.first!, ...good.rest!]) : answer(200, JSON_TYPE, [JSON.stringify(good.json)]);
}

/** The SSE events of a client's stream. */
export function events(text: string): { event?: string; data: string }[] {
  const found: { event?: string; data: string }[] = [];
  const parser = createParser({ onEvent: (event) => found.push({ event: event.event, data: event.data }) });
  // a line break after the end: a stream ending in a lone `\r` has ended its last line (the parser waits to see whether `\n` follows)
  parser.feed(`${text}\n`);
  return found;
}

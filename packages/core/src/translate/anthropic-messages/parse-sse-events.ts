/**
 * Upstream chat SSE bytes → chat stream events for the translators. Parsing is eventsource-parser's
 * (any line ending, events split anywhere, comments and `retry:` ignored); this adds UTF-8 decoding
 * across chunk boundaries and the reading of each event's JSON. Translation needs every event's
 * content, so the JSON parse per event is the work itself here, unlike the pass-through relay.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ChatStreamEvent, UpstreamStreamError } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An upstream error object (`{"error":{…}}` or `{"error":"…"}`, OpenAI's shape and its common variants) → its fields. */
export function readUpstreamError(value: unknown): UpstreamStreamError {
  const detail = isObject(value) && 'error' in value ? value.error : value;
  if (typeof detail === 'string') return { message: detail };
  if (!isObject(detail)) return { message: 'The upstream reported an error in its stream.' };
  const error: UpstreamStreamError = { message: typeof detail.message === 'string' && detail.message.length > 0 ? detail.message : 'The upstream reported an error in its stream.' };
  if (typeof detail.type === 'string') error.type = detail.type;
  if (typeof detail.code === 'string' || typeof detail.code === 'number') error.code = detail.code;
  else if (typeof detail.status === 'number') error.code = detail.status;
  return error;
}

function toEvent(message: EventSourceMessage): ChatStreamEvent | null {
  const data = message.data.trim();
  if (data.length === 0) return null;
  if (data === '[DONE]') return { type: 'done' };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { type: 'error', error: { message: 'The upstream sent a stream event that is not JSON.', type: 'bad_response' } };
  }
  if (message.event === 'error' || (isObject(value) && value.error !== undefined && value.error !== null)) return { type: 'error', error: readUpstreamError(value) };
  if (!isObject(value)) return { type: 'error', error: { message: 'The upstream sent a stream event that is not a JSON object.', type: 'bad_response' } };
  return { type: 'chunk', chunk: value };
}

/** Parses an upstream chat completions SSE byte stream into chunk, `[DONE]` and error events, in order. */
export async function* parseSseEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  const decoder = new TextDecoder();
  let pending: ChatStreamEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      const event = toEvent(message);
      if (event !== null) pending.push(event);
    },
  });
  const drain = function* (): Generator<ChatStreamEvent> {
    const ready = pending;
    pending = [];
    yield* ready;
  };
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* drain();
  }
  // A last event without its blank line is incomplete by the SSE rules; it is dispatched anyway
  // (a provider that omits the final blank line still meant it; a cut-off one fails as not JSON).
  parser.feed(`${decoder.decode()}\n\n`);
  yield* drain();
}

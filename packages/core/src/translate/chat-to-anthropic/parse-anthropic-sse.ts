/**
 * Anthropic SSE bytes → its events as objects. Parsing is eventsource-parser's (any line ending,
 * events split anywhere, comments ignored); this adds UTF-8 decoding across chunk boundaries and
 * the reading of each event's JSON, which translation needs anyway.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { asObject } from './messages-mapping.js';

/** One Anthropic stream event: its JSON data, with `type` (from the data, else the SSE event name). */
export type AnthropicWireEvent = Record<string, unknown> & { type: string };

/** The event standing for data that could not be read (it ends the translation like an upstream error). */
export function unreadableEvent(message: string): AnthropicWireEvent {
  return { type: 'error', error: { type: 'bad_response', message } };
}

/** One SSE message → an event, or null for one without data. */
export function toWireEvent(message: EventSourceMessage): AnthropicWireEvent | null {
  const data = message.data.trim();
  if (data.length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return unreadableEvent('The upstream sent a stream event that is not JSON.');
  }
  const object = asObject(value);
  if (!object) return unreadableEvent('The upstream sent a stream event that is not a JSON object.');
  // An `event: error` whose data is only the error detail is still an error.
  if (message.event === 'error' && object.type !== 'error') return { type: 'error', error: asObject(object.error) ?? object };
  if (typeof object.type === 'string') return object as AnthropicWireEvent;
  return typeof message.event === 'string' ? { ...object, type: message.event } : unreadableEvent('The upstream sent a stream event without a type.');
}

/** A parser fed with byte chunks, handing out the complete events so far. */
export interface AnthropicSseParser {
  /** Feeds bytes; returns the events they completed. */
  feed(chunk: Uint8Array): AnthropicWireEvent[];
  /** The end of the stream: a last event without its blank line is dispatched anyway. */
  end(): AnthropicWireEvent[];
}

/** Creates a parser for one stream. */
export function createAnthropicSseParser(): AnthropicSseParser {
  const decoder = new TextDecoder();
  let pending: AnthropicWireEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      const event = toWireEvent(message);
      if (event !== null) pending.push(event);
    },
  });
  const take = () => {
    const ready = pending;
    pending = [];
    return ready;
  };
  return {
    feed(chunk) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      return take();
    },
    end() {
      // A provider that omits the final blank line still meant its last event; a cut-off one fails as not JSON.
      parser.feed(`${decoder.decode()}\n\n`);
      return take();
    },
  };
}

/** Parses an Anthropic SSE byte stream into its events, in order. */
export async function* parseAnthropicSse(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<AnthropicWireEvent> {
  const parser = createAnthropicSseParser();
  for await (const chunk of chunks) yield* parser.feed(chunk);
  yield* parser.end();
}

/**
 * Reading a management endpoint that answers server-sent events (`POST /v1/compare`,
 * `POST /v1/providers/:id/test` with `stream: true`): `fetch` with the admin key's header (an
 * `EventSource` cannot send one, nor a body), then eventsource-parser over the body's text.
 * An answer that is not an event stream is the API's JSON error, thrown as an `EventStreamError`.
 */
import { createParser } from 'eventsource-parser';

/** One event of the stream, its data parsed as JSON. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** An error answer (the API's `{error:{message,type,param,code}}`), or a stream that could not be read. */
export class EventStreamError extends Error {
  readonly status: number;
  readonly param: string | null;
  readonly code: string | null;
  constructor(message: string, options: { status: number; param?: string | null; code?: string | null }) {
    super(message);
    this.name = 'EventStreamError';
    this.status = options.status;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }
}

/** What `postEventStream` needs. */
export interface EventStreamRequest {
  url: string;
  body: unknown;
  /** Extra headers (the admin key's `authorization`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called with each event as it arrives. */
  onEvent: (event: StreamEvent) => void;
  /** Called with the response's headers before the first event (e.g. `x-compare-id`). */
  onOpen?: (headers: Headers) => void;
  fetch?: typeof fetch;
}

/** Turns an error answer's JSON into an `EventStreamError`. */
export async function errorOfResponse(response: Response): Promise<EventStreamError> {
  let body: any;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (error && typeof error.message === 'string') return new EventStreamError(error.message, { status: response.status, param: error.param ?? null, code: error.code ?? null });
  return new EventStreamError(`The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, { status: response.status });
}

/**
 * Feeds a body's bytes through eventsource-parser and hands on each event with its JSON data
 * (comments, such as keep-alives, are skipped; an event whose data is not JSON is given as text).
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => void): Promise<void> {
  const parser = createParser({
    onEvent(message) {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        data = message.data;
      }
      onEvent({ event: message.event ?? 'message', data });
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}

/** POSTs JSON and reads the event stream that answers; resolves when the stream ends. */
export async function postEventStream(request: EventStreamRequest): Promise<void> {
  const doFetch = request.fetch ?? fetch;
  const response = await doFetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...request.headers },
    body: JSON.stringify(request.body),
    signal: request.signal,
  });
  if (!response.ok) throw await errorOfResponse(response);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream') || !response.body) {
    throw new EventStreamError('The server did not answer with an event stream.', { status: response.status });
  }
  request.onOpen?.(response.headers);
  await readEventStream(response.body, request.onEvent);
}

/** Anthropic's error answers in OpenAI's terms, for chat clients of an Anthropic provider. */
import { asObject } from './messages-mapping.js';

/** What an Anthropic error body says. */
export interface AnthropicErrorReading {
  /** Anthropic's error type (`overloaded_error`, `rate_limit_error`, …), if named. */
  type: string | null;
  message: string;
  /** Anthropic's `request_id`, which its support asks for. */
  requestId: string | null;
}

/**
 * Reads an error body: Anthropic's `{"type":"error","error":{"type","message"},"request_id"}`, and
 * the shapes Anthropic-compatible services use instead (`{"error":{"message"}}`, `{"message"}`).
 * Null when the text is not a JSON object with a message.
 */
export function readAnthropicError(text: string): AnthropicErrorReading | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const body = asObject(value);
  if (!body) return null;
  const inner = asObject(body.error);
  const message = typeof inner?.message === 'string' ? inner.message : typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : null;
  if (message === null) return null;
  const type = typeof inner?.type === 'string' ? inner.type : null;
  const requestId = typeof body.request_id === 'string' ? body.request_id : null;
  return { type, message, requestId };
}

/** Overloaded: Anthropic's 529 (and its `overloaded_error` under any status). */
export function isOverloaded(status: number, reading: AnthropicErrorReading | null): boolean {
  return status === 529 || reading?.type === 'overloaded_error';
}

/**
 * An Anthropic error answer → the status and OpenAI error body a chat client gets. The status
 * is kept, except 529 `overloaded_error`, which OpenAI clients do not know: it becomes 503 (they
 * retry it after a pause), with code `upstream_overloaded`. The type is Anthropic's, the code
 * Anthropic's type too (or `upstream_<status>`), and the message names the request id.
 */
export function chatErrorFromAnthropic(status: number, text: string): { status: number; body: { error: { message: string; type: string; param: null; code: string } } } {
  const reading = readAnthropicError(text);
  const overloaded = isOverloaded(status, reading);
  const message = reading ? reading.message.trim() || `HTTP ${status}` : text.trim().slice(0, 500) || `HTTP ${status}`;
  const type = reading?.type ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return {
    status: overloaded ? 503 : status,
    body: {
      error: {
        message: `${message}${reading?.requestId ? ` (request_id ${reading.requestId})` : ''}`,
        type,
        param: null,
        code: overloaded ? 'upstream_overloaded' : (reading?.type ?? `upstream_${status}`),
      },
    },
  };
}

/**
 * Anthropic's wire framing: stream events as `event: <type>\ndata: <json>\n\n`, the `ping`
 * keep-alive, and error bodies with Anthropic's status semantics. Pure functions; the engine's
 * Messages dialect writes what they return.
 */
import { RouterError } from '../../errors.js';
import type { AnthropicErrorDetail, AnthropicErrorType, AnthropicStreamEvent, UpstreamStreamError } from './types.js';

const encoder = new TextEncoder();

/** The SSE bytes of one Anthropic stream event, named by its `type` as Anthropic does. */
export function encodeAnthropicSse(event: AnthropicStreamEvent): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Anthropic's keep-alive event; its SDKs skip it, so it is safe at any point of a stream. */
export const ANTHROPIC_PING: AnthropicStreamEvent = { type: 'ping' };

/** Anthropic's keep-alive event as SSE bytes (a fresh copy each call, so no caller can mutate a shared one). */
export function anthropicPingBytes(): Uint8Array {
  return encodeAnthropicSse(ANTHROPIC_PING);
}

// Anthropic documents exactly these statuses; others fall back by class (4xx → the client's fault).
const TYPE_BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Anthropic's error type for an HTTP status (unknown 4xx → `invalid_request_error`, unknown 5xx → `api_error`). */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error');
}

/** An Anthropic error body: `{"type":"error","error":{"type","message"}}` (plus `request_id` when given). */
export interface AnthropicErrorBody {
  type: 'error';
  error: AnthropicErrorDetail;
  request_id?: string;
}

/** Status and body of an Anthropic error response for an HTTP status and message. */
export function anthropicErrorResponse(status: number, message: string, requestId?: string): { status: number; body: AnthropicErrorBody } {
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(status), message } };
  if (requestId !== undefined) body.request_id = requestId;
  return { status, body };
}

/**
 * Any error the router raises → an Anthropic error response, the counterpart of `toOpenAIError`.
 * The status is kept, except 503 (every provider cooling down, shutting down, an upstream's 503),
 * which Anthropic clients know as 529 `overloaded_error` and retry after a pause. Unknown errors
 * become a 500 without details.
 */
export function toAnthropicError(error: unknown, requestId?: string): { status: number; body: AnthropicErrorBody; retryAfter?: number } {
  if (!RouterError.isInstance(error)) return anthropicErrorResponse(500, 'Internal router error', requestId);
  const answer = anthropicErrorResponse(error.status === 503 ? 529 : error.status, error.message, requestId);
  return error.retryAfter === undefined ? answer : { ...answer, retryAfter: error.retryAfter };
}

/** The stream `error` event for an HTTP status and message (what Anthropic sends when a stream fails after it began). */
export function anthropicErrorEvent(status: number, message: string): AnthropicStreamEvent {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}

/**
 * The status an upstream's in-stream error stands for. OpenAI-compatible upstreams put an HTTP
 * status in `code` (some as a number, some as a string), or only a `type`; overload and rate
 * limits matter most, because Anthropic clients back off differently on them.
 */
export function statusOfUpstreamError(error: UpstreamStreamError): number {
  const numeric = typeof error.code === 'number' ? error.code : /^\d{3}$/.test(error.code ?? '') ? Number(error.code) : null;
  if (numeric !== null && numeric >= 400 && numeric <= 599) return numeric === 503 ? 529 : numeric;
  const words = `${error.type ?? ''} ${typeof error.code === 'string' ? error.code : ''}`.toLowerCase();
  if (/overload|capacity|unavailable/.test(words)) return 529;
  if (/rate.?limit|quota|too.?many/.test(words)) return 429;
  if (/timeout/.test(words)) return 504;
  return 500;
}

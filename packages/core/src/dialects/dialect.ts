/**
 * A dialect: how the router speaks to the clients of one API at the edge. It encodes
 * errors (as a whole response, and as the event that ends a failed stream) and the
 * keep-alive sent while an upstream is silent, the way that API's clients expect.
 */
import { toOpenAIError } from '../errors.js';
import type { ClientApi } from '../spec/api.js';
import { toAnthropicError } from '../translate/anthropic-messages/anthropic-sse.js';
import { KEEP_ALIVE_COMMENT } from '../engine/keep-alive-clock.js';

const encoder = new TextEncoder();

/** An error answer: status, body and, when the error says when to come back, `retry-after` seconds. */
export interface DialectError {
  status: number;
  body: Uint8Array;
  retryAfter?: number;
}

/** What a dialect does. */
export interface Dialect {
  /** `openai` (chat, Responses, embeddings, completions) or `anthropic` (Messages). */
  readonly name: 'openai' | 'anthropic';
  /** Any error (a `RouterError`; anything else is an internal error without details) as a whole response. */
  errorResponse(error: unknown, requestId?: string): DialectError;
  /** The JSON error body alone (for hosts that build their own response). */
  errorBody(error: unknown, requestId?: string): { status: number; body: object; retryAfter?: number };
  /** The SSE event that ends a stream which failed after it began (never followed by anything). */
  streamError(error: unknown): Uint8Array;
  /** What is sent during upstream silence; the API's clients skip it. */
  readonly keepAlive: Uint8Array;
}

/** OpenAI's: `{"error":{message,type,param,code}}`, `data: {"error":…}` and `: keep-alive` comments. */
export const openaiDialect: Dialect = {
  name: 'openai',
  errorBody: (error) => toOpenAIError(error),
  errorResponse(error) {
    const shaped = toOpenAIError(error);
    return { status: shaped.status, body: encoder.encode(JSON.stringify(shaped.body)), retryAfter: shaped.retryAfter };
  },
  streamError: (error) => encoder.encode(`data: ${JSON.stringify(toOpenAIError(error).body)}\n\n`),
  keepAlive: KEEP_ALIVE_COMMENT,
};

/**
 * OpenAI Responses': errors as OpenAI's, but a stream that fails after it began ends with the
 * API's own `error` event (`event: error`, `{"type":"error","code","message","param"}`), which
 * Responses clients read, where a chat-style `data: {"error":…}` would be an event they cannot parse.
 */
export const responsesDialect: Dialect = {
  name: 'openai',
  errorBody: (error) => toOpenAIError(error),
  errorResponse: openaiDialect.errorResponse,
  streamError(error) {
    const { error: detail } = toOpenAIError(error).body;
    const event = { type: 'error', code: detail.code ?? detail.type, message: detail.message, param: detail.param, sequence_number: 0 };
    return encoder.encode(`event: error\ndata: ${JSON.stringify(event)}\n\n`);
  },
  keepAlive: KEEP_ALIVE_COMMENT,
};

/** Anthropic's: `{"type":"error","error":{type,message}}` (503 → 529 `overloaded_error`), `event: error` and `event: ping`. */
export const anthropicDialect: Dialect = {
  name: 'anthropic',
  errorBody: (error, requestId) => toAnthropicError(error, requestId),
  errorResponse(error, requestId) {
    const shaped = toAnthropicError(error, requestId);
    return { status: shaped.status, body: encoder.encode(JSON.stringify(shaped.body)), retryAfter: shaped.retryAfter };
  },
  streamError(error) {
    const { body } = toAnthropicError(error);
    return encoder.encode(`event: error\ndata: ${JSON.stringify({ type: 'error', error: body.error })}\n\n`);
  },
  keepAlive: encoder.encode('event: ping\ndata: {"type":"ping"}\n\n'),
};

/** The dialect of an API's clients. */
export function dialectFor(api: ClientApi): Dialect {
  if (api === 'messages' || api === 'count_tokens') return anthropicDialect;
  return api === 'responses' ? responsesDialect : openaiDialect;
}

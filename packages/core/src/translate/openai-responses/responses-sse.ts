/**
 * The Responses wire framing: stream events as `event: <type>\ndata: <json>\n\n`, and errors.
 * Errors before a stream began are OpenAI's `{"error":{message,type,param,code}}` with the HTTP
 * status, exactly as for chat completions (`toOpenAIError`): the openai SDK raises its typed errors
 * from them. Inside a stream, failure is the `response.failed` event `chatStreamToResponses`
 * ends with, not an `error` event: the openai SDK accumulates `response.failed` into the final
 * response (`status: "failed"`, `error` set), Codex and the AI SDK report it as a failed turn, while a
 * bare `error` event leaves the SDK's final response `in_progress`. Keep-alives are SSE comments
 * (`: keep-alive`), which every SSE parser skips.
 */
import { toOpenAIError, type OpenAIErrorBody } from '../../errors.js';
import type { ResponsesStreamEvent } from './types.js';

const encoder = new TextEncoder();

/** The SSE bytes of one Responses stream event, named by its `type` as OpenAI does. */
export function encodeResponsesSse(event: ResponsesStreamEvent): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Any error the router raises → status and body for a Responses client (the same as for chat completions; unknown errors become a 500 without details). */
export function toResponsesError(error: unknown): { status: number; body: OpenAIErrorBody; retryAfter?: number } {
  return toOpenAIError(error);
}

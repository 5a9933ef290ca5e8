/** `POST /v1/chat/completions`: every provider speaks it (some through their adapter's own translation). */
import { openaiDialect } from '../dialects/dialect.js';
import { parseChatBody } from '../engine/chat-request.js';
import type { ChatCall, ChatCompletionBody, ProviderInstance } from '../spec/adapter.js';
import { UpstreamError } from '../errors.js';
import type { Operation, PrepareInput, UpstreamCall } from './operation.js';

const decoder = new TextDecoder();

/** A whole chat completion answer as JSON, for a translation back to the client's API; an answer that is not JSON is a failed attempt. */
export function parseChatJson(providerId: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new UpstreamError(`Provider "${providerId}" sent a chat completion that is not JSON.`, { status: 502, code: 'upstream_bad_response', retryable: true, outcome: 'bad_response' });
  }
}

/** The upstream call for a chat call on `instance` (also what translated operations send). */
export function chatUpstreamCall(instance: ProviderInstance, call: ChatCall): UpstreamCall {
  const upstream: UpstreamCall = { request: instance.chatRequest(call), stream: call.stream, api: 'chat' };
  if (instance.transformResponse) upstream.transformResponse = (body) => instance.transformResponse!(body, call);
  if (instance.transformStream) upstream.transformStream = (body) => instance.transformStream!(body, call);
  if (instance.mapError) upstream.mapError = (status, text, headers) => instance.mapError!(status, text, call, headers);
  return upstream;
}

/** The chat completions operation. */
export const chatOperation: Operation<ChatCompletionBody> = {
  api: 'chat',
  endpoint: '/v1/chat/completions',
  dialect: openaiDialect,
  parse(raw) {
    const body = parseChatBody(raw);
    return { body, model: body.model, stream: body.stream === true };
  },
  prepare({ parsed, rawBody, instance, model }: PrepareInput<ChatCompletionBody>) {
    return chatUpstreamCall(instance, { body: parsed.body, rawBody, model, stream: parsed.stream });
  },
};

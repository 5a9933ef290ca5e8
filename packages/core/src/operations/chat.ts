/** `POST /v1/chat/completions`: every provider speaks it (some through their adapter's own translation). */
import { openaiDialect } from '../dialects/dialect.js';
import { parseChatBody } from '../engine/chat-request.js';
import type { ChatCall, ChatCompletionBody, ProviderInstance } from '../spec/adapter.js';
import type { Operation, PrepareInput, UpstreamCall } from './operation.js';

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

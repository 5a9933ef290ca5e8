/** `POST /v1/chat/completions`: every provider speaks it (some through their adapter's own translation). */
import { openaiDialect } from '../dialects/dialect.js';
import { parseChatBody } from '../engine/chat-request.js';
import type { ChatCall, ChatCompletionBody, ProviderInstance } from '../spec/adapter.js';
import { UpstreamError } from '../errors.js';
import { INVALID_TOOL_CALL_SETTING } from '../engine/upstream-answer.js';
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

/** The names of the tools a chat body offers (what the invalid-tool-call check accepts). */
function toolNames(body: ChatCompletionBody): ReadonlySet<string> {
  const names = new Set<string>();
  const tools = (body as { tools?: unknown }).tools;
  if (Array.isArray(tools)) {
    for (const tool of tools) {
      const name = (tool as { function?: { name?: unknown } } | null)?.function?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}

/** Whether the request was read with the `failover_on_invalid_tool_call` setting on. */
export function checksToolCalls(settings: ReadonlyMap<string, string> | undefined): boolean {
  return settings?.get(INVALID_TOOL_CALL_SETTING) === 'true';
}

/**
 * The upstream call for a chat call on `instance` (also what translated operations send). Its
 * answer is checked (`answerCheck`): empty answers fail over, and with `checkToolCalls` invalid
 * tool calls too.
 */
export function chatUpstreamCall(instance: ProviderInstance, call: ChatCall, checkToolCalls = false): UpstreamCall {
  const upstream: UpstreamCall = { request: instance.chatRequest(call), stream: call.stream, api: 'chat', answerCheck: checkToolCalls ? { tools: toolNames(call.body) } : {} };
  if (instance.chatApi) upstream.upstreamApi = instance.chatApi;
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
  parse(raw, settings) {
    const body = parseChatBody(raw);
    return { body, model: body.model, stream: body.stream === true, checkToolCalls: checksToolCalls(settings) };
  },
  prepare({ parsed, rawBody, instance, model }: PrepareInput<ChatCompletionBody>) {
    return chatUpstreamCall(instance, { body: parsed.body, rawBody, model, stream: parsed.stream }, parsed.checkToolCalls);
  },
};

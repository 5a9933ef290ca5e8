/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens` (Anthropic Messages). A provider that
 * speaks Messages gets the request as it is; any other gets it translated to chat completions
 * (`translate/anthropic-messages/`), and its answer, whole or streamed, translated back.
 */
import { anthropicDialect } from '../dialects/dialect.js';
import { modelAndStream, parseJsonObject } from '../engine/chat-request.js';
import type { ChatCompletionBody } from '../spec/adapter.js';
import { chatResponseToMessages } from '../translate/anthropic-messages/chat-response-to-messages.js';
import { chatStreamToMessages } from '../translate/anthropic-messages/chat-stream-to-messages.js';
import { encodeAnthropicSse } from '../translate/anthropic-messages/anthropic-sse.js';
import { messagesRequestToChat } from '../translate/anthropic-messages/messages-request-to-chat.js';
import { keptReasoningOf, ReasoningBodies, withReasoningFor } from '../translate/shared/reasoning-history.js';
import { parseSseEvents } from '../translate/anthropic-messages/parse-sse-events.js';
import type { ChatRequestBody } from '../translate/anthropic-messages/types.js';
import { chatUpstreamCall, checksToolCalls, parseChatJson } from './chat.js';
import { STREAM_ERROR_CODE } from '../engine/upstream-answer.js';
import { UpstreamError } from '../errors.js';
import { concatBytes } from '../sse/bytes.js';
import type { Operation, ParsedRequest, UpstreamCall } from './operation.js';
import { passthroughCall, speaks } from './passthrough.js';

type Body = Record<string, unknown>;

const encoder = new TextEncoder();

/**
 * The chat request for a Messages body, translated once per request however many targets are tried,
 * with the body (and its text) for each kind of provider: earlier thinking goes only to one that
 * takes reasoning back (see `reasoning-history.ts`).
 */
const translated = new WeakMap<object, ReasoningBodies<ChatRequestBody>>();
function chatOf(body: Body, forCounting = false): ReasoningBodies<ChatRequestBody> {
  let found = translated.get(body);
  if (!found) {
    // token counting has no max_tokens: any value translates the same prompt
    found = new ReasoningBodies(messagesRequestToChat(forCounting ? { ...body, max_tokens: 1, stream: false } : body));
    translated.set(body, found);
  }
  return found;
}

/**
 * Encodes the translated events. The translation opens with `message_start` as soon as the upstream
 * has begun (a role-only chunk): it is held until the next event, so an upstream that fails before
 * saying anything (its next event an error, or not JSON) is thrown as the failed attempt it is while
 * nothing has reached the client, and the failover loop retries or moves on.
 */
async function* encodeEvents(events: AsyncIterable<Parameters<typeof encodeAnthropicSse>[0]>, providerId: string): AsyncGenerator<Uint8Array> {
  let held: Uint8Array | null = null;
  let first = true;
  for await (const event of events) {
    if (first) {
      if (event.type === 'message_start' && held === null) {
        held = encodeAnthropicSse(event);
        continue;
      }
      first = false;
      if (event.type === 'error' && held !== null) {
        const message = (event as { error?: { message?: string } }).error?.message ?? 'no message';
        throw new UpstreamError(`The stream from provider "${providerId}" failed before it began: ${message}`, { status: 502, code: STREAM_ERROR_CODE, retryable: true, outcome: 'stream_error' });
      }
      if (held !== null) {
        yield concatBytes([held, encodeAnthropicSse(event)]);
        held = null;
        continue;
      }
    }
    yield encodeAnthropicSse(event);
  }
  if (held !== null) yield held;
}

function parse(raw: string, streams: boolean, settings?: ReadonlyMap<string, string>): ParsedRequest<Body> {
  const body = parseJsonObject(raw, 'Messages');
  return { body, ...modelAndStream(body, streams), checkToolCalls: checksToolCalls(settings) };
}

/** The Messages operation. */
export const messagesOperation: Operation<Body> = {
  api: 'messages',
  endpoint: '/v1/messages',
  dialect: anthropicDialect,
  parse: (raw, settings) => parse(raw, true, settings),
  prepare(input) {
    const { instance, parsed, model } = input;
    if (speaks(instance, 'messages')) return passthroughCall('messages', input);
    const { body: chat, raw } = chatOf(parsed.body).for(keptReasoningOf(instance));
    const inner = chatUpstreamCall(instance, { body: chat as unknown as ChatCompletionBody, rawBody: raw, model, stream: parsed.stream }, parsed.checkToolCalls);
    const stopSequences = Array.isArray(parsed.body.stop_sequences) ? (parsed.body.stop_sequences as string[]) : undefined;
    const call: UpstreamCall = { ...inner, transformResponse: undefined, transformStream: undefined };
    call.transformResponse = (bytes) => {
      const json = parseChatJson(instance.id, inner.transformResponse ? inner.transformResponse(bytes) : bytes);
      return encoder.encode(JSON.stringify(chatResponseToMessages(json, parsed.model, { stopSequences })));
    };
    call.transformStream = (body) => encodeEvents(chatStreamToMessages(parseSseEvents(inner.transformStream ? inner.transformStream(body) : body), parsed.model, { stopSequences }), instance.id);
    return call;
  },
};

/** Characters per token of the estimate: the usual rule of thumb for English text and code. */
const CHARS_PER_TOKEN = 4;

/**
 * An estimate of a Messages request's input tokens, for providers that cannot count: the
 * characters of everything the model reads (system, messages, tool definitions) over four, plus a
 * few tokens of framing per message. Said to be an estimate in the `x-router-token-count` header.
 */
export function estimateInputTokens(chat: ChatRequestBody): number {
  let characters = 0;
  let framing = 0;
  const add = (value: unknown): void => {
    if (typeof value === 'string') characters += value.length;
    else if (Array.isArray(value)) for (const item of value) add(item);
    else if (value && typeof value === 'object') {
      const part = value as Record<string, unknown>;
      // an image is priced by its size upstream; a fixed share is the honest guess without decoding it
      if (part.type === 'image_url' || part.type === 'file') framing += 85;
      else for (const key in part) if (key !== 'type' && key !== 'role' && key !== 'tool_call_id') add(part[key]);
    }
  };
  for (const message of chat.messages) {
    framing += 4;
    add(message);
  }
  if (chat.tools) add(chat.tools);
  return Math.max(1, Math.ceil(characters / CHARS_PER_TOKEN) + framing);
}

/** The token counting operation. */
export const countTokensOperation: Operation<Body> = {
  api: 'count_tokens',
  endpoint: '/v1/messages/count_tokens',
  dialect: anthropicDialect,
  parse: (raw) => parse(raw, false),
  prepare(input) {
    if (speaks(input.instance, 'count_tokens')) return passthroughCall('count_tokens', input);
    // what the provider would read: earlier thinking is not sent to one that does not take it back
    const chat = withReasoningFor(chatOf(input.parsed.body, true).full, keptReasoningOf(input.instance));
    return { api: 'count_tokens', local: encoder.encode(JSON.stringify({ input_tokens: estimateInputTokens(chat) })), headers: { 'x-router-token-count': 'estimate' } };
  },
};

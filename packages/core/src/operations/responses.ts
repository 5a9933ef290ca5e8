/**
 * `POST /v1/responses` (OpenAI Responses). A provider that offers the API gets the request as it
 * is; any other gets it translated to chat completions (`translate/openai-responses/`) and its
 * answer, whole or streamed, translated back. Hosted tools the router cannot run are dropped and
 * named in `x-router-dropped-tools` (or refused: the `responses_hosted_tools` setting). Responses
 * the router produced are remembered (input and output, a bounded number of them, in memory) so a
 * later turn can name one in `previous_response_id`; an id it does not know goes as it is to a
 * provider that offers the API (the response may be that provider's own) and is a 400 otherwise.
 */
import { responsesDialect } from '../dialects/dialect.js';
import { modelAndStream, parseJsonObject } from '../engine/chat-request.js';
import { STREAM_ERROR_CODE } from '../engine/upstream-answer.js';
import { InvalidRequestError, UpstreamError, type RouterError } from '../errors.js';
import type { ChatCompletionBody } from '../spec/adapter.js';
import type { ResponseState } from '../spec/log.js';
import { parseSseEvents } from '../translate/anthropic-messages/parse-sse-events.js';
import { chatResponseToResponses } from '../translate/openai-responses/chat-response-to-responses.js';
import { chatStreamToResponses } from '../translate/openai-responses/chat-stream-to-responses.js';
import { responsesRequestToChat, type PreviousResponse, type ResponsesTranslation } from '../translate/openai-responses/responses-request-to-chat.js';
import { encodeResponsesSse } from '../translate/openai-responses/responses-sse.js';
import { keptReasoningOf, ReasoningBodies } from '../translate/shared/reasoning-history.js';
import type { ChatRequestBody, ResponsesResponse, ResponsesStreamEvent } from '../translate/openai-responses/types.js';
import { chatUpstreamCall, checksToolCalls, parseChatJson } from './chat.js';
import { concatBytes } from '../sse/bytes.js';
import type { Operation, ParsedRequest, UpstreamCall } from './operation.js';
import { passthroughCall, speaks } from './passthrough.js';

/** Setting: `refuse` answers a request with hosted tools (`web_search`, `file_search`, …) with a 400 naming them; `drop` (default) leaves them out. */
export const RESPONSES_HOSTED_TOOLS_SETTING = 'responses_hosted_tools';

/** Where produced responses are kept for `previous_response_id`. */
export interface ResponseMemory {
  get(id: string): PreviousResponse | undefined;
  /** Keeps a response; false when it is too large to keep (then it is not remembered, nor kept with its log record). */
  set(id: string, response: PreviousResponse): boolean | void;
  /** An output item of a kept response, by its id (what an `item_reference` names). */
  item(id: string): unknown;
}

/** Default for `createResponseMemory`'s `maxEntryChars`: the largest response (input and output) kept, as `maxBufferedBytes` bounds what the router holds whole. */
export const DEFAULT_MAX_REMEMBERED_CHARS = 8 << 20;
/** Default for `createResponseMemory`'s `maxChars`: what all kept responses may weigh together. */
export const DEFAULT_RESPONSE_MEMORY_CHARS = 128 << 20;

/**
 * What a kept response weighs: the length of its strings (keys and values) plus a little per value,
 * walked without recursion; the walk stops as soon as the weight passes `stopAbove`.
 */
export function responseWeight(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length && weight <= stopAbove) {
    const item = stack.pop();
    if (typeof item === 'string') weight += item.length + 2;
    else if (item && typeof item === 'object') {
      if (Array.isArray(item)) for (const inner of item) stack.push(inner);
      else for (const key in item) {
        weight += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    } else weight += 8;
  }
  return weight;
}

/**
 * A memory of the last `limit` responses (least recently used first out), bounded in size too: a
 * response weighing more than `maxEntryChars` (`responseWeight`) is not kept, and the oldest go
 * while all together weigh more than `maxChars`.
 */
export function createResponseMemory(limit = 1_000, options: { maxEntryChars?: number; maxChars?: number } = {}): ResponseMemory {
  const maxChars = options.maxChars ?? DEFAULT_RESPONSE_MEMORY_CHARS;
  const maxEntryChars = Math.min(options.maxEntryChars ?? DEFAULT_MAX_REMEMBERED_CHARS, maxChars);
  const kept = new Map<string, { response: PreviousResponse; weight: number }>();
  let total = 0;
  /** Output item id → the response that holds it (stale once that response is dropped). */
  const owners = new Map<string, string>();
  const idOf = (item: unknown) => (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null);
  const drop = (id: string) => {
    const entry = kept.get(id);
    if (!entry) return;
    for (const item of entry.response.output) {
      const itemId = idOf(item);
      if (itemId !== null && owners.get(itemId) === id) owners.delete(itemId);
    }
    total -= entry.weight;
    kept.delete(id);
  };
  return {
    item(id) {
      const owner = owners.get(id);
      const entry = owner === undefined ? undefined : kept.get(owner);
      if (!entry) {
        owners.delete(id);
        return undefined;
      }
      return entry.response.output.find((item) => idOf(item) === id);
    },
    get(id) {
      const found = kept.get(id);
      if (found) {
        kept.delete(id);
        kept.set(id, found);
      }
      return found?.response;
    },
    set(id, response) {
      drop(id);
      const weight = responseWeight(response, maxEntryChars);
      if (weight > maxEntryChars) return false;
      kept.set(id, { response, weight });
      total += weight;
      for (const item of response.output) {
        const itemId = idOf(item);
        if (itemId !== null) owners.set(itemId, id);
      }
      while (kept.size > limit || total > maxChars) drop(kept.keys().next().value as string);
      return true;
    },
  };
}

type Body = Record<string, unknown>;

/** What a parsed Responses request carries besides its body. */
interface ResponsesRequestState {
  /** The id the answer will have (fixed beforehand so it can be remembered). */
  responseId: string;
  /** The `previous_response_id` the client sent, if any. */
  previousId?: string;
  /** The earlier turn it names, when the router produced that turn. */
  previous?: PreviousResponse;
  refuseHostedTools: boolean;
  translation?: ResponsesTranslation;
  /** The chat body (and its text) for each kind of provider, by the earlier reasoning it reads, made once however many targets are tried. */
  bodies?: ReasoningBodies<ChatRequestBody>;
  /** The answer as remembered, for the request's log row. */
  remembered?: ResponseState;
}

const encoder = new TextEncoder();
const states = new WeakMap<object, ResponsesRequestState>();

/** Creates the Responses operation over a memory of the responses it produced. */
export function createResponsesOperation(options: { memory: ResponseMemory; generateId: () => string }): Operation<Body> {
  const { memory } = options;

  const remember = (state: ResponsesRequestState, body: Body, response: ResponsesResponse) => {
    if (body.store === false || !state.translation) return;
    // too large to keep: not remembered, and not kept with its log row either (a later turn naming it is a 400, as for one forgotten)
    if (memory.set(response.id, { input: state.translation.input, output: response.output }) === false) return;
    // The log row keeps it too, so a restarted router can load it back.
    state.remembered = { id: response.id, input: state.translation.input, output: response.output };
  };

  /**
   * Encodes the events; a `response.failed` is kept in `failure` (the client gets it as it is, the log and the breaker as a stream error).
   * The translation opens with `response.created` and `response.in_progress` before the upstream has said anything: they are held
   * until it has, so an upstream that fails before its first word (an event that is not JSON, an error event, an empty stream, a
   * reset) is thrown as the failed attempt it is (nothing has reached the client: the failover loop retries or moves on) rather than
   * committed as a response that failed. `upstream.error` is what reading the upstream threw, if it did (the translation reports it
   * as a `response.failed`; the loop gets it as it was, a timeout or a reset).
   */
  async function* encodeEvents(events: AsyncIterable<ResponsesStreamEvent>, state: ResponsesRequestState, body: Body, failure: { error: RouterError | null }, providerId: string, upstream: { error?: unknown }): AsyncGenerator<Uint8Array> {
    let held: Uint8Array[] | null = [];
    for await (const event of events) {
      if (event.type === 'response.completed' || event.type === 'response.incomplete') remember(state, body, (event as { response: ResponsesResponse }).response);
      if (event.type === 'response.failed') {
        const message = (event as { response: ResponsesResponse }).response.error?.message ?? 'no message';
        if (held !== null) {
          if (upstream.error !== undefined) throw upstream.error;
          throw new UpstreamError(`The stream from provider "${providerId}" failed before it began: ${message}`, { status: 502, code: STREAM_ERROR_CODE, retryable: true, outcome: 'stream_error' });
        }
        failure.error = new UpstreamError(`The stream from provider "${providerId}" failed: ${message}`, { status: 502, code: STREAM_ERROR_CODE, retryable: true, outcome: 'stream_error' });
      }
      if (held !== null) {
        if (event.type === 'response.created' || event.type === 'response.in_progress') {
          held.push(encodeResponsesSse(event));
          continue;
        }
        held.push(encodeResponsesSse(event));
        const opening = concatBytes(held);
        held = null;
        yield opening;
        continue;
      }
      yield encodeResponsesSse(event);
    }
    if (held !== null && held.length > 0) yield concatBytes(held);
  }

  /** The upstream's bytes as they come, keeping the error reading them threw (see `encodeEvents`). */
  async function* recording(body: AsyncIterable<Uint8Array>, upstream: { error?: unknown }): AsyncGenerator<Uint8Array> {
    try {
      yield* body;
    } catch (error) {
      upstream.error = error;
      throw error;
    }
  }

  return {
    api: 'responses',
    endpoint: '/v1/responses',
    dialect: responsesDialect,
    parse(raw, settings): ParsedRequest<Body> {
      const body = parseJsonObject(raw, 'Responses');
      const parsed = { body, ...modelAndStream(body), checkToolCalls: checksToolCalls(settings) };
      const state: ResponsesRequestState = { responseId: `resp_${options.generateId().replace(/-/g, '')}`, refuseHostedTools: settings?.get(RESPONSES_HOSTED_TOOLS_SETTING) === 'refuse' };
      const previousId = body.previous_response_id;
      if (typeof previousId === 'string' && previousId.length > 0) {
        state.previousId = previousId;
        state.previous = memory.get(previousId);
      }
      states.set(body, state);
      return parsed;
    },
    prepare(input) {
      const { instance, parsed, model } = input;
      // A provider that offers the API keeps its own responses: an id the router does not know may be one of them.
      if (speaks(instance, 'responses')) return passthroughCall('responses', input);
      const state = states.get(parsed.body)!;
      if (state.previousId !== undefined && !state.previous) {
        throw new InvalidRequestError(
          `Previous response with id '${state.previousId}' not found. This router keeps the last 1000 responses it produced (with store not false); send the whole conversation as input instead.`,
          'previous_response_id', 'previous_response_not_found',
        );
      }
      state.translation ??= responsesRequestToChat(parsed.body, { previous: state.previous, refuseHostedTools: state.refuseHostedTools, lookupItem: (id) => memory.item(id) });
      const translation = state.translation;
      // Earlier reasoning goes only to a provider that reads it: Anthropic's signed thinking to the `anthropic` type, reasoning text to one that takes it back
      const { body: chatBody, raw } = (state.bodies ??= new ReasoningBodies(translation.chat)).for(keptReasoningOf(instance));
      const inner = chatUpstreamCall(instance, { body: chatBody as unknown as ChatCompletionBody, rawBody: raw, model, stream: parsed.stream }, parsed.checkToolCalls);
      const context = { request: translation.request, tools: translation.tools, toolNames: translation.toolNames };
      const outputOptions = { responseId: state.responseId, generateId: options.generateId };
      const call: UpstreamCall = { ...inner, transformResponse: undefined, transformStream: undefined };
      if (translation.dropped.length > 0) {
        const dropped = [...new Set(translation.dropped)].join(', ');
        call.responseHeaders = { 'x-router-dropped-tools': dropped };
        call.note = `dropped tools: ${dropped}`;
      }
      call.transformResponse = (bytes) => {
        const json = parseChatJson(instance.id, inner.transformResponse ? inner.transformResponse(bytes) : bytes);
        const response = chatResponseToResponses(json, context, outputOptions);
        remember(state, parsed.body, response);
        return encoder.encode(JSON.stringify(response));
      };
      const failure: { error: RouterError | null } = { error: null };
      call.transformStream = (body) => {
        const upstream: { error?: unknown } = {};
        const chat = recording(inner.transformStream ? inner.transformStream(body) : body, upstream);
        return encodeEvents(chatStreamToResponses(parseSseEvents(chat), context, outputOptions), state, parsed.body, failure, instance.id, upstream);
      };
      call.streamFailure = () => failure.error;
      call.responseState = () => state.remembered;
      return call;
    },
  };
}

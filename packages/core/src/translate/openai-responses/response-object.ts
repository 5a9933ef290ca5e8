/**
 * What the JSON and the stream translations share: the Response object around the output (the
 * request's settings echoed as the API does), usage, status, ids and function call names, read from
 * an OpenAI-compatible upstream's loosely typed objects.
 */
import { asObject } from '../anthropic-messages/chat-mapping.js';
import type { ResponsesTranslation } from './responses-request-to-chat.js';
import { customToolInput } from './tools.js';
import type { NamespacedToolNames, ResponsesCustomToolCallItem, ResponsesFunctionCallItem, ResponsesItemStatus, ResponsesResponse, ResponsesUsage } from './types.js';

/** Options for the response translators. */
export interface ResponsesOutputOptions {
  /** The response id; `resp_<generateId()>` when not given (the caller may fix it beforehand, to key what it keeps for `previous_response_id`). */
  responseId?: string;
  /** Id source for the response and its items. */
  generateId?: () => string;
  /** The clock, in milliseconds (`created_at` and `completed_at` are seconds). */
  now?: () => number;
}

/** The request side a response needs: the validated request, the tools offered, and the namespace names. */
export type ResponsesRequestContext = Pick<ResponsesTranslation, 'request' | 'tools' | 'toolNames'>;

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Chat usage → Responses usage. `input_tokens` is the prompt tokens (cached included, as the
 * Responses API counts them) with `cached_tokens` from `prompt_tokens_details.cached_tokens`
 * (OpenAI, DashScope, xAI) or DeepSeek's `prompt_cache_hit_tokens`; `output_tokens` is the
 * completion tokens, reasoning included: xAI counts reasoning apart (its `total_tokens` is prompt +
 * completion + reasoning), so there it is added. No usage from the upstream → zeros.
 */
export function responsesUsage(usage: unknown): ResponsesUsage {
  const fields = asObject(usage) ?? {};
  const input = count(fields.prompt_tokens);
  const cached = Math.min(input, count(asObject(fields.prompt_tokens_details)?.cached_tokens) || count(fields.prompt_cache_hit_tokens));
  const completion = count(fields.completion_tokens);
  const reasoning = count(asObject(fields.completion_tokens_details)?.reasoning_tokens);
  const separate = reasoning > 0 && count(fields.total_tokens) === input + completion + reasoning;
  const output = separate ? completion + reasoning : completion;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/** Why a response is incomplete, from the chat `finish_reason`; null when it is complete. */
export function incompleteReason(finishReason: unknown): 'max_output_tokens' | 'content_filter' | null {
  if (finishReason === 'length') return 'max_output_tokens';
  if (finishReason === 'content_filter') return 'content_filter';
  return null;
}

/** Whether the tool the upstream called by `chatName` is a custom (freeform) tool of the client's. */
export function isCustomTool(chatName: string, toolNames: NamespacedToolNames): boolean {
  return Object.hasOwn(toolNames, chatName) && toolNames[chatName].custom === true;
}

/**
 * The output item of a tool call, its flattened name mapped back to the namespace and name the
 * client knows: a `function_call` with the arguments, or, for a custom tool, a `custom_tool_call`
 * whose `input` is the raw text read from the arguments (`customToolInput`).
 */
export function toolCallItem(id: string, callId: string, chatName: string, args: string, toolNames: NamespacedToolNames, status: ResponsesItemStatus): ResponsesFunctionCallItem | ResponsesCustomToolCallItem {
  const known = Object.hasOwn(toolNames, chatName) ? toolNames[chatName] : undefined;
  const name = known?.name ?? chatName;
  const item: ResponsesFunctionCallItem | ResponsesCustomToolCallItem = known?.custom === true
    ? { type: 'custom_tool_call', id, status, call_id: callId, name, input: args === '' ? '' : customToolInput(args) }
    : { type: 'function_call', id, status, call_id: callId, name, arguments: args };
  if (known?.namespace !== undefined) item.namespace = known.namespace;
  return item;
}

/**
 * The Response object with no output yet (`status: "in_progress"`), echoing the request's settings
 * with the API's defaults where the client sent none: `model` is the client's model name, `tools`
 * the tools offered to the model (dropped hosted tools are not echoed), `store` as sent (default
 * true; nothing is stored upstream either way), `metadata` as sent.
 */
export function responseSkeleton(context: ResponsesRequestContext, id: string, createdAt: number): ResponsesResponse {
  const request = context.request;
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    completed_at: null,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    model: request.model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    service_tier: 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: context.tools,
    top_logprobs: 0,
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    usage: null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

/** The default id source: random, web-standard. */
export function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** Seconds since the epoch, from a millisecond clock. */
export function seconds(now: () => number): number {
  return Math.floor(now() / 1000);
}

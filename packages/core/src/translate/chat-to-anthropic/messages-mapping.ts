/**
 * What the JSON and the stream translations share: Anthropic's stop reasons and usage in OpenAI's
 * terms, read from loosely typed upstream objects (Anthropic-compatible services differ; nothing
 * here assumes a field is present).
 */
import type { ChatFinishReason, ChatUsage } from './types.js';

/** A plain JSON object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A non-negative integer count, or 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Anthropic's `stop_reason` → OpenAI's `finish_reason`: `end_turn`, `stop_sequence` and
 * `pause_turn` → `stop`; `tool_use` → `tool_calls`; `max_tokens` and
 * `model_context_window_exceeded` → `length`; `refusal` → `content_filter`. Anything else (null,
 * a reason added later) → `stop`, or `tool_calls` when the answer called tools.
 */
export function chatFinishReason(stopReason: unknown, hasToolCalls: boolean): ChatFinishReason {
  switch (stopReason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}

/** Anthropic usage, as its fields accumulate over a stream (`message_start`, then `message_delta`). */
export interface AnthropicCounts {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
}

/** No tokens counted yet. */
export function emptyCounts(): AnthropicCounts {
  return { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 };
}

/** Takes the counts a usage object reports; fields it does not report keep their value (`message_delta` may carry only `output_tokens`). */
export function readCounts(into: AnthropicCounts, usage: unknown): AnthropicCounts {
  const fields = asObject(usage);
  if (!fields) return into;
  if (fields.input_tokens != null) into.input = count(fields.input_tokens);
  if (fields.cache_creation_input_tokens != null) into.cacheWrite = count(fields.cache_creation_input_tokens);
  if (fields.cache_read_input_tokens != null) into.cacheRead = count(fields.cache_read_input_tokens);
  if (fields.output_tokens != null) into.output = count(fields.output_tokens);
  return into;
}

/**
 * Anthropic usage → OpenAI usage. Anthropic's `input_tokens` excludes cache reads and writes;
 * OpenAI's `prompt_tokens` includes every prompt token, with the cache reads in
 * `prompt_tokens_details.cached_tokens`. Cache writes have no OpenAI field: they are counted in
 * `prompt_tokens` and named in `prompt_tokens_details.cache_creation_input_tokens` when there are
 * any (the field DashScope uses). Thinking tokens are part of Anthropic's `output_tokens`, as
 * reasoning is part of OpenAI's `completion_tokens`.
 */
export function chatUsage(counts: AnthropicCounts): ChatUsage {
  const prompt = counts.input + counts.cacheWrite + counts.cacheRead;
  const details: ChatUsage['prompt_tokens_details'] = { cached_tokens: counts.cacheRead };
  if (counts.cacheWrite > 0) details.cache_creation_input_tokens = counts.cacheWrite;
  return { prompt_tokens: prompt, completion_tokens: counts.output, total_tokens: prompt + counts.output, prompt_tokens_details: details };
}

/** The default clock: Unix seconds, as OpenAI's `created`. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The default id source when an upstream gives no message id: random, web-standard. */
export function randomChatId(): string {
  return `chatcmpl-${crypto.randomUUID().replace(/-/g, '')}`;
}

/**
 * What the JSON and the stream translations share: usage, stop reasons and ids, read from an
 * OpenAI-compatible upstream's loosely typed objects (providers differ; nothing here assumes a field).
 */
import type { AnthropicStopReason, AnthropicUsage } from './types.js';

/** A plain JSON object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A non-empty string, or null. */
export function asText(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Generated tokens, reasoning included as Anthropic counts it. OpenAI, DeepSeek and DashScope
 * include reasoning in `completion_tokens`; xAI does not (its `total_tokens` is prompt +
 * completion + reasoning), so there the reasoning tokens are added.
 */
function outputTokens(fields: Record<string, unknown>): number {
  const completion = count(fields.completion_tokens);
  const reasoning = count(asObject(fields.completion_tokens_details)?.reasoning_tokens);
  const separate = reasoning > 0 && count(fields.total_tokens) === count(fields.prompt_tokens) + completion + reasoning;
  return separate ? completion + reasoning : completion;
}

/**
 * OpenAI usage → Anthropic usage. OpenAI's `prompt_tokens` includes cached tokens; Anthropic's
 * `input_tokens` excludes them (clients add `cache_read_input_tokens` back to size the context),
 * so cached tokens are moved out of `input_tokens`. Cached tokens come from
 * `prompt_tokens_details.cached_tokens` (OpenAI, DashScope, xAI) or DeepSeek's
 * `prompt_cache_hit_tokens`; cache writes from `prompt_tokens_details.cache_creation_input_tokens`
 * (DashScope's explicit cache). Fields an upstream does not report are 0, as Anthropic reports them.
 */
export function anthropicUsage(usage: unknown): AnthropicUsage {
  const fields = asObject(usage) ?? {};
  const details = asObject(fields.prompt_tokens_details) ?? {};
  const prompt = count(fields.prompt_tokens);
  const cacheRead = Math.min(prompt, count(details.cached_tokens) || count(fields.prompt_cache_hit_tokens));
  const cacheWrite = Math.min(prompt - cacheRead, count(details.cache_creation_input_tokens));
  return {
    input_tokens: prompt - cacheRead - cacheWrite,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: outputTokens(fields),
  };
}

/** The usage object a chunk or response carries, if any: the standard `usage`, else Groq's `x_groq.usage`. */
export function usageOf(object: Record<string, unknown>): Record<string, unknown> | null {
  return asObject(object.usage) ?? asObject(asObject(object.x_groq)?.usage);
}

/**
 * An OpenAI `finish_reason` → Anthropic's `stop_reason` and `stop_sequence`.
 * - `tool_calls`/`function_call` → `tool_use`; so does `stop` (or none) when the answer has tool
 *   calls, since several providers say `stop` there and agents only run tools on `tool_use`.
 * - `length` → `max_tokens` (even with tool calls: their arguments are then cut off).
 * - `content_filter` → `refusal`.
 * - `stop` → `stop_sequence` when the upstream names the stop string it hit (vLLM and SGLang put
 *   it in the choice's `stop_reason`) and it is one the client asked for; otherwise `end_turn`,
 *   since the OpenAI format does not say whether a stop sequence ended the text.
 */
export function anthropicStopReason(
  finishReason: unknown,
  options: { hasToolUse: boolean; matchedStop?: unknown; stopSequences?: readonly string[] },
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  if (finishReason === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (finishReason === 'content_filter') return { stop_reason: 'refusal', stop_sequence: null };
  if (finishReason === 'tool_calls' || finishReason === 'function_call' || options.hasToolUse) return { stop_reason: 'tool_use', stop_sequence: null };
  const matched = options.matchedStop;
  if (typeof matched === 'string' && options.stopSequences?.includes(matched)) return { stop_reason: 'stop_sequence', stop_sequence: matched };
  return { stop_reason: 'end_turn', stop_sequence: null };
}

/** Parses a tool call's arguments; empty arguments are `{}`, and so are arguments that are not a JSON object (see README of this folder). */
export function parseToolArguments(text: string): Record<string, unknown> {
  if (text.trim().length === 0) return {};
  try {
    return asObject(JSON.parse(text)) ?? {};
  } catch {
    return {};
  }
}

/**
 * A fresh message id in Anthropic's style, whatever id the upstream gave its completion: Anthropic
 * clients take two messages with one id for parts of one (Claude Code merges them into a single
 * assistant turn), and a chat upstream may give every completion the same id, or an empty one.
 */
export function messageId(generateId: () => string): string {
  return `msg_${generateId()}`;
}

/** The default id source: random, web-standard. */
export function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

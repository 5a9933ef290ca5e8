/**
 * Turns a raw response (JSON bytes or SSE chunks) into what the log keeps:
 * the assembled text, reasoning, tool calls, finish reason and usage.
 * Runs when a log sink writes, never on the request path.
 */
import { createParser } from 'eventsource-parser';
import type { RawResponse, TokenUsage } from '../spec/log.js';

/** One assembled tool call. */
export interface ToolCallSummary {
  id: string | null;
  name: string;
  arguments: string;
}

/** What a response said, assembled. */
export interface ResponseSummary {
  /** Assistant text (choice 0). */
  text: string | null;
  /** `reasoning_content`, when the provider sends it. */
  reasoning: string | null;
  /** Tool calls, in index order. */
  toolCalls: ToolCallSummary[];
  /** Finish reason of choice 0. */
  finishReason: string | null;
  /** Usage when the upstream reported it. */
  usage: TokenUsage | null;
  /** An error event carried in the body, if any. */
  error: string | null;
  /** Number of SSE data events (streams only). */
  events: number;
}

/** Token usage from a `usage` object, or null when it holds no counts; totals filled in when missing. */
export function usageOf(value: unknown): TokenUsage | null {
  if (!value || typeof value !== 'object') return null;
  const usage = value as Record<string, unknown>;
  const number = (key: string) => (typeof usage[key] === 'number' ? (usage[key] as number) : null);
  const summary: TokenUsage = { promptTokens: number('prompt_tokens'), completionTokens: number('completion_tokens'), totalTokens: number('total_tokens') };
  if (summary.promptTokens === null && summary.completionTokens === null && summary.totalTokens === null) return null;
  if (summary.totalTokens === null && summary.promptTokens !== null && summary.completionTokens !== null) {
    summary.totalTokens = summary.promptTokens + summary.completionTokens;
  }
  const details = usage.prompt_tokens_details as Record<string, unknown> | undefined;
  const cached = typeof details?.cached_tokens === 'number' ? details.cached_tokens : typeof usage.prompt_cache_hit_tokens === 'number' ? usage.prompt_cache_hit_tokens : undefined;
  if (cached !== undefined && cached > 0) summary.cachedTokens = cached;
  if (typeof usage.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0) summary.cost = usage.cost;
  return summary;
}

/** `JSON.parse` that returns `undefined` for text that is not JSON. */
export function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder();

/** Decodes bytes as UTF-8 text. */
export function decodeUtf8(bytes: Uint8Array | Uint8Array[]): string {
  if (!Array.isArray(bytes)) return decoder.decode(bytes);
  // One chunk (a log worker's unpacked response) needs no streaming decoder, whose creation costs more than the decode.
  if (bytes.length === 1) return decoder.decode(bytes[0]);
  const streaming = new TextDecoder();
  let text = '';
  for (const chunk of bytes) text += streaming.decode(chunk, { stream: true });
  return text + streaming.decode();
}

/** Summarises a non-streaming `chat.completion` body. */
export function summarizeJson(text: string): ResponseSummary {
  const summary: ResponseSummary = { text: null, reasoning: null, toolCalls: [], finishReason: null, usage: null, error: null, events: 0 };
  const body = safeParse(text) as Record<string, any> | undefined;
  if (!body || typeof body !== 'object') return summary;
  if (body.type === 'message' && Array.isArray(body.content)) return summarizeAnthropicMessage(body, summary);
  if (body.object === 'response' && Array.isArray(body.output)) return summarizeResponsesObject(body, summary);
  if (body.error && body.type !== 'error') summary.error = typeof body.error?.message === 'string' ? body.error.message : JSON.stringify(body.error);
  if (body.type === 'error') summary.error = typeof body.error?.message === 'string' ? body.error.message : JSON.stringify(body.error);
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  // legacy completions: the text is the choice's own
  if (typeof choice?.text === 'string') summary.text = choice.text;
  const message = choice?.message;
  if (message) {
    if (typeof message.content === 'string') summary.text = message.content;
    if (typeof message.reasoning_content === 'string') summary.reasoning = message.reasoning_content;
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        summary.toolCalls.push({ id: call?.id ?? null, name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' });
      }
    }
  }
  summary.finishReason = choice?.finish_reason ?? null;
  summary.usage = usageOf(body.usage) ?? usageOf(body.x_groq?.usage);
  return summary;
}

/** The message of an `error` a chunk carries (its `message`, else the whole error as JSON), or null. */
export function chunkError(chunk: Record<string, any>): string | null {
  if (!chunk.error) return null;
  return typeof chunk.error?.message === 'string' ? chunk.error.message : JSON.stringify(chunk.error);
}

/** A chunk's usage: `usage`, or Groq's `x_groq.usage`. */
export function chunkUsage(chunk: Record<string, any>): TokenUsage | null {
  return usageOf(chunk.usage) ?? usageOf(chunk.x_groq?.usage);
}

/** A chunk's choice 0 (a choice without an index counts as 0). */
export function chunkChoice(chunk: Record<string, any>): Record<string, any> | undefined {
  return Array.isArray(chunk.choices) ? chunk.choices.find((c: any) => (c?.index ?? 0) === 0) : undefined;
}

/**
 * A whole stream's text for the SSE parser. A `\r` at the very end has ended its line (a stream is
 * over: no `\n` can follow to make it a `\r\n`), but a streaming parser waits to see the next byte,
 * so the last event of a stream framed with `\r` would be left unread: a `\n` after it settles that.
 */
export function wholeStream(text: string): string {
  return text.endsWith('\r') ? `${text}\n` : text;
}

/** Summarises an SSE stream of `chat.completion.chunk` events. */
export function summarizeSse(text: string): ResponseSummary {
  const summary: ResponseSummary = { text: null, reasoning: null, toolCalls: [], finishReason: null, usage: null, error: null, events: 0 };
  const calls = new Map<number, ToolCallSummary>();
  const typed = new TypedEvents(summary);
  let content = '';
  let reasoning = '';
  let sawContent = false;
  let sawReasoning = false;
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      summary.events++;
      const chunk = safeParse(event.data) as Record<string, any> | undefined;
      if (!chunk || typeof chunk !== 'object') return;
      // Anthropic Messages and OpenAI Responses events name their type; chat chunks do not
      if (typeof chunk.type === 'string' && chunk.object === undefined) {
        typed.add(chunk);
        return;
      }
      const error = chunkError(chunk);
      if (error !== null) summary.error = error;
      const usage = chunkUsage(chunk);
      if (usage) summary.usage = usage;
      const choice = chunkChoice(chunk);
      if (!choice) return;
      const delta = choice.delta ?? {};
      if (typeof choice.text === 'string') {
        content += choice.text;
        sawContent = true;
      }
      if (typeof delta.content === 'string') {
        content += delta.content;
        sawContent = true;
      }
      if (typeof delta.reasoning_content === 'string') {
        reasoning += delta.reasoning_content;
        sawReasoning = true;
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const part of delta.tool_calls) {
          const index = typeof part?.index === 'number' ? part.index : calls.size;
          const call = calls.get(index) ?? { id: null, name: '', arguments: '' };
          if (part?.id) call.id = part.id;
          if (part?.function?.name) call.name += part.function.name;
          if (typeof part?.function?.arguments === 'string') call.arguments += part.function.arguments;
          calls.set(index, call);
        }
      }
      if (choice.finish_reason) summary.finishReason = choice.finish_reason;
    },
  });
  parser.feed(wholeStream(text));
  if (typed.seen) return typed.finish();
  summary.text = sawContent ? content : null;
  summary.reasoning = sawReasoning ? reasoning : null;
  summary.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
  return summary;
}

/**
 * Summarises a raw response of either kind. A truncated stream is summarised from its head and
 * tail (the text then lacks its middle; usage and finish reason, in the last events, are kept);
 * a truncated JSON body is not valid JSON and summarises to empty fields.
 */
export function summarizeResponse(response: RawResponse): ResponseSummary | null {
  if (response.kind === 'json') return summarizeJson(decodeUtf8(response.tail ? [response.bytes, response.tail] : response.bytes));
  if (response.kind === 'sse') return summarizeSse(decodeUtf8(response.tail ? [...response.chunks, ...response.tail] : response.chunks));
  return null;
}

/** Anthropic usage (input excludes cache reads and writes, which the prompt includes) → the log's. */
export function anthropicUsage(usage: Record<string, any> | undefined, into: TokenUsage | null): TokenUsage | null {
  if (!usage || typeof usage !== 'object') return into;
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  const result: TokenUsage = into ? { ...into } : { promptTokens: null, completionTokens: null, totalTokens: null };
  if (typeof usage.input_tokens === 'number') result.promptTokens = usage.input_tokens + number(usage.cache_read_input_tokens) + number(usage.cache_creation_input_tokens);
  if (number(usage.cache_read_input_tokens) > 0) result.cachedTokens = number(usage.cache_read_input_tokens);
  if (typeof usage.output_tokens === 'number') result.completionTokens = usage.output_tokens;
  result.totalTokens = result.promptTokens !== null && result.completionTokens !== null ? result.promptTokens + result.completionTokens : null;
  return result.promptTokens === null && result.completionTokens === null ? into : result;
}

/** Responses usage → the log's. */
export function responsesUsage(usage: Record<string, any> | undefined): TokenUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  const summary: TokenUsage = { promptTokens: number(usage.input_tokens), completionTokens: number(usage.output_tokens), totalTokens: number(usage.total_tokens) };
  const cached = number(usage.input_tokens_details?.cached_tokens);
  if (cached !== null && cached > 0) summary.cachedTokens = cached;
  return summary.promptTokens === null && summary.completionTokens === null ? null : summary;
}

function summarizeAnthropicMessage(body: Record<string, any>, summary: ResponseSummary): ResponseSummary {
  let text: string | null = null;
  let reasoning: string | null = null;
  for (const block of body.content) {
    if (block?.type === 'text' && typeof block.text === 'string') text = (text ?? '') + block.text;
    else if (block?.type === 'thinking' && typeof block.thinking === 'string') reasoning = (reasoning ?? '') + block.thinking;
    else if (block?.type === 'tool_use') summary.toolCalls.push({ id: block.id ?? null, name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) });
  }
  summary.text = text;
  summary.reasoning = reasoning;
  summary.finishReason = typeof body.stop_reason === 'string' ? body.stop_reason : null;
  summary.usage = anthropicUsage(body.usage, null);
  return summary;
}

function summarizeResponsesObject(body: Record<string, any>, summary: ResponseSummary): ResponseSummary {
  let text: string | null = null;
  let reasoning: string | null = null;
  for (const item of body.output) {
    if (item?.type === 'message' && Array.isArray(item.content)) {
      for (const part of item.content) if (part?.type === 'output_text' && typeof part.text === 'string') text = (text ?? '') + part.text;
    } else if (item?.type === 'reasoning' && Array.isArray(item.summary)) {
      for (const part of item.summary) if (typeof part?.text === 'string') reasoning = (reasoning ?? '') + part.text;
    } else if (item?.type === 'function_call') {
      summary.toolCalls.push({ id: item.call_id ?? null, name: item.name ?? '', arguments: typeof item.arguments === 'string' ? item.arguments : '' });
    }
  }
  summary.text = text;
  summary.reasoning = reasoning;
  summary.finishReason = body.status === 'incomplete' ? (body.incomplete_details?.reason ?? 'incomplete') : typeof body.status === 'string' ? body.status : null;
  summary.usage = responsesUsage(body.usage);
  if (body.error && typeof body.error.message === 'string') summary.error = body.error.message;
  return summary;
}

/** Assembles Anthropic Messages and OpenAI Responses stream events (they carry a `type`). */
class TypedEvents {
  seen = false;
  private text = '';
  private reasoning = '';
  private sawText = false;
  private sawReasoning = false;
  private readonly calls = new Map<number, ToolCallSummary>();
  private final: Record<string, any> | null = null;

  constructor(private readonly summary: ResponseSummary) {}

  add(event: Record<string, any>): void {
    this.seen = true;
    const summary = this.summary;
    switch (event.type) {
      // Anthropic Messages
      case 'message_start':
        summary.usage = anthropicUsage(event.message?.usage, summary.usage);
        break;
      case 'content_block_start':
        if (event.content_block?.type === 'tool_use') this.calls.set(event.index, { id: event.content_block.id ?? null, name: event.content_block.name ?? '', arguments: '' });
        break;
      case 'content_block_delta': {
        const delta = event.delta ?? {};
        if (delta.type === 'text_delta') this.addText(delta.text);
        else if (delta.type === 'thinking_delta') this.addReasoning(delta.thinking);
        else if (delta.type === 'input_json_delta') {
          const call = this.calls.get(event.index);
          if (call && typeof delta.partial_json === 'string') call.arguments += delta.partial_json;
        }
        break;
      }
      case 'message_delta':
        if (typeof event.delta?.stop_reason === 'string') summary.finishReason = event.delta.stop_reason;
        summary.usage = anthropicUsage(event.usage, summary.usage);
        break;
      case 'error':
        summary.error = typeof event.error?.message === 'string' ? event.error.message : typeof event.message === 'string' ? event.message : JSON.stringify(event.error ?? event);
        break;
      // OpenAI Responses
      case 'response.output_text.delta':
        this.addText(event.delta);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        this.addReasoning(event.delta);
        break;
      case 'response.output_item.done':
        if (event.item?.type === 'function_call') {
          this.calls.set(this.calls.size + 1_000_000, { id: event.item.call_id ?? null, name: event.item.name ?? '', arguments: typeof event.item.arguments === 'string' ? event.item.arguments : '' });
        }
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.final = event.response ?? null;
        break;
      default:
        break;
    }
  }

  private addText(value: unknown): void {
    if (typeof value !== 'string') return;
    this.text += value;
    this.sawText = true;
  }

  private addReasoning(value: unknown): void {
    if (typeof value !== 'string') return;
    this.reasoning += value;
    this.sawReasoning = true;
  }

  finish(): ResponseSummary {
    const summary = this.summary;
    summary.text = this.sawText ? this.text : null;
    summary.reasoning = this.sawReasoning ? this.reasoning : null;
    summary.toolCalls = [...this.calls.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
    if (this.final) {
      const status = this.final.status;
      summary.finishReason = status === 'incomplete' ? (this.final.incomplete_details?.reason ?? 'incomplete') : typeof status === 'string' ? status : summary.finishReason;
      summary.usage = responsesUsage(this.final.usage) ?? summary.usage;
      if (this.final.error && typeof this.final.error.message === 'string') summary.error = this.final.error.message;
    }
    return summary;
  }
}

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
  const summary = { promptTokens: number('prompt_tokens'), completionTokens: number('completion_tokens'), totalTokens: number('total_tokens') };
  if (summary.promptTokens === null && summary.completionTokens === null && summary.totalTokens === null) return null;
  if (summary.totalTokens === null && summary.promptTokens !== null && summary.completionTokens !== null) {
    summary.totalTokens = summary.promptTokens + summary.completionTokens;
  }
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
  if (body.error) summary.error = typeof body.error?.message === 'string' ? body.error.message : JSON.stringify(body.error);
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
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

/** Summarises an SSE stream of `chat.completion.chunk` events. */
export function summarizeSse(text: string): ResponseSummary {
  const summary: ResponseSummary = { text: null, reasoning: null, toolCalls: [], finishReason: null, usage: null, error: null, events: 0 };
  const calls = new Map<number, ToolCallSummary>();
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
      const error = chunkError(chunk);
      if (error !== null) summary.error = error;
      const usage = chunkUsage(chunk);
      if (usage) summary.usage = usage;
      const choice = chunkChoice(chunk);
      if (!choice) return;
      const delta = choice.delta ?? {};
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
  parser.feed(text);
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

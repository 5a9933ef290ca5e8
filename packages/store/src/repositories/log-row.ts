/**
 * Log rows: a request record turned into the row the log keeps (summarised, redacted, cut to the
 * body policy, priced), and a stored row read back (a raw stream assembled, a kept state parsed).
 */
import { decodeUtf8, summarizeJson, summarizeSse, summarizeSseTail, type ModelPrice, type RequestLogRecord, type ResponseState, type TokenUsage } from '@router/core';
import { requestCost, type PricedProvider, type RequestCost } from '../log/request-cost.js';
import type { BodyStorage } from '../log/log-policy.js';
import type { requestLogs } from '../schema/index.js';

/** A stored log row as readers see it (the kept Responses state is read only by `recentResponseStates`). */
export type RequestLogRow = Omit<typeof requestLogs.$inferSelect, 'responseState'>;

/** What a row keeps of the response, before redaction. */
interface ResponseColumns {
  usage: TokenUsage | null;
  finishReason: string | null;
  error: string | null;
  body: string | null;
  reasoning: string | null;
  toolCalls: string | null;
  stream: string | null;
}

const NO_RESPONSE: ResponseColumns = { usage: null, finishReason: null, error: null, body: null, reasoning: null, toolCalls: null, stream: null };

/** How `toLogRow` stores a response. */
export interface LogRowOptions {
  /**
   * Store a streamed response as its SSE text (`responseStream`), reading only usage, finish
   * reason and error from it now and assembling the rest when the row is read, instead of
   * assembling it now (the default). Keeps exactly what the client was sent, but the row is
   * far larger (every chunk's JSON envelope), and storing those bytes costs the writer about
   * as much CPU as the assembly it saves.
   */
  rawStreams?: boolean;
  /** How much of each body to keep (the `log_bodies` setting; default all of it). The row is marked `truncated` when anything was cut or left out. */
  bodies?: BodyStorage;
  /** The configured providers (type, base URL) by id, to price requests by (see `requestCost`). */
  providers?: Readonly<Record<string, PricedProvider>>;
  /** The user's price overrides by model name; they win over the bundled price list (not over a provider's own figure). */
  prices?: ReadonlyMap<string, ModelPrice>;
  /** The router that served the request (when several share one database). */
  instanceId?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character; `null` when it already fits. */
function cutToBytes(text: string, maxBytes: number): string | null {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most texts are decided without encoding them.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return null;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return decoder.decode(bytes.subarray(0, end));
}

/** Bytes of the response the record holds (its head and tail). */
function heldBytes(response: RequestLogRecord['response']): number {
  const sum = (chunks: readonly Uint8Array[] | undefined) => (chunks ?? []).reduce((total, chunk) => total + chunk.byteLength, 0);
  if (response.kind === 'json') return response.bytes.byteLength + (response.tail?.byteLength ?? 0);
  if (response.kind === 'sse') return sum(response.chunks) + sum(response.tail);
  return 0;
}

function responseColumns(record: RequestLogRecord, rawStreams: boolean): ResponseColumns {
  const response = record.response;
  if (response.kind === 'json') {
    // A body kept as head and tail says where its middle was left out (it is no longer JSON).
    const omitted = response.tail ? `\n…[${Math.max(0, (record.responseBytes ?? 0) - heldBytes(response))} bytes not kept]…\n` : '';
    const body = response.tail ? decodeUtf8(response.bytes) + omitted + decodeUtf8(response.tail) : decodeUtf8(response.bytes);
    const summary = summarizeJson(body);
    const toolCalls = summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null;
    return { usage: summary.usage, finishReason: summary.finishReason, error: summary.error, body, reasoning: summary.reasoning, toolCalls, stream: null };
  }
  if (response.kind === 'sse') {
    // Head and tail end and start at event boundaries: together they are a valid stream, lacking its middle.
    const stream = decodeUtf8(response.tail ? [...response.chunks, ...response.tail] : response.chunks);
    if (rawStreams) {
      // Kept as sent; only what stats and filters need is read now, from its last events.
      const tail = summarizeSseTail(stream);
      return { ...NO_RESPONSE, usage: tail.usage, finishReason: tail.finishReason, error: tail.error, stream };
    }
    const summary = summarizeSse(stream);
    const toolCalls = summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null;
    const body = summary.text ?? (toolCalls ? null : '');
    return { usage: summary.usage, finishReason: summary.finishReason, error: summary.error, body, reasoning: summary.reasoning, toolCalls, stream: null };
  }
  return NO_RESPONSE;
}

/**
 * Text as both dialects can store it: Postgres text cannot hold the NUL character, so each becomes
 * U+FFFD (as bytes that do not decode do); done on both so both keep the same row. Only a broken
 * or binary body, or a client's string with an escaped NUL, has one.
 */
function storable<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
}

/**
 * Turns a record into a row: summarises the raw response, redacts every text field, then keeps
 * as much of each body as `options.bodies` says (after redaction, so a cut never leaves part of
 * a secret). With `rawStreams`, a streamed response is stored as its SSE text and
 * `LogsRepository` assembles it on read.
 */
export function toLogRow(record: RequestLogRecord, redact: (text: string) => string = (text) => text, options: LogRowOptions = {}): typeof requestLogs.$inferInsert {
  const response = responseColumns(record, options.rawStreams === true);
  const text = (value: string | null | undefined) => (value === null || value === undefined ? null : storable(redact(value)));
  const bodies = options.bodies ?? { mode: 'full' };
  let truncated = record.responseTruncated === true;
  const body = (value: string | null | undefined): string | null => {
    const redacted = text(value);
    if (redacted === null || bodies.mode === 'full') return redacted;
    if (bodies.mode === 'metadata') {
      truncated = true;
      return null;
    }
    const cut = cutToBytes(redacted, bodies.maxBytes);
    if (cut === null) return redacted;
    truncated = true;
    return cut;
  };
  // one object per row, built in one go: the body fields above `truncated` are evaluated first, so it is final when read
  return {
    id: record.id,
    clientRequestId: storable(record.clientRequestId ?? null),
    createdAt: record.startedAt,
    keyId: storable(record.keyId ?? null),
    endpoint: storable(record.endpoint),
    providerId: storable(record.providerId),
    model: storable(record.model),
    upstreamModel: storable(record.upstreamModel),
    stream: record.stream,
    status: record.status,
    outcome: storable(record.outcome),
    errorCode: storable(record.errorCode),
    errorMessage: text(record.errorMessage ?? response.error),
    durationMs: Math.round(record.durationMs * 1000) / 1000,
    ttfbMs: record.ttfbMs === null ? null : Math.round(record.ttfbMs * 1000) / 1000,
    promptTokens: response.usage?.promptTokens ?? null,
    completionTokens: response.usage?.completionTokens ?? null,
    totalTokens: response.usage?.totalTokens ?? null,
    ...costColumns(requestCost(response.usage, [record.upstreamModel, record.model], record.providerId ? options.providers?.[record.providerId] : undefined, options.prices)),
    finishReason: storable(response.finishReason),
    requestBody: body(record.requestBody),
    responseBody: body(response.body),
    responseReasoning: body(response.reasoning),
    responseToolCalls: body(response.toolCalls),
    attempts: redact(JSON.stringify(record.attempts)),
    responseStream: body(response.stream),
    responseBytes: record.responseBytes ?? (record.response.kind === 'none' ? null : heldBytes(record.response)),
    truncated,
    // Conversation content: kept only with whole bodies (a cut would leave JSON no one can load back).
    responseState: record.responseState && bodies.mode === 'full' ? redact(JSON.stringify(record.responseState)) : null,
    coldStartMs: coldStartOf(record),
    instanceId: options.instanceId ?? null,
    // a shadow or replay row: the row it pairs with, and which kind it is
    ...(record.pairId ? { pairId: record.pairId, pairRole: record.pairRole ?? null } : {}),
  };
}

/** The load time of the answering attempt, when it met a local model that was not loaded (null otherwise). */
function coldStartOf(record: RequestLogRecord): number | null {
  const answering = record.attempts.at(-1);
  return answering?.coldStart === true && answering.loadMs !== undefined ? Math.round(answering.loadMs * 1000) / 1000 : null;
}

function costColumns(priced: RequestCost | null): { cost: number | null; costSource: string | null } {
  return priced ? { cost: priced.cost, costSource: priced.source } : { cost: null, costSource: null };
}

/** A kept state read back: `null` when the stored text is not one (say, cut or edited by hand). */
export function parseResponseState(text: string): ResponseState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { id, input, output } = value as Record<string, unknown>;
  return typeof id === 'string' && id.length > 0 && Array.isArray(input) && Array.isArray(output) ? { id, input, output } : null;
}

/**
 * A stored row as readers see it: for a stream row written with its raw stream, the text,
 * reasoning and tool calls assembled from it, as they were stored before. Other rows (and
 * streams written before `response_stream` existed) are returned unchanged. `redact` runs over
 * the assembled values.
 */
export function withAssembledResponse(row: RequestLogRow, redact: (text: string) => string = (text) => text): RequestLogRow {
  if (row.responseStream === null || row.responseBody !== null || row.responseReasoning !== null || row.responseToolCalls !== null) return row;
  const summary = summarizeSse(row.responseStream);
  return {
    ...row,
    responseBody: summary.text === null ? (summary.toolCalls.length ? null : '') : redact(summary.text),
    responseReasoning: summary.reasoning === null ? null : redact(summary.reasoning),
    responseToolCalls: summary.toolCalls.length ? redact(JSON.stringify(summary.toolCalls)) : null,
  };
}

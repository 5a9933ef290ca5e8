/**
 * Checks that an upstream's answer is what the OpenAI API promises before any of it is passed
 * on: a 2xx status, a JSON body for a plain request, an SSE body for a stream. An answer that is
 * not (a redirect, a status outside HTTP's range, an HTML page, a stream event that is not JSON
 * or reports an error) is a failed attempt: 502, OpenAI-shaped, and failover applies. The checks
 * look at the status, one header and a few bytes, never at parsed JSON.
 */
import { createParser } from 'eventsource-parser';
import { UpstreamError } from '../errors.js';
import type { UpstreamResponse } from '../spec/transport.js';
import { startsWithError, type EventFault } from '../sse/event-scan.js';
import { decodeUtf8, safeParse } from '../sse/summarize-response.js';
import { redactSecrets } from '../secrets.js';

/** The code of an answer that is not what the API promises (not worth asking the same provider again). */
export const BAD_RESPONSE_CODE = 'upstream_bad_response';
/** The code of an error the upstream reported inside its stream. */
export const STREAM_ERROR_CODE = 'upstream_stream_error';
/** How much of a refused answer the error message quotes. */
const QUOTE_CHARS = 200;

function badResponse(providerId: string, what: string, status: number | null): UpstreamError {
  return new UpstreamError(`Provider "${providerId}" sent an invalid answer: ${what}`, { status: 502, code: BAD_RESPONSE_CODE, retryable: true, upstreamStatus: status, outcome: 'bad_response' });
}

function headerValue(headers: UpstreamResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The status and content type of a response that is not an HTTP error (errors, 400-599, are read
 * as such elsewhere). Lenient where real providers are: a missing content type passes (the body
 * check decides), and parameters (`; charset=utf-8`) are ignored.
 */
export function checkUpstreamAnswer(providerId: string, upstream: UpstreamResponse, stream: boolean): UpstreamError | undefined {
  const status = upstream.status;
  if (status >= 300 && status < 400) return badResponse(providerId, `a redirect (HTTP ${status}), which the router does not follow; check the provider's baseURL`, status);
  if (status < 200 || status >= 300) return badResponse(providerId, `HTTP status ${status}`, status);
  const raw = headerValue(upstream.headers, 'content-type');
  if (!raw) return undefined;
  // what nearly every provider sends, settled without trimming, lower-casing or a regular expression (this runs per request)
  if (stream ? raw.startsWith('text/event-stream') : raw === 'application/json' || raw.startsWith('application/json;')) return undefined;
  const type = raw.trim().toLowerCase();
  if (!type) return undefined;
  if (stream) {
    if (!type.startsWith('text/event-stream')) return badResponse(providerId, `a stream was asked for, but the answer is ${type.split(';')[0]}`, status);
  } else if (!/^[a-z]+\/([a-z0-9.+-]+\+)?json\b/.test(type)) {
    return badResponse(providerId, `JSON was asked for, but the answer is ${type.split(';')[0]}`, status);
  }
  return undefined;
}

/** A stream answer that ended before its first event. */
export function emptyStreamError(providerId: string, status: number): UpstreamError {
  return badResponse(providerId, 'an empty stream (it ended before its first event)', status);
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13;
}

/** A whole non-streaming body must look like a JSON object: first and last non-blank bytes `{` and `}`. */
export function checkJsonBody(providerId: string, body: Uint8Array, status: number): UpstreamError | undefined {
  let first = 0;
  while (first < body.length && isSpace(body[first])) first++;
  let last = body.length - 1;
  while (last > first && isSpace(body[last])) last--;
  if (body[first] === 123 && body[last] === 125) {
    // a success status around an error object (some gateways answer a quota or model error that way;
    // Anthropic's `{"type":"error",…}` too)
    if (!startsWithError(body, first, last)) return undefined;
    const parsed = safeParse(decodeUtf8(body)) as Record<string, any> | undefined;
    const error = parsed?.error;
    const message: string = (typeof error?.message === 'string' && error.message) || (typeof error === 'string' && error) || (typeof parsed?.message === 'string' && parsed.message) || 'no message';
    return new UpstreamError(`Provider "${providerId}" answered HTTP ${status} with an error: ${message}`, { status: 502, code: BAD_RESPONSE_CODE, retryable: true, upstreamStatus: status, outcome: 'bad_response' });
  }
  return badResponse(providerId, body.length === 0 ? 'an empty body' : `a body that is not a JSON object: ${quote(decodeUtf8(body.subarray(0, QUOTE_CHARS * 4)))}`, status);
}

/** The first part of a text, on one line, for an error message. */
function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > QUOTE_CHARS ? `${line.slice(0, QUOTE_CHARS)}…` : line);
}

/** The data of one SSE event (its `data:` lines joined), decoded. Only for an event being refused. */
function eventData(event: Uint8Array): string {
  return eventDataText(decodeUtf8(event));
}

function eventDataText(event: string): string {
  const lines = event.split(/\r\n|\r|\n/);
  const data: string[] = [];
  for (const line of lines) {
    if (line === 'data') data.push('');
    else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
  }
  return data.join('\n');
}

/**
 * The error for a stream event `scanEvents` refused: data that is not JSON, or an error the
 * upstream reported (`event: error`, or data `{"error":…}`). Parses that one event, which is
 * not on the hot path: the stream ends with it. Secrets the upstream echoes are redacted.
 */
export function streamFaultError(providerId: string, fault: EventFault, event: Uint8Array, status: number, secrets: readonly string[]): UpstreamError {
  const data = eventData(event);
  if (fault === 'not_json') {
    return redactError(badResponse(providerId, `a stream event whose data is not JSON: ${quote(data || decodeUtf8(event))}`, status), secrets);
  }
  const parsed = safeParse(data) as Record<string, any> | undefined;
  const error = parsed?.error;
  const message: string =
    (typeof error?.message === 'string' && error.message) || (typeof error === 'string' && error) || (typeof parsed?.message === 'string' && parsed.message) || data.trim().slice(0, QUOTE_CHARS) || 'no message';
  return redactError(
    new UpstreamError(`Provider "${providerId}" reported an error in its stream: ${message}`, { status: 502, code: STREAM_ERROR_CODE, retryable: true, upstreamStatus: status, outcome: 'stream_error' }),
    secrets,
  );
}

/** How far back from a stream's end `failedResponseError` looks for its terminal event. */
const FAILED_WINDOW_BYTES = 64 * 1024;
const FAILED_TYPE = 'response.failed';

/**
 * The error of a Responses stream passed through that ended with `response.failed` (the API's own
 * terminal failure event, which clients accumulate into a failed response: passed on as it is,
 * but the attempt failed), or null. Reads only the last 64 KiB of what was sent, where the
 * terminal event is, and parses events only when that text mentions the event type at all.
 */
export function failedResponseError(providerId: string, sent: { chunks: readonly Uint8Array[]; tail?: readonly Uint8Array[] }, status: number): UpstreamError | null {
  const chunks = sent.tail ?? sent.chunks;
  let start = chunks.length;
  let size = 0;
  while (start > 0 && size < FAILED_WINDOW_BYTES) size += chunks[--start].byteLength;
  const text = decodeUtf8(chunks.slice(start) as Uint8Array[]);
  if (!text.includes(FAILED_TYPE)) return null;
  let last: Record<string, any> | undefined;
  // the window may begin inside an event: a partial one is no JSON and is passed over
  createParser({ onEvent: (event) => void (last = safeParse(event.data) as Record<string, any> | undefined) }).feed(`${text}\n\n`);
  if (last?.type !== FAILED_TYPE) return null;
  const error = last.response?.error;
  const message: string = (typeof error?.message === 'string' && error.message) || (typeof error?.code === 'string' && error.code) || 'no message';
  return new UpstreamError(`Provider "${providerId}" ended its stream with response.failed: ${message}`, { status: 502, code: STREAM_ERROR_CODE, retryable: true, upstreamStatus: status, outcome: 'stream_error' });
}

/** `error` with the secrets in its message redacted (the same error when there are none). */
export function redactError(error: UpstreamError, secrets: readonly string[]): UpstreamError {
  if (secrets.length === 0) return error;
  const message = redactSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new UpstreamError(message, { status: error.status, code: error.code ?? BAD_RESPONSE_CODE, retryable: error.retryable, upstreamStatus: error.upstreamStatus, outcome: error.outcome });
}

/** The code of a completion with nothing in it: no content, reasoning or tool call. */
export const EMPTY_ANSWER_CODE = 'upstream_empty_answer';
/** The code of a tool call whose arguments are not JSON or whose tool the request did not offer (setting `failover_on_invalid_tool_call`). */
export const INVALID_TOOL_CALL_CODE = 'upstream_invalid_tool_call';
/** Setting: `true` makes an invalid tool call a failed attempt, like an empty answer (default `false`). */
export const INVALID_TOOL_CALL_SETTING = 'failover_on_invalid_tool_call';

/** The error of an empty completion (a failed attempt: the next target is tried). */
export function emptyAnswerError(providerId: string, status: number | null): UpstreamError {
  return new UpstreamError(`Provider "${providerId}" answered with an empty completion (no content, reasoning or tool call)`, {
    status: 502, code: EMPTY_ANSWER_CODE, retryable: true, upstreamStatus: status, outcome: 'empty_answer',
  });
}

/** The error of an invalid tool call (with `failover_on_invalid_tool_call`). */
export function invalidToolCallError(providerId: string, what: string, status: number | null): UpstreamError {
  return new UpstreamError(`Provider "${providerId}" answered with an invalid tool call: ${what}`, {
    status: 502, code: INVALID_TOOL_CALL_CODE, retryable: true, upstreamStatus: status, outcome: 'invalid_tool_call',
  });
}

/**
 * Something a client would see: a non-empty `content`, `refusal` or `text` string or array, a
 * non-empty `reasoning_content`/`reasoning`/`thinking` string, a tool call (`tool_calls` with an
 * entry, `function_call`, Anthropic's `tool_use` block, a non-empty `partial_json`). Matched on
 * the JSON text, never parsed: a key's quotes cannot occur unescaped inside a string value, so a
 * string that merely mentions `"content":"x"` does not match. Covers chat completions (whole and
 * streamed) and the Anthropic Messages shapes an adapter translates from.
 */
const SUBSTANCE = /"(?:content|refusal|text|reasoning_content|reasoning|thinking|partial_json)"\s*:\s*(?:"(?:[^"\\]|\\.)|\[\s*[^\]\s])|"(?:tool_calls|content_block)"\s*:\s*(?:\[\s*\{|\{\s*"type"\s*:\s*"tool_use")|"function_call"\s*:\s*\{/;
/** What a client reads as the answer's text (with reasoning and tool calls left out). */
const TEXT = /"(?:content|refusal|text)"\s*:\s*(?:"(?:[^"\\]|\\.)|\[\s*[^\]\s])/;

/** Whether JSON text (a whole answer, or stream events) carries anything a client would see. */
export function hasSubstance(text: string): boolean {
  // the usual answer, compact JSON with text content, found by one native search
  const at = text.indexOf('"content":"');
  if (at !== -1 && text.charCodeAt(at + 11) !== 34) return true;
  return SUBSTANCE.test(text);
}

/** Whether JSON text (stream events) carries answer text (content or a refusal), not only reasoning or tool calls. */
export function hasText(text: string): boolean {
  return TEXT.test(text);
}

/** One tool call of an answer, as the invalid-tool-call check reads it. */
interface ToolCallSeen {
  name: string;
  /** The arguments as text (chat), or null when the provider sent an object (Anthropic's `input`). */
  arguments: string | null;
}

/** Why a tool call is invalid (undefined: all are valid). `tools`: the names the request offered. */
function invalidToolCall(calls: readonly ToolCallSeen[], tools: ReadonlySet<string>): string | undefined {
  for (const call of calls) {
    if (!tools.has(call.name)) return `the tool ${JSON.stringify(call.name)} is not one the request offered`;
    const args = call.arguments;
    // no arguments at all is how some providers call a tool without parameters
    if (args === null || args.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      return `the arguments of ${JSON.stringify(call.name)} are not JSON: ${quote(args)}`;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return `the arguments of ${JSON.stringify(call.name)} are not a JSON object: ${quote(args)}`;
  }
  return undefined;
}

/**
 * The check of a whole (non-streaming) answer before it is passed on: empty (no content,
 * reasoning or tool call) fails, and with `tools` (the invalid-tool-call setting) so does a tool
 * call that is not valid. The empty check is one regular-expression scan of the text, stopping at
 * the first thing a client would see; only the tool check parses, and only when asked for.
 */
export function checkCompletion(providerId: string, body: Uint8Array, status: number, tools?: ReadonlySet<string>): UpstreamError | undefined {
  const text = decodeUtf8(body);
  if (!hasSubstance(text)) return emptyAnswerError(providerId, status);
  if (!tools) return undefined;
  const parsed = safeParse(text) as Record<string, any> | undefined;
  const calls: ToolCallSeen[] = [];
  if (Array.isArray(parsed?.choices)) {
    for (const choice of parsed.choices) {
      const list = choice?.message?.tool_calls;
      if (Array.isArray(list)) for (const call of list) calls.push({ name: String(call?.function?.name ?? ''), arguments: typeof call?.function?.arguments === 'string' ? call.function.arguments : null });
    }
  } else if (Array.isArray(parsed?.content)) {
    for (const block of parsed.content) if (block?.type === 'tool_use') calls.push({ name: String(block.name ?? ''), arguments: null });
  }
  const why = invalidToolCall(calls, tools);
  return why === undefined ? undefined : invalidToolCallError(providerId, why, status);
}

/**
 * The same check for a whole streamed answer held back from the client (the events' bytes):
 * tool calls are gathered from chat `tool_calls` deltas (by index) or Anthropic `tool_use`
 * blocks. Parses each event: only done for an answer held whole because the setting asks for it.
 */
export function checkStreamedToolCalls(providerId: string, events: Uint8Array, status: number, tools: ReadonlySet<string>): UpstreamError | undefined {
  const calls: ToolCallSeen[] = [];
  const chatCalls = new Map<string, ToolCallSeen>();
  const blocks = new Map<number, ToolCallSeen>();
  // eventsource-parser splits the events at every line ending the SSE specification allows (a mix of them too)
  const datas: string[] = [];
  createParser({ onEvent: (event) => datas.push(event.data) }).feed(`${decodeUtf8(events)}\n\n`);
  for (const data of datas) {
    if (!data || data === '[DONE]') continue;
    const parsed = safeParse(data) as Record<string, any> | undefined;
    if (!parsed) continue;
    if (Array.isArray(parsed.choices)) {
      for (const choice of parsed.choices) {
        const deltas = choice?.delta?.tool_calls;
        if (!Array.isArray(deltas)) continue;
        for (const delta of deltas) {
          const key = `${choice.index ?? 0}:${delta?.index ?? 0}`;
          let call = chatCalls.get(key);
          if (!call) {
            call = { name: '', arguments: '' };
            chatCalls.set(key, call);
            calls.push(call);
          }
          if (typeof delta?.function?.name === 'string' && delta.function.name) call.name = delta.function.name;
          if (typeof delta?.function?.arguments === 'string') call.arguments += delta.function.arguments;
        }
      }
    } else if (parsed.type === 'content_block_start' && parsed.content_block?.type === 'tool_use') {
      const call = { name: String(parsed.content_block.name ?? ''), arguments: '' };
      blocks.set(Number(parsed.index), call);
      calls.push(call);
    } else if (parsed.type === 'content_block_delta' && parsed.delta?.type === 'input_json_delta') {
      const call = blocks.get(Number(parsed.index));
      if (call && typeof parsed.delta.partial_json === 'string') call.arguments += parsed.delta.partial_json;
    }
  }
  const why = invalidToolCall(calls, tools);
  return why === undefined ? undefined : invalidToolCallError(providerId, why, status);
}

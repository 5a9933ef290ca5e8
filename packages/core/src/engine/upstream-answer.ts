/**
 * Checks that an upstream's answer is what the OpenAI API promises before any of it is passed
 * on: a 2xx status, a JSON body for a plain request, an SSE body for a stream. An answer that is
 * not (a redirect, a status outside HTTP's range, an HTML page, a stream event that is not JSON
 * or reports an error) is a failed attempt: 502, OpenAI-shaped, and failover applies. The checks
 * look at the status, one header and a few bytes, never at parsed JSON.
 */
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
    // a success status around an error object (some gateways answer a quota or model error that way)
    if (!startsWithError(body, first, last)) return undefined;
    const parsed = safeParse(decodeUtf8(body)) as Record<string, any> | undefined;
    const error = parsed?.error;
    const message: string = (typeof error?.message === 'string' && error.message) || (typeof error === 'string' && error) || 'no message';
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
  const lines = decodeUtf8(event).split(/\r\n|\r|\n/);
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

function redactError(error: UpstreamError, secrets: readonly string[]): UpstreamError {
  if (secrets.length === 0) return error;
  const message = redactSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new UpstreamError(message, { status: error.status, code: error.code ?? BAD_RESPONSE_CODE, retryable: error.retryable, upstreamStatus: error.upstreamStatus, outcome: error.outcome });
}

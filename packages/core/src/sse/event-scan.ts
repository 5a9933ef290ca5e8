/**
 * The stream relay's byte-level look at an upstream's SSE: where complete events end, and
 * whether each one is what an OpenAI chat stream may carry. Hand-written rather than
 * eventsource-parser because it runs on every chunk of every stream: it never decodes text and
 * never parses JSON, it only looks at line boundaries and at a few bytes per line.
 *
 * Line endings are those of the SSE specification (and openai-node's decoder): `\r\n`, `\n` and a
 * lone `\r`, mixed freely; a blank line ends an event. A `\r` at the very end of the bytes ends its
 * line; should a `\n` follow in the next chunk it reads as one more blank line, which ends an event
 * with no fields: harmless, since the bytes themselves are passed on unchanged.
 *
 * The framing check, per event: its `data` (all its `data:` lines, joined) must be `[DONE]` or
 * look like a JSON object: first non-blank byte `{`, last non-blank byte `}`. That is O(1) per
 * line once the line ends are known, where `JSON.parse` would cost a decode and a parse per
 * event; it catches what breaks a client's parser in practice (HTML, plain text, a truncated or
 * unframed payload), and the log path parses the events fully. Finding the line ends touches
 * every byte once, with the native `indexOf` (one search for a CR, one for each line's LF; on
 * the Node `Buffer`s a socket delivers that is `memchr`): measured at about 200 ns for a
 * 175-byte chunk event on a loaded 2-core machine, where the same machine spent about 45 µs of
 * CPU per event on the proxy's other work (the benchmark's CPU per 22-event stream).
 * An `event: error` field, or data that is an object whose first key is a non-null `error` or
 * whose first key is `type` with the value `"error"` (Anthropic's and the Responses API's error
 * events), is the upstream reporting a failure in the stream.
 */

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const TAB = 9;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const QUOTE = 34;
const LOWER_N = 110;
const DONE = [91, 68, 79, 78, 69, 93]; // [DONE]
const ERROR_KEY = [34, 101, 114, 114, 111, 114, 34]; // "error"

/** Why an event was refused. */
export type EventFault = 'not_json' | 'error_event';

/** What `scanEvents` found. */
export interface EventScan {
  /** Offset just past the last complete event that passed (0 if none); every event before it passed too. */
  end: number;
  /** The first complete event that did not pass, if any (it starts at `end`). */
  fault: EventFault | null;
  /** Offset just past that event. */
  faultEnd: number;
}

function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB;
}

function matches(bytes: Uint8Array, at: number, word: readonly number[]): boolean {
  if (at + word.length > bytes.length) return false;
  for (let index = 0; index < word.length; index++) if (bytes[at + index] !== word[index]) return false;
  return true;
}

/** `field` (lower-case ASCII) is the name of the line starting at `start` (followed by `:` or the line end)? Returns the value's offset, or -1. */
function fieldValue(bytes: Uint8Array, start: number, lineEnd: number, field: readonly number[]): number {
  if (!matches(bytes, start, field)) return -1;
  const after = start + field.length;
  if (after === lineEnd) return lineEnd;
  if (bytes[after] !== COLON) return -1;
  // the specification drops one space after the colon
  return after + 1 < lineEnd && bytes[after + 1] === SPACE ? after + 2 : after + 1;
}

const DATA = [100, 97, 116, 97];
const EVENT = [101, 118, 101, 110, 116];
const ERROR = [101, 114, 114, 111, 114];

const TYPE_KEY = [34, 116, 121, 112, 101, 34]; // "type"

/**
 * Data that reports an error in its first key: an object whose first key is `"error"` with a value
 * other than `null` (OpenAI's shape and its variants), or whose first key is `"type"` with the value
 * `"error"` (Anthropic's `{"type":"error","error":…}` and the Responses API's `error` event).
 * `open` is the offset of its `{`; a few byte comparisons, never a parse.
 */
export function startsWithError(bytes: Uint8Array, open: number, limit: number): boolean {
  let at = open + 1;
  while (at < limit && isBlank(bytes[at])) at++;
  if (bytes[at] !== QUOTE) return false;
  const typed = matches(bytes, at, TYPE_KEY);
  if (!typed && !matches(bytes, at, ERROR_KEY)) return false;
  at += typed ? TYPE_KEY.length : ERROR_KEY.length;
  while (at < limit && isBlank(bytes[at])) at++;
  if (bytes[at] !== COLON) return false;
  at++;
  while (at < limit && isBlank(bytes[at])) at++;
  if (typed) return matches(bytes, at, ERROR_KEY);
  return at < limit && bytes[at] !== LOWER_N;
}

/**
 * Scans `bytes` (starting at an event boundary) for complete events and checks each one. With
 * `final`, the bytes are the end of the stream: a last event without its blank line counts as
 * complete.
 */
export function scanEvents(bytes: Uint8Array, final = false): EventScan {
  const length = bytes.length;
  // Most upstreams frame with `\n` only: then the native `indexOf` finds every line end.
  const hasCR = bytes.indexOf(CR) !== -1;
  let end = 0;
  let lineStart = 0;
  // the current event
  let eventStart = 0;
  let dataLines = 0;
  let dataFirst = -1;
  let dataLast = -1;
  let dataLimit = -1;
  let done = false;
  let errorEvent = false;

  while (lineStart < length) {
    let lineEnd: number;
    if (!hasCR) {
      // a blank line (the usual second half of `\n\n`) needs no search
      lineEnd = bytes[lineStart] === LF ? lineStart : bytes.indexOf(LF, lineStart);
    } else {
      lineEnd = lineStart;
      while (lineEnd < length && bytes[lineEnd] !== LF && bytes[lineEnd] !== CR) lineEnd++;
      if (lineEnd === length) lineEnd = -1;
    }
    let next: number;
    if (lineEnd !== -1) {
      next = bytes[lineEnd] === CR && bytes[lineEnd + 1] === LF ? lineEnd + 2 : lineEnd + 1;
    } else if (final) {
      lineEnd = length;
      next = length;
    } else {
      break;
    }
    if (lineEnd > lineStart) {
      // A field line. Comments (`:`) and fields other than data and event change nothing here.
      const first = bytes[lineStart];
      if (first === DATA[0]) {
        let at = fieldValue(bytes, lineStart, lineEnd, DATA);
        if (at !== -1) {
          while (at < lineEnd && isBlank(bytes[at])) at++;
          let last = lineEnd - 1;
          while (last >= at && isBlank(bytes[last])) last--;
          if (last >= at) {
            if (dataLines === 0) {
              dataFirst = at;
              dataLimit = lineEnd;
              done = last - at + 1 === DONE.length && matches(bytes, at, DONE);
            }
            dataLines++;
            dataLast = last;
          }
        }
      } else if (first === EVENT[0]) {
        const at = fieldValue(bytes, lineStart, lineEnd, EVENT);
        if (at !== -1 && lineEnd - at === ERROR.length && matches(bytes, at, ERROR)) errorEvent = true;
      }
    }
    const blankLine = lineEnd === lineStart && lineEnd !== length;
    lineStart = next;
    // A blank line ends the event; so does the end of a final stream.
    if (blankLine || (final && next === length)) {
      let fault: EventFault | null = null;
      if (errorEvent) fault = 'error_event';
      else if (dataLines > 0 && !(done && dataLines === 1)) {
        if (bytes[dataFirst] !== OPEN_BRACE || bytes[dataLast] !== CLOSE_BRACE) fault = 'not_json';
        else if (startsWithError(bytes, dataFirst, dataLines === 1 ? dataLast : dataLimit)) fault = 'error_event';
      }
      if (fault) return { end: eventStart, fault, faultEnd: next };
      end = next;
      eventStart = next;
      dataLines = 0;
      done = false;
      errorEvent = false;
    }
  }
  return { end, fault: null, faultEnd: end };
}

/** Past this, an event without its end is passed on as it is rather than held (an upstream not speaking SSE, or one enormous event). */
export const MAX_EVENT_BYTES = 256 * 1024;

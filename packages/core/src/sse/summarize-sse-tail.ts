/**
 * The cheap half of `summarizeSse`: usage, finish reason and error of an SSE stream, without
 * assembling the text. A log writer that keeps the raw stream needs only these at write time
 * (the text can be assembled when someone reads the row), and they live in the last few
 * events, so events are parsed as JSON only when a substring test says they could hold one
 * of them, newest first, until all three are known.
 */
import { createParser } from 'eventsource-parser';
import type { TokenUsage } from '../spec/log.js';
import { chunkChoice, chunkError, chunkUsage, safeParse, summarizeSse, wholeStream } from './summarize-response.js';

/** What `summarizeSseTail` finds: the same values `summarizeSse` gives for these fields. */
export interface SseTailSummary {
  /** Finish reason of choice 0 (the last one reported). */
  finishReason: string | null;
  /** Usage (the last event that reported it; `usage` or Groq's `x_groq.usage`). */
  usage: TokenUsage | null;
  /** The last error event's message, if any. */
  error: string | null;
  /** Number of SSE data events, `[DONE]` excluded. */
  events: number;
}

// Prefilters on an event's raw JSON. They may let through events that turn out not to matter
// (the JSON then decides), but never hold back one that does: usage must be an object, a
// finish reason or an error anything but null. Keys spelt with JSON escapes are not seen; no
// provider writes them.
/** A stream of typed events (Anthropic Messages, OpenAI Responses), told by its first event. */
const TYPED_STREAM = /^\s*(?:event:[^\r\n]*(?:\r\n|\r|\n))?data:\s*\{\s*"type"\s*:\s*"(?:message_start|response\.|ping|error)/;
const MAY_HAVE_USAGE = /"usage"\s*:\s*\{/;
const MAY_HAVE_FINISH = /"finish_reason"\s*:\s*(?!null\b)/;
const MAY_HAVE_ERROR = /"error"\s*:\s*(?!null\b)/;

/** Summarises an SSE stream's usage, finish reason and error, parsing only the events that may hold them. */
export function summarizeSseTail(text: string): SseTailSummary {
  // Anthropic Messages and OpenAI Responses streams keep usage in other events: read them whole
  if (TYPED_STREAM.test(text)) {
    const full = summarizeSse(text);
    return { finishReason: full.finishReason, usage: full.usage, error: full.error, events: full.events };
  }
  const data: string[] = [];
  const parser = createParser({
    onEvent(event) {
      if (event.data !== '[DONE]') data.push(event.data);
    },
  });
  parser.feed(wholeStream(text));
  const summary: SseTailSummary = { finishReason: null, usage: null, error: null, events: data.length };
  // Usage and finish reason are in the last events, found in a step or two. An error can be
  // anywhere, but most streams never mention one: one search of the whole text settles that
  // (a key is never split across `data:` lines, a raw newline not being valid inside JSON).
  let needUsage = true;
  let needFinish = true;
  let needError = text.includes('"error"');
  for (let index = data.length - 1; index >= 0 && (needUsage || needFinish || needError); index--) {
    const event = data[index];
    const usage = needUsage && MAY_HAVE_USAGE.test(event);
    const finish = needFinish && MAY_HAVE_FINISH.test(event);
    const error = needError && MAY_HAVE_ERROR.test(event);
    if (!usage && !finish && !error) continue;
    const chunk = safeParse(event) as Record<string, any> | undefined;
    if (!chunk || typeof chunk !== 'object') continue;
    if (usage) {
      summary.usage = chunkUsage(chunk);
      needUsage = summary.usage === null;
    }
    if (finish) {
      const reason = chunkChoice(chunk)?.finish_reason;
      if (reason) {
        summary.finishReason = reason;
        needFinish = false;
      }
    }
    if (error) {
      summary.error = chunkError(chunk);
      needError = summary.error === null;
    }
  }
  return summary;
}

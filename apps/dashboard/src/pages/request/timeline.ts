/**
 * A request's attempts laid out in time, from their recorded timings: each attempt starts after
 * the previous one ended and its own backoff wait (`delayMs`); it waits `answeredMs` for the
 * upstream's answer (its headers), then relays the body for the rest of its `durationMs`. The
 * router's own moments between attempts are not recorded, so the positions are approximate.
 */
import type { Attempt } from '../../api/types.ts';

/** One attempt's bar: where it starts and how long each part took (ms from the request's arrival). */
export interface TimelineBar {
  index: number;
  label: string;
  outcome: string;
  status: number | null;
  error: string | null;
  startMs: number;
  /** Backoff waited before the attempt. */
  waitMs: number;
  /** Until the upstream answered (the whole attempt when it never did). */
  answerMs: number;
  /** Relaying the answer's body, after the upstream answered. */
  bodyMs: number;
}

export interface Timeline {
  bars: TimelineBar[];
  /** The time the chart spans: the request's duration, or the attempts' end when later. */
  spanMs: number;
}

export function attemptTimeline(attempts: readonly Attempt[], request: { durationMs: number }): Timeline {
  let cursor = 0;
  const bars = attempts.map((attempt, index) => {
    const waitMs = Math.max(0, attempt.delayMs ?? 0);
    const startMs = cursor + waitMs;
    const durationMs = Math.max(0, attempt.durationMs);
    const answered = typeof attempt.answeredMs === 'number' ? Math.min(Math.max(0, attempt.answeredMs), durationMs) : undefined;
    const bar: TimelineBar = {
      index,
      label: `${attempt.providerId} · ${attempt.model}`,
      outcome: attempt.outcome,
      status: attempt.status,
      error: attempt.error ?? null,
      startMs: cursor,
      waitMs,
      answerMs: answered ?? durationMs,
      bodyMs: answered === undefined ? 0 : durationMs - answered,
    };
    cursor = startMs + durationMs;
    return bar;
  });
  return { bars, spanMs: Math.max(request.durationMs, cursor, 1) };
}

/** A length of the span as a CSS percentage. */
export function percentOf(ms: number, spanMs: number): string {
  return `${Math.max(0, Math.min(100, (ms / spanMs) * 100)).toFixed(2)}%`;
}

/** A stored body for reading: pretty JSON when it is JSON, else as stored. */
export function prettyBody(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The live request tail: a bounded in-memory broadcast of the log pipeline's records. The log
 * sink offers every record (and every stream's start) to it on the request path, so it must cost
 * nothing there: with no viewer, `offer` returns before allocating anything; with viewers, one
 * compact summary is built per record and its reference queued for each viewer whose filter it
 * matches. A viewer's queue is bounded: one that cannot keep up (a slow or stalled client) is
 * dropped, its stream ending with an `end` event that says why, and the proxy never waits for it.
 */
import type { LogSink, RequestLogRecord, StreamStartRecord } from '@router/core';

/** What a tail event says about one request: no bodies, no headers, nothing secret. */
export interface RequestSummary {
  /** `started`: the engine's answer to a stream is known (its status, provider and model), its body still flowing; `finished`: the request is over and logged. */
  phase: 'started' | 'finished';
  /** The router's request id (the log row's key: `GET /v1/requests/:id`). */
  id: string;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** Route path, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Provider that answered (or was last tried). */
  provider: string | null;
  /** Model the client asked for. */
  model: string | null;
  /** Model name sent upstream. */
  upstreamModel: string | null;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** HTTP status returned to the client. */
  status: number;
  /** `success`, `error`, `client_closed` or `stream_error`; null while a stream is still flowing. */
  outcome: RequestLogRecord['outcome'] | null;
  /** Milliseconds from arrival to the last byte; null while a stream is still flowing. */
  durationMs: number | null;
  /** Milliseconds from arrival to the first response byte. */
  ttfbMs: number | null;
  /** Upstream attempts made so far. */
  attempts: number;
  /** Error code when the request failed. */
  errorCode: string | null;
}

/** Which requests a viewer wants; every field set must match. `status` is an HTTP status, or `success`/`ok`, `error`, `client_closed`, `stream_error` (as `GET /v1/requests`). */
export interface TailFilter {
  provider?: string;
  model?: string;
  /** The logged path (`/v1/chat/completions`). */
  endpoint?: string;
  status?: string;
}

/** Why a viewer's stream ended on the server's side. */
export interface TailEnd {
  /** `slow_viewer`: its queue filled up; `server_shutting_down`: the server is stopping. */
  reason: 'slow_viewer' | 'server_shutting_down';
  message: string;
}

/** A queued event: the summary, shared by every viewer it was queued for, and its JSON once one of them serialised it. */
export interface TailItem {
  readonly summary: RequestSummary;
  json?: string;
  /** Its SSE frame (`event: request`, `id:`, `data:`), made once and shared by every viewer that gets it. */
  frame?: string;
}

/** One subscriber. The route reads it with `take()` after each `wait()`. */
export interface TailViewer {
  /** Resolves once there are events to take or the viewer was ended (at once if there already are). */
  wait(): Promise<void>;
  /** The queued events, oldest first (emptying the queue). */
  take(): TailItem[];
  /** Set once the broadcast ended this viewer (its queue was full, or the server is stopping); what was queued is discarded. */
  readonly ended: TailEnd | null;
  /** Leaves the broadcast (the client went away); idempotent. */
  close(): void;
}

/** The broadcast. */
export interface RequestBroadcast {
  /** Offers a finished request (called by the log sink on the request path; never throws, never waits). */
  offer(record: RequestLogRecord): void;
  /** Offers a stream whose answer just started. */
  offerStart(start: StreamStartRecord): void;
  /** Adds a viewer; `onEnded` is told when the broadcast ends it (not when it closes itself). */
  subscribe(filter?: TailFilter, onEnded?: (end: TailEnd) => void): TailViewer;
  /** Viewers connected now. */
  viewers(): number;
  /** Viewers dropped because their queue was full, since start. */
  dropped(): number;
  /** Ends every viewer (server shutdown); new subscribers are ended at once. */
  close(): void;
}

/** Options of `createRequestBroadcast`. */
export interface RequestBroadcastOptions {
  /** Events a viewer may have waiting before it is dropped (default 1000). */
  queueLimit?: number;
  /** Milliseconds a viewer's first queued event waits so that what follows goes out with it (default 20; 0: at once). */
  coalesceMs?: number;
}

/** The default bound of a viewer's queue. */
export const DEFAULT_TAIL_QUEUE_LIMIT = 1000;

const SLOW: TailEnd = { reason: 'slow_viewer', message: 'The viewer fell too far behind (its event queue was full) and was disconnected; reconnect to resume.' };
const SHUTDOWN: TailEnd = { reason: 'server_shutting_down', message: 'The server is shutting down.' };

/** Whether a summary passes a filter. */
export function matchesFilter(summary: RequestSummary, filter: TailFilter): boolean {
  if (filter.provider !== undefined && summary.provider !== filter.provider) return false;
  if (filter.model !== undefined && summary.model !== filter.model) return false;
  if (filter.endpoint !== undefined && summary.endpoint !== filter.endpoint) return false;
  const status = filter.status;
  if (status !== undefined) {
    if (/^\d+$/.test(status)) return summary.status === Number(status);
    // a stream still flowing has no outcome yet: an outcome filter waits for its finish
    const outcome = status === 'ok' ? 'success' : status;
    return summary.outcome === outcome;
  }
  return true;
}

/** The tail's summary of a finished request. */
export function summarizeRecord(record: RequestLogRecord): RequestSummary {
  return {
    phase: 'finished', id: record.id, startedAt: record.startedAt, endpoint: record.endpoint, provider: record.providerId, model: record.model, upstreamModel: record.upstreamModel,
    stream: record.stream, status: record.status, outcome: record.outcome, durationMs: Math.round(record.durationMs), ttfbMs: record.ttfbMs === null ? null : Math.round(record.ttfbMs),
    attempts: record.attempts.length, errorCode: record.errorCode,
  };
}

/** The tail's summary of a stream that started. */
export function summarizeStart(start: StreamStartRecord): RequestSummary {
  return {
    phase: 'started', id: start.id, startedAt: start.startedAt, endpoint: start.endpoint, provider: start.providerId, model: start.model, upstreamModel: start.upstreamModel,
    stream: start.stream, status: start.status, outcome: null, durationMs: null, ttfbMs: Math.round(start.ttfbMs), attempts: start.attempts, errorCode: null,
  };
}

interface Subscriber extends TailViewer {
  readonly filter: TailFilter;
  push(item: TailItem): boolean;
  end(why: TailEnd): void;
}

/** Default milliseconds a viewer's first queued event waits for others to go out with it. */
export const DEFAULT_TAIL_COALESCE_MS = 20;

/** Creates a broadcast. */
export function createRequestBroadcast(options: RequestBroadcastOptions = {}): RequestBroadcast {
  const limit = Math.max(1, options.queueLimit ?? DEFAULT_TAIL_QUEUE_LIMIT);
  const coalesceMs = options.coalesceMs ?? DEFAULT_TAIL_COALESCE_MS;
  // an array, not a Set: `offer` iterates it with an index loop (no iterator allocated per record)
  let subscribers: Subscriber[] = [];
  let closed = false;
  let droppedCount = 0;

  const remove = (subscriber: Subscriber) => {
    const index = subscribers.indexOf(subscriber);
    if (index >= 0) subscribers = subscribers.slice(0, index).concat(subscribers.slice(index + 1));
  };

  function createSubscriber(filter: TailFilter, onEnded: ((end: TailEnd) => void) | undefined): Subscriber {
    let queue: TailItem[] = [];
    let ended: TailEnd | null = null;
    let wake: (() => void) | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      pending = undefined;
      signal();
    };
    const signal = () => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    const subscriber: Subscriber = {
      filter,
      get ended() {
        return ended;
      },
      push(item) {
        if (ended) return false;
        if (queue.length >= limit) {
          droppedCount++;
          subscriber.end(SLOW);
          return false;
        }
        queue.push(item);
        // The first event of a batch wakes the viewer a moment later, with whatever else arrived by then:
        // under load a viewer then costs one wake and one write per batch, not per request.
        if (queue.length === 1) {
          if (coalesceMs <= 0) signal();
          else if (!pending) pending = setTimeout(flush, coalesceMs);
        }
        return true;
      },
      end(why) {
        if (ended) return;
        if (pending) clearTimeout(pending);
        pending = undefined;
        ended = why;
        queue = [];
        remove(subscriber);
        signal();
        onEnded?.(why);
      },
      wait() {
        if (queue.length > 0 || ended) return Promise.resolve();
        return new Promise<void>((resolve) => {
          wake = resolve;
        });
      },
      take() {
        const items = queue;
        queue = [];
        return items;
      },
      close() {
        if (pending) clearTimeout(pending);
        pending = undefined;
        remove(subscriber);
        queue = [];
        signal();
      },
    };
    return subscriber;
  }

  function publish(summary: RequestSummary): void {
    let item: TailItem | undefined;
    // a copy of the reference: a viewer ended while publishing leaves the array being iterated untouched
    const current = subscribers;
    for (let index = 0; index < current.length; index++) {
      const subscriber = current[index]!;
      if (!matchesFilter(summary, subscriber.filter)) continue;
      subscriber.push((item ??= { summary }));
    }
  }

  return {
    offer(record) {
      if (subscribers.length === 0) return;
      publish(summarizeRecord(record));
    },
    offerStart(start) {
      if (subscribers.length === 0) return;
      publish(summarizeStart(start));
    },
    subscribe(filter = {}, onEnded) {
      const subscriber = createSubscriber(filter, onEnded);
      if (closed) subscriber.end(SHUTDOWN);
      else subscribers = subscribers.concat(subscriber);
      return subscriber;
    },
    viewers: () => subscribers.length,
    dropped: () => droppedCount,
    close() {
      closed = true;
      for (const subscriber of subscribers) subscriber.end(SHUTDOWN);
      subscribers = [];
    },
  };
}

/**
 * The log sink the engine is given: every record goes to `sink` as before, and to the broadcast.
 * `started` is only defined while someone is watching, so with no viewer the engine builds no start record.
 */
export function broadcastingSink(sink: LogSink, broadcast: RequestBroadcast): LogSink {
  const offerStart = (start: StreamStartRecord) => broadcast.offerStart(start);
  return {
    write(record) {
      sink.write(record);
      broadcast.offer(record);
    },
    get started() {
      return broadcast.viewers() > 0 ? offerStart : undefined;
    },
  };
}

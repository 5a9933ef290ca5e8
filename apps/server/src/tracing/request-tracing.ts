/**
 * OpenTelemetry traces of the proxy's requests, off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: one SERVER span per request and a CLIENT span per
 * attempt, with the OpenTelemetry GenAI attributes (`gen_ai.operation.name`, `gen_ai.request.model`,
 * `gen_ai.response.model`, `gen_ai.provider.name`, `gen_ai.usage.input_tokens` / `output_tokens`,
 * `gen_ai.response.finish_reasons`). The client's W3C `traceparent` is continued, and each attempt's
 * span id goes upstream in its own `traceparent` (the engine does that, see `ChatInput.trace`).
 *
 * Nothing is timed on the request path: the spans are built from the log record when a request
 * ends (its times and attempts are all there), held — without bodies — until the log writer has
 * summarised the response (usage, finish reason), then handed to the SDK's batch processor, which
 * exports over OTLP/HTTP in the background. A dead collector costs a failed export now and then
 * (counted), never a request. Prompts and completions are not put in spans.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { AttemptRecord, LogSink, RequestLogRecord, TraceContext } from '@router/core';
import type { WrittenRow } from '@router/store';

export { tracesUrlFromEnv } from './traces-url.js';

/** Where spans go and how they are batched. */
export interface RequestTracingOptions {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  /** `service.name` (default `router`). */
  serviceName?: string;
  /** The router's version (`service.version`, the instrumentation scope's version). */
  version?: string;
  /** How long one export may take, retries included, ms (default 10 000). */
  timeoutMillis?: number;
  /** Longest wait before a batch is exported, ms (default 5000, or `OTEL_BSP_SCHEDULE_DELAY`). */
  scheduledDelayMillis?: number;
  /** Requests held waiting for their log row's summary before they are exported without it (default 10 000). */
  maxPending?: number;
  /** Told about each export that failed (the collector is down or refused). */
  onExportFailed?: (error: unknown) => void;
  /** The exporter (tests); default OTLP/HTTP to `url`. */
  exporter?: SpanExporter;
}

/** The tracing of one server. */
export interface RequestTracing {
  /** A log sink that notes each record's spans, then hands the record to `inner`. */
  sink(inner: LogSink): LogSink;
  /** The log writer's `onRowsWritten`: exports the spans of these requests with their usage. */
  rowsWritten(rows: readonly WrittenRow[]): void;
  /** Exports what is held and stops. */
  shutdown(): Promise<void>;
}

/** What a span needs of a record: no bodies, so holding it costs little. */
interface SpanSeed {
  id: string;
  trace: TraceContext;
  startedAt: number;
  durationMs: number;
  ttfbMs: number | null;
  overheadMs: number | null;
  endpoint: string;
  providerId: string | null;
  model: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: number;
  outcome: RequestLogRecord['outcome'];
  errorCode: string | null;
  attempts: AttemptRecord[];
}

const OPERATION_BY_ENDPOINT: Record<string, string> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'chat',
  '/v1/responses': 'chat',
  '/v1/embeddings': 'embeddings',
  '/v1/completions': 'text_completion',
};

const hrTime = (ms: number): HrTime => {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
};

/** Creates the tracing. */
export function createRequestTracing(options: RequestTracingOptions): RequestTracing {
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? 'router', ...(options.version ? { 'service.version': options.version } : {}) });
  const scope = { name: '@router/server', version: options.version };
  const inner = options.exporter ?? new OTLPTraceExporter({ url: options.url, timeoutMillis: options.timeoutMillis ?? 10_000 });
  // Failed exports are counted by the caller; the SDK drops the batch and goes on.
  const exporter: SpanExporter = {
    export(spans, done) {
      inner.export(spans, (result: ExportResult) => {
        if (result.code !== ExportResultCode.SUCCESS) options.onExportFailed?.(result.error);
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  const processor = new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.scheduledDelayMillis ?? 5_000 });
  const maxPending = options.maxPending ?? 10_000;
  const pending = new Map<string, SpanSeed>();

  function span(fields: { name: string; kind: SpanKind; context: SpanContext; parent?: SpanContext; startMs: number; endMs: number; attributes: Attributes; error?: string }): ReadableSpan {
    const startTime = hrTime(fields.startMs);
    const endTime = hrTime(fields.endMs);
    return {
      name: fields.name,
      kind: fields.kind,
      spanContext: () => fields.context,
      parentSpanContext: fields.parent,
      startTime,
      endTime,
      duration: hrTime(Math.max(0, fields.endMs - fields.startMs)),
      status: fields.error === undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message: fields.error },
      attributes: fields.attributes,
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  }

  function exportSpans(seed: SpanSeed, row?: WrittenRow): void {
    const { trace } = seed;
    const traceFlags = parseInt(trace.flags, 16) & TraceFlags.SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const operation = OPERATION_BY_ENDPOINT[seed.endpoint] ?? 'chat';
    const requestContext: SpanContext = { traceId: trace.traceId, spanId: trace.spanId, traceFlags };
    const parent: SpanContext | undefined = trace.parentSpanId ? { traceId: trace.traceId, spanId: trace.parentSpanId, traceFlags, isRemote: true } : undefined;
    const attributes: Attributes = {
      'gen_ai.operation.name': operation,
      'http.request.method': 'POST',
      'http.route': seed.endpoint,
      'http.response.status_code': seed.status,
      'router.request.id': seed.id,
      'router.outcome': seed.outcome,
      'router.stream': seed.stream,
      'router.attempts': seed.attempts.length,
    };
    if (seed.model) attributes['gen_ai.request.model'] = seed.model;
    if (seed.upstreamModel) attributes['gen_ai.response.model'] = seed.upstreamModel;
    if (seed.providerId) attributes['gen_ai.provider.name'] = seed.providerId;
    if (seed.ttfbMs !== null) attributes['router.time_to_first_byte_ms'] = seed.ttfbMs;
    if (seed.overheadMs !== null) attributes['router.overhead_ms'] = seed.overheadMs;
    if (seed.errorCode) attributes['error.type'] = seed.errorCode;
    if (row?.promptTokens != null) attributes['gen_ai.usage.input_tokens'] = row.promptTokens;
    if (row?.completionTokens != null) attributes['gen_ai.usage.output_tokens'] = row.completionTokens;
    if (row?.finishReason) attributes['gen_ai.response.finish_reasons'] = [row.finishReason];
    const failed = seed.outcome === 'error' || seed.outcome === 'stream_error';
    processor.onEnd(span({
      name: seed.model ? `${operation} ${seed.model}` : operation,
      kind: SpanKind.SERVER,
      context: requestContext,
      parent,
      startMs: seed.startedAt,
      endMs: seed.startedAt + seed.durationMs,
      attributes,
      error: failed ? (seed.errorCode ?? 'error') : undefined,
    }));
    for (const attempt of seed.attempts) {
      if (!attempt.spanId) continue; // a skipped circuit: no request was made
      const startMs = seed.startedAt + (attempt.startMs ?? 0);
      const attemptAttributes: Attributes = {
        'gen_ai.operation.name': operation,
        'gen_ai.request.model': attempt.model,
        'gen_ai.provider.name': attempt.providerId,
        'router.attempt.outcome': attempt.outcome,
      };
      if (attempt.status !== null) attemptAttributes['http.response.status_code'] = attempt.status;
      if (attempt.delayMs) attemptAttributes['router.attempt.delay_ms'] = attempt.delayMs;
      if (attempt.answeredMs !== undefined) attemptAttributes['router.attempt.answered_ms'] = attempt.answeredMs;
      if (attempt.api) attemptAttributes['router.attempt.api'] = attempt.api;
      const attemptFailed = attempt.outcome !== 'ok' && attempt.outcome !== 'local';
      if (attemptFailed) attemptAttributes['error.type'] = attempt.outcome;
      processor.onEnd(span({
        name: `${operation} ${attempt.model}`,
        kind: SpanKind.CLIENT,
        context: { traceId: trace.traceId, spanId: attempt.spanId, traceFlags },
        parent: requestContext,
        startMs,
        endMs: startMs + attempt.durationMs,
        attributes: attemptAttributes,
        error: attemptFailed ? (attempt.error ?? attempt.outcome) : undefined,
      }));
    }
  }

  return {
    sink(next) {
      const traced: LogSink = {
        write(record) {
          const trace = record.trace;
          if (trace) {
            if (pending.size >= maxPending) {
              // the log writer is far behind or dropping rows: the oldest goes out without its usage
              const [oldestId, oldest] = pending.entries().next().value as [string, SpanSeed];
              pending.delete(oldestId);
              exportSpans(oldest);
            }
            pending.set(record.id, {
              id: record.id, trace, startedAt: record.startedAt, durationMs: record.durationMs, ttfbMs: record.ttfbMs, overheadMs: record.overheadMs ?? null,
              endpoint: record.endpoint, providerId: record.providerId, model: record.model, upstreamModel: record.upstreamModel, stream: record.stream,
              status: record.status, outcome: record.outcome, errorCode: record.errorCode, attempts: record.attempts,
            });
          }
          next.write(record);
        },
      };
      Object.defineProperty(traced, 'started', { get: () => next.started, enumerable: true });
      return traced;
    },
    rowsWritten(rows) {
      for (const row of rows) {
        const seed = pending.get(row.id);
        if (!seed) continue;
        pending.delete(row.id);
        exportSpans(seed, row);
      }
    },
    async shutdown() {
      for (const seed of pending.values()) exportSpans(seed);
      pending.clear();
      await processor.shutdown();
    },
  };
}

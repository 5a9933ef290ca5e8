/**
 * The router's Prometheus metrics (`GET /metrics`), kept with `prom-client` in a registry of
 * their own. Requests are counted from the log records the engine hands its sink when a request
 * ends; token usage arrives later from the log writer, which summarises each response off the
 * request path anyway; gauges (in flight, circuits, the log queue, the configuration) are read
 * when Prometheus scrapes.
 *
 * A record's counting is a few nested map lookups and number additions on cells made the first
 * time a label set is seen: the per-request counters are added to their prom-client counters when
 * Prometheus scrapes, and the request histograms are `series-histogram.ts`'s, rendered by the same
 * registry. prom-client's own `inc`/`observe` hash and validate the label set on every call, which
 * cost several µs a request (about 5% of the router's CPU per request in the benchmark).
 *
 * Label values are bounded: endpoints and providers come from the route table and the
 * configuration, and the first `maxModels` distinct model names are kept as they are, every later
 * one counted as `other`.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { childrenBy, flushCounts, SeriesHistogram, type CountCell } from './series-histogram.js';
import type { CircuitState, LogSink, RequestLogRecord, ShadowStats } from '@router/core';
import type { LogWriterStats, UsageTally } from '@router/store';

/** What the metrics read when scraped. */
export interface RouterMetricsSources {
  /** Requests in flight. */
  inFlight?: () => number;
  /** Circuit state per provider (the breaker lists only providers that have failed lately). */
  circuits?: () => Record<string, CircuitState>;
  /** The configured providers' ids: each is reported, `closed` unless its circuit says otherwise. */
  providers?: () => readonly string[];
  /** The log writer's counters. */
  log?: () => LogWriterStats;
  /** The configuration's revision. */
  configRevision?: () => number;
  /** The live tail's viewers and dropped viewers. */
  tail?: () => { viewers: number; dropped: number };
  /** What shadow traffic has done (the router's `shadowStats`). */
  shadow?: () => ShadowStats;
}

/** Options for the metrics. */
export interface RouterMetricsOptions extends RouterMetricsSources {
  /** Distinct model label values kept before the rest count as `other` (default 100). */
  maxModels?: number;
  /** Add Node's process metrics (`process_*`, `nodejs_*`; default true). */
  processMetrics?: boolean;
}

/** The router's metrics. */
export interface RouterMetrics {
  readonly registry: Registry;
  /** A log sink that counts every record, then hands it to `inner`. */
  sink(inner: LogSink): LogSink;
  /** Counts the token usage of written log rows (the log writer's `onWritten`). */
  usage(tallies: readonly UsageTally[]): void;
  /** Counts a proxy request refused for a missing or unknown client key. */
  /** A proxy request refused for its client key: at the door (`missing`, `unknown`, `revoked`, `expired`) or by its scopes and limits (`model`, `provider`, `rpm`, `tpm`, `budget`). */
  keyRejected(reason: string): void;
  /** Counts a failed export of trace spans. */
  traceExportFailed(): void;
  /** Counts a configuration reload. */
  configReloaded(): void;
  /** The exposition text. */
  render(): Promise<string>;
  /** The exposition's content type. */
  readonly contentType: string;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const CIRCUIT_STATES = ['closed', 'half_open', 'open'] as const;

/** Creates the metrics in a registry of their own. */
export function createRouterMetrics(options: RouterMetricsOptions = {}): RouterMetrics {
  const registry = new Registry();
  const registers = [registry];
  const maxModels = options.maxModels ?? 100;
  const models = new Set<string>();
  const modelLabel = (model: string | null): string => {
    if (model === null || model === '') return 'none';
    if (models.has(model)) return model;
    if (models.size >= maxModels) return 'other';
    models.add(model);
    return model;
  };

  // The request counters: their cells count between scrapes, and are added to prom-client's counters when scraped.
  const requestCells: CountCell[] = [];
  const attemptCells: CountCell[] = [];
  const retryCells: CountCell[] = [];
  const tokenCells: CountCell[] = [];
  const requests = new Counter({
    name: 'router_requests_total',
    help: 'Requests through the proxy, by endpoint, provider that answered (or was last tried), model asked for, status class and outcome.',
    labelNames: ['endpoint', 'provider', 'model', 'status_class', 'outcome'] as const,
    registers,
    collect() {
      flushCounts(this, requestCells);
    },
  });
  const duration = new SeriesHistogram({
    name: 'router_request_duration_seconds',
    help: 'Time from arrival to the last byte sent to the client.',
    buckets: DURATION_BUCKETS,
    registry,
  });
  const ttfb = new SeriesHistogram({
    name: 'router_time_to_first_byte_seconds',
    help: 'Time from arrival to the first byte sent to the client (a stream: its first event).',
    buckets: DURATION_BUCKETS,
    registry,
  });
  const overhead = new SeriesHistogram({
    name: 'router_overhead_seconds',
    help: "The router's own share of the time to first byte: less the time spent waiting on upstreams and in backoff waits (x-router-overhead-ms).",
    buckets: OVERHEAD_BUCKETS,
    registry,
  });
  new Counter({
    name: 'router_tokens_total',
    help: 'Tokens the upstreams reported, by direction (input, output), counted when the log row is written.',
    labelNames: ['endpoint', 'provider', 'model', 'direction'] as const,
    registers,
    collect() {
      flushCounts(this, tokenCells);
    },
  });
  new Counter({
    name: 'router_upstream_attempts_total',
    help: 'Attempts at an upstream, by provider and outcome (ok, http_error, connect_error, timeout, skipped, …).',
    labelNames: ['provider', 'outcome'] as const,
    registers,
    collect() {
      flushCounts(this, attemptCells);
    },
  });
  new Counter({
    name: 'router_retries_total',
    help: 'Attempts beyond the first of a request (retries and failovers; skipped circuits not counted).',
    labelNames: ['endpoint'] as const,
    registers,
    collect() {
      flushCounts(this, retryCells);
    },
  });
  const rejected = new Counter({
    name: 'router_rejected_requests_total',
    help: 'Proxy requests refused before routing, by reason (client_key: missing or unknown client key).',
    labelNames: ['reason'] as const,
    registers,
  });
  const keyRejections = rejected.labels('client_key');
  const clientKeyRejections = new Counter({
    name: 'router_client_key_rejections_total',
    help: 'Proxy requests refused for their client key, by reason: missing, unknown, revoked, expired (401); model, provider (403); rpm, tpm, budget (429).',
    labelNames: ['reason'] as const,
    registers,
  });
  const AT_THE_DOOR = new Set(['missing', 'unknown', 'revoked', 'expired']);
  const traceFailures = new Counter({ name: 'router_trace_export_failures_total', help: 'Batches of trace spans the OTLP collector did not take (down, refused, timed out).', registers });
  const reloads = new Counter({ name: 'router_config_reloads_total', help: 'Configuration changes picked up since start.', registers });

  const sources = options;
  new Gauge({
    name: 'router_requests_in_flight',
    help: 'Requests being answered now (streams included).',
    registers,
    collect() {
      this.set(sources.inFlight?.() ?? 0);
    },
  });
  new Gauge({
    name: 'router_circuit_state',
    help: 'Circuit breaker state per provider: 1 for the state it is in (closed, half_open, open), 0 for the others.',
    labelNames: ['provider', 'state'] as const,
    registers,
    collect() {
      this.reset();
      const circuits = sources.circuits?.() ?? {};
      for (const provider of new Set([...(sources.providers?.() ?? []), ...Object.keys(circuits)])) {
        const current = circuits[provider]?.state ?? 'closed';
        for (const state of CIRCUIT_STATES) this.set({ provider, state }, current === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'router_circuit_consecutive_failures',
    help: 'Consecutive failures counted per provider while its circuit is closed.',
    labelNames: ['provider'] as const,
    registers,
    collect() {
      this.reset();
      for (const [provider, circuit] of Object.entries(sources.circuits?.() ?? {})) this.set({ provider }, circuit.failures);
    },
  });
  new Gauge({
    name: 'router_log_queue_depth',
    help: 'Request log records waiting to be written.',
    registers,
    collect() {
      this.set(sources.log?.().queued ?? 0);
    },
  });
  // Counters the log writer keeps: exposed as counters, read at scrape time.
  const fromLog = (name: string, help: string, read: (stats: LogWriterStats) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        const stats = sources.log?.();
        if (!stats) return;
        this.reset();
        this.inc(read(stats));
      },
    });
  fromLog('router_log_rows_written_total', 'Request log rows written.', (stats) => stats.written);
  fromLog('router_log_rows_dropped_total', 'Request log records lost (the queue was full, or the log worker crashed holding them).', (stats) => stats.dropped);
  fromLog('router_log_rows_degraded_total', 'Request log rows written without their bodies because the queue held too many bytes.', (stats) => stats.degraded);
  fromLog('router_log_rows_pruned_total', 'Request log rows removed by retention.', (stats) => stats.pruned);
  fromLog('router_log_failed_batches_total', 'Request log batches that failed to write (their rows are retried).', (stats) => stats.failedBatches);
  new Gauge({
    name: 'router_config_revision',
    help: 'The configuration revision in use.',
    registers,
    collect() {
      this.set(sources.configRevision?.() ?? 0);
    },
  });
  new Gauge({
    name: 'router_live_tail_viewers',
    help: 'Viewers of the live request tail (GET /v1/requests/tail).',
    registers,
    collect() {
      this.set(sources.tail?.().viewers ?? 0);
    },
  });
  new Counter({
    name: 'router_shadow_calls_total',
    help: 'Shadow calls by result: started, skipped_over_cap (the route\'s per-minute cap was reached), failed, timed_out (shadow timeout; also counted as failed).',
    labelNames: ['result'] as const,
    registers,
    collect() {
      const stats = sources.shadow?.();
      if (!stats) return;
      this.reset();
      this.inc({ result: 'started' }, stats.started);
      this.inc({ result: 'skipped_over_cap' }, stats.skippedOverCap);
      this.inc({ result: 'failed' }, stats.failed);
      this.inc({ result: 'timed_out' }, stats.timedOut);
    },
  });
  new Gauge({
    name: 'router_shadow_calls_in_flight',
    help: 'Shadow calls running now.',
    registers,
    collect() {
      this.set(sources.shadow?.().inFlight ?? 0);
    },
  });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  /** A label set's cell: made, and listed for the scrape, the first time the set is seen. */
  const cell = (list: CountCell[], labels: Record<string, string>): CountCell => {
    const made: CountCell = { labels, pending: 0 };
    list.push(made);
    return made;
  };
  /** Everything counted per endpoint, provider and model. */
  interface Series {
    duration: ReturnType<SeriesHistogram['series']>;
    ttfb: ReturnType<SeriesHistogram['series']>;
    /** By status class (the status's hundreds) and outcome. */
    requests: (statusHundreds: number, outcome: string) => CountCell;
    inputTokens: CountCell | undefined;
    outputTokens: CountCell | undefined;
    labels: { endpoint: string; provider: string; model: string };
  }
  const seriesOf = childrenBy(3, (endpoint: string, provider: string, model: string): Series => {
    const labels = { endpoint, provider, model };
    return {
      labels,
      duration: duration.series(labels),
      ttfb: ttfb.series(labels),
      requests: childrenBy(2, (hundreds: number, outcome: string) => cell(requestCells, { endpoint, provider, model, status_class: `${hundreds}xx`, outcome })),
      inputTokens: undefined,
      outputTokens: undefined,
    };
  });
  const overheadOf = childrenBy(1, (endpoint: string) => overhead.series({ endpoint }));
  const attemptOf = childrenBy(2, (provider: string, outcome: string) => cell(attemptCells, { provider, outcome }));
  const retryOf = childrenBy(1, (endpoint: string) => cell(retryCells, { endpoint }));

  function count(record: RequestLogRecord): void {
    const series = seriesOf(record.endpoint, record.providerId ?? 'none', modelLabel(record.model));
    series.requests(Math.floor(record.status / 100), record.outcome).pending++;
    series.duration.observe(record.durationMs / 1000);
    if (record.ttfbMs !== null) series.ttfb.observe(record.ttfbMs / 1000);
    if (record.overheadMs !== undefined && record.overheadMs !== null) overheadOf(record.endpoint).observe(record.overheadMs / 1000);
    let tried = 0;
    for (const attempt of record.attempts) {
      attemptOf(attempt.providerId, attempt.outcome).pending++;
      // circuits skipped and targets too small for the request (context fit) were never sent anything
      if (attempt.outcome !== 'skipped' && attempt.outcome !== 'context_too_small' && attempt.outcome !== 'local') tried++;
    }
    if (tried > 1) retryOf(record.endpoint).pending += tried - 1;
  }

  return {
    registry,
    sink(inner) {
      const counted: LogSink = {
        write(record) {
          try {
            // a shadow or replay row is not a client's request: counted by the shadow counters instead
            if (record.pairRole === undefined) count(record);
          } catch {
            // counting must never cost a log row
          }
          inner.write(record);
        },
      };
      // the stream-start hook stays the inner sink's, read live as the engine does
      Object.defineProperty(counted, 'started', { get: () => inner.started, enumerable: true });
      return counted;
    },
    usage(tallies) {
      for (const tally of tallies) {
        if (!(tally.promptTokens > 0) && !(tally.completionTokens > 0)) continue;
        const series = seriesOf(tally.endpoint, tally.providerId ?? 'none', modelLabel(tally.model));
        if (tally.promptTokens > 0) (series.inputTokens ??= cell(tokenCells, { ...series.labels, direction: 'input' })).pending += tally.promptTokens;
        if (tally.completionTokens > 0) (series.outputTokens ??= cell(tokenCells, { ...series.labels, direction: 'output' })).pending += tally.completionTokens;
      }
    },
    keyRejected(reason) {
      if (AT_THE_DOOR.has(reason)) keyRejections.inc();
      clientKeyRejections.labels(reason).inc();
    },
    traceExportFailed: () => traceFailures.inc(),
    configReloaded: () => reloads.inc(),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

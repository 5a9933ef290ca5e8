/**
 * A log sink that queues records on the request path (O(1), never throws) and
 * writes them in batches off it. The queue is bounded: when the database stalls,
 * requests keep flowing and every record that had to be dropped is counted.
 */
import type { LogSink, ModelPrice, RequestLogRecord } from '@router/core';
import { toLogRow, type LogsRepository } from '../repositories/logs.js';
import type { BodyStorage, RetentionPolicy } from './log-policy.js';
import type { PruneResult } from './prune-logs.js';
import { keyedUsage, tallyUsage, writtenRows, type KeyedUsage, type UsageTally, type WrittenRow } from './usage-tally.js';
import { lookUpRates, takeLearnedRates, type LearnedRates, type PricedProvider } from './request-cost.js';

/** Counters the writer reports (health, stats). */
export interface LogWriterStats {
  /** Records waiting to be written. */
  queued: number;
  /** Records written. */
  written: number;
  /** Records lost: the queue was full (the database stalled that long), or the log worker crashed holding them. */
  dropped: number;
  /** Records written without their bodies because the queue held too many bytes (the row is marked truncated). */
  degraded: number;
  /** Batches that failed to write (their rows are retried). */
  failedBatches: number;
  /** Rows removed by retention (`prune`) since the writer started. */
  pruned: number;
}

/** A batching log sink. */
export interface LogWriter extends LogSink {
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Flushes and stops the timer; later writes are dropped and counted. */
  close(): Promise<void>;
  /** Removes the rows the retention policy does not keep, in small batches off the request path (see `pruneLogs`). */
  prune(policy: RetentionPolicy, options?: { now?: number; dryRun?: boolean }): Promise<PruneResult>;
  /** Current counters. */
  stats(): LogWriterStats;
  /** Looks these models up in the bundled price list (off the request path), reporting what it found to the writer's `onRates`. */
  priceModels?(models: readonly { baseURL?: string; model: string }[]): void;
}

/** Options for the writer. */
export interface LogWriterOptions {
  logs: LogsRepository;
  /** Removes secrets from text before it is stored (called at write time). */
  redact?: () => (text: string) => string;
  /** Store streamed responses as their SSE text, assembled when read (see `LogRowOptions`; default false). */
  rawStreams?: boolean;
  /** Recorded in every row: which router wrote it (when several share one database). */
  instanceId?: string;
  /** How much of each body to store (the `log_bodies` setting), read at write time (default: all of it). */
  bodies?: () => BodyStorage;
  /** Rows per insert batch (default 256). */
  batchSize?: number;
  /** Longest wait before a partial batch is written, in ms (default 100). */
  flushIntervalMs?: number;
  /** Queue bound (default 20000). */
  maxQueue?: number;
  /** The configured providers by id (type, base URL), to price requests by, read at write time. */
  providers?: () => Readonly<Record<string, PricedProvider>>;
  /** The user's price overrides by model name (they win over the bundled price list), read at write time. */
  prices?: () => ReadonlyMap<string, ModelPrice> | undefined;
  /** Told what the bundled price list said of each model it looked up (to price answers from memory: `createBundledRateTable`). */
  onRates?: (rates: readonly LearnedRates[]) => void;
  /** Told about write failures. */
  onError?: (error: unknown) => void;
  /** Told, after each batch is written, the token usage of its rows (e.g. for metrics). */
  onWritten?: (usage: readonly UsageTally[]) => void;
  /** Told, after each batch is written, each row's usage and finish reason (e.g. for trace spans). */
  onRowsWritten?: (rows: readonly WrittenRow[]) => void;
  /** Told, after each batch is written, the usage and cost of its rows that came with a client key (budgets, token limits). */
  onKeyedUsage?: (rows: readonly KeyedUsage[]) => void;
}

/** Creates the writer. */
export function createLogWriter(options: LogWriterOptions): LogWriter {
  const batchSize = options.batchSize ?? 256;
  const interval = options.flushIntervalMs ?? 100;
  const maxQueue = options.maxQueue ?? 20_000;
  let queue: RequestLogRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const counters = { written: 0, dropped: 0, degraded: 0, failedBatches: 0, pruned: 0 };

  function schedule(): void {
    if (timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, queue.length >= batchSize ? 0 : interval);
    timer.unref?.();
  }

  function reportRates(): void {
    if (!options.onRates) return;
    const rates = takeLearnedRates();
    if (rates.length) options.onRates(rates);
  }

  async function drain(): Promise<void> {
    if (running) return running;
    running = (async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, batchSize);
        try {
          const redact = options.redact?.();
          const bodies = options.bodies?.();
          const providers = options.providers?.();
          const prices = options.prices?.();
          const rows = batch.map((record) => toLogRow(record, redact, { rawStreams: options.rawStreams, bodies, providers, prices, instanceId: options.instanceId }));
          reportRates();
          await options.logs.insertMany(rows);
          queue = queue.slice(batch.length);
          counters.written += batch.length;
          if (options.onWritten) options.onWritten(tallyUsage(rows));
          if (options.onRowsWritten) options.onRowsWritten(writtenRows(rows));
          if (options.onKeyedUsage) {
            const keyed = keyedUsage(rows);
            if (keyed.length) options.onKeyedUsage(keyed);
          }
        } catch (error) {
          counters.failedBatches++;
          options.onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, interval * 2)).unref?.());
          if (closed) break;
        }
      }
    })().finally(() => {
      running = undefined;
      if (queue.length > 0 && !closed) schedule();
    });
    return running;
  }

  return {
    write(record) {
      if (closed || queue.length >= maxQueue) {
        counters.dropped++;
        return;
      }
      queue.push(record);
      if (queue.length >= batchSize && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await running;
      await drain();
    },
    async close() {
      await this.flush();
      closed = true;
      if (queue.length > 0) counters.dropped += queue.length;
      queue = [];
    },
    async prune(policy, pruneOptions = {}) {
      const result = await options.logs.prune(policy, { now: pruneOptions.now ?? Date.now(), dryRun: pruneOptions.dryRun });
      if (!pruneOptions.dryRun) counters.pruned += result.deleted;
      return result;
    },
    stats: () => ({ queued: queue.length, ...counters }),
    priceModels(models) {
      lookUpRates(models);
      reportRates();
    },
  };
}

/**
 * The log writer for servers: the same `LogWriter` as `createLogWriter`, but the work happens
 * in a worker thread. The main thread only queues records and posts them in batches, their
 * response bytes packed into one transferred buffer; summarising, redaction and the inserts
 * (synchronous in the local libsql client) run in the worker on its own connection.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelPrice, RequestLogRecord } from '@router/core';
import { BatchBuilder, recordSize, type FromLogWorker, type LogWorkerData, type ToLogWorker } from './log-batch.js';
import type { LogWriter } from './log-writer.js';
import type { BodyStorage } from './log-policy.js';
import type { PruneResult } from './prune-logs.js';
import type { KeyedUsage, UsageTally, WrittenRow } from './usage-tally.js';
import type { LearnedRates, PricedProvider } from './request-cost.js';

/** Options for the worker writer. */
export interface WorkerLogWriterOptions {
  /** The database URL the worker opens: a file (`file:…`) or a remote libsql URL, already migrated. Not `:memory:`. */
  url: string;
  /** The secret values to redact, read when a batch is posted; sent to the worker whenever the list changes. */
  secrets?: () => readonly string[];
  /** Patterns to redact as well (default: bearer tokens and `sk-…` keys). */
  patterns?: readonly RegExp[];
  /** Store streamed responses as their SSE text, assembled when read (see `LogRowOptions`; default false). */
  rawStreams?: boolean;
  /** Recorded in every row: which router wrote it (when several share one database). */
  instanceId?: string;
  /** How much of each body to store (the `log_bodies` setting), read when a batch is posted (default: all of it). */
  bodies?: () => BodyStorage;
  /** Records per posted batch (default 256). */
  batchSize?: number;
  /** Longest wait before a partial batch is posted, ms (default 100). */
  flushIntervalMs?: number;
  /** Bound on records queued or in the worker (default 20000); beyond it records are dropped and counted (only a database stalled that long gets there). */
  maxQueue?: number;
  /**
   * Bound on the bytes those records hold (response and request bodies; default 32 MiB), so a stalled database cannot
   * balloon memory. A record that would pass it is still written, without its bodies (marked truncated, counted as degraded).
   */
  maxQueueBytes?: number;
  /** The configured providers by id (type, base URL), to price requests by; read when a batch is posted, sent to the worker when the object changes. */
  providers?: () => Readonly<Record<string, PricedProvider>>;
  /**
   * The user's price overrides by model name, read when a batch is posted and sent to the worker when the
   * object changes (keep the same object while they do not: the config snapshot's map does).
   */
  prices?: () => ReadonlyMap<string, ModelPrice> | undefined;
  /** Told what the bundled price list said of each model the worker looked up (to price answers from memory: `createBundledRateTable`). */
  onRates?: (rates: readonly LearnedRates[]) => void;
  /** Told about write failures (the worker retries) and worker crashes. */
  onError?: (error: unknown) => void;
  /** Told, after each batch is written, the token usage of its rows (e.g. for metrics); off the request path. */
  onWritten?: (usage: readonly UsageTally[]) => void;
  /** Told, after each batch is written, each row's usage and finish reason (e.g. for trace spans); off the request path. */
  onRowsWritten?: (rows: readonly WrittenRow[]) => void;
  /** Told, after each batch is written, the usage and cost of its rows that came with a client key (budgets, token limits); off the request path. */
  onKeyedUsage?: (rows: readonly KeyedUsage[]) => void;
  /** The worker script (default: `log-worker.js` of this package's build). */
  workerUrl?: URL;
}

/** The built worker script: next to this module in `dist/`, or in `dist/` when running from source. */
export function logWorkerUrl(): URL {
  const candidates = [new URL('./log-worker.js', import.meta.url), new URL('../../dist/log-worker.js', import.meta.url)];
  const found = candidates.find((candidate) => existsSync(fileURLToPath(candidate)));
  if (!found) throw new Error('@router/store: dist/log-worker.js not found; build the package (pnpm build) first');
  return found;
}

/** Creates the writer and starts its worker. */
export function createWorkerLogWriter(options: WorkerLogWriterOptions): LogWriter {
  if (options.url === ':memory:' || options.url === 'file::memory:') {
    throw new Error('createWorkerLogWriter: an in-memory database cannot be shared with a worker; use createLogWriter');
  }
  const batchSize = options.batchSize ?? 256;
  const interval = options.flushIntervalMs ?? 100;
  const maxQueue = options.maxQueue ?? 20_000;
  const maxQueueBytes = options.maxQueueBytes ?? 32 * 1024 * 1024;
  const workerUrl = options.workerUrl ?? logWorkerUrl();
  const data: LogWorkerData = { url: options.url, patterns: options.patterns, rawStreams: options.rawStreams === true, instanceId: options.instanceId, retryDelayMs: Math.min(1000, interval * 2), tallyUsage: options.onWritten !== undefined, rowSummaries: options.onRowsWritten !== undefined, keyedUsage: options.onKeyedUsage !== undefined };
  const counters = { written: 0, dropped: 0, degraded: 0, failedBatches: 0, pruned: 0 };
  const flushWaiters = new Map<number, () => void>();
  const pruneWaiters = new Map<number, { resolve: (result: PruneResult) => void; reject: (error: Error) => void; dryRun: boolean }>();
  // Records are copied into the open batch as they are written, not held as objects (see `BatchBuilder`).
  let queue = new BatchBuilder();
  let inWorker = 0;
  let heldBytes = 0;
  let nextFlushId = 0;
  let nextPruneId = 0;
  let sentSecrets: string | undefined;
  let sentProviders: Readonly<Record<string, PricedProvider>> | undefined;
  let sentPrices: ReadonlyMap<string, ModelPrice> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let worker: Worker | undefined;
  let closed = false;
  let closedByUs: (() => void) | undefined;

  // The worker keeps the process alive only while it holds records or owes a reply, so a
  // forgotten writer never hangs an exit, and a shutdown never exits with rows in flight.
  function updateRef(): void {
    if (!worker) return;
    if (inWorker > 0 || flushWaiters.size > 0 || pruneWaiters.size > 0 || closedByUs) worker.ref();
    else worker.unref();
  }

  function onMessage(message: FromLogWorker): void {
    switch (message.type) {
      case 'done':
        inWorker -= message.written + message.dropped;
        heldBytes -= message.size;
        counters.written += message.written;
        counters.dropped += message.dropped;
        if (message.usage?.length) options.onWritten?.(message.usage);
        if (message.rows?.length) options.onRowsWritten?.(message.rows);
        if (message.keyed?.length) options.onKeyedUsage?.(message.keyed);
        break;
      case 'rates':
        options.onRates?.(message.rates);
        break;
      case 'failed':
        counters.failedBatches++;
        options.onError?.(new Error(`log write failed: ${message.message}`));
        break;
      case 'flushed':
        flushWaiters.get(message.id)?.();
        flushWaiters.delete(message.id);
        break;
      case 'pruned': {
        const waiter = pruneWaiters.get(message.id);
        pruneWaiters.delete(message.id);
        if (message.result) {
          if (!waiter?.dryRun) counters.pruned += message.result.deleted;
          waiter?.resolve(message.result);
        } else waiter?.reject(new Error(`log pruning failed: ${message.error}`));
        break;
      }
      case 'closed':
        closedByUs?.();
        break;
    }
    updateRef();
  }

  function onExit(): void {
    // Whatever the worker held is lost with it: count it, release the waiters, start afresh next time.
    worker = undefined;
    sentSecrets = undefined;
    sentProviders = undefined;
    sentPrices = undefined;
    counters.dropped += inWorker;
    inWorker = 0;
    heldBytes = queue.size;
    for (const release of flushWaiters.values()) release();
    flushWaiters.clear();
    for (const waiter of pruneWaiters.values()) waiter.reject(new Error('log pruning failed: the log worker stopped'));
    pruneWaiters.clear();
    closedByUs?.();
  }

  function started(): Worker {
    if (worker) return worker;
    // V8's default young generation: capping it (8 MiB was tried, for a lower peak RSS) made the
    // worker scavenge about three times as often and promote its batches into the old space, whose
    // mark-compacts then walk the price list: about 13 µs more CPU per logged stream in `pnpm bench`.
    const created = new Worker(fileURLToPath(workerUrl), { workerData: data });
    created.on('message', onMessage);
    created.on('error', (error) => options.onError?.(error));
    created.on('exit', () => {
      if (worker === created) onExit();
    });
    worker = created;
    return created;
  }

  function send(message: ToLogWorker, transfer: ArrayBuffer[] = []): void {
    started().postMessage(message, transfer);
  }

  function postQueued(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.count === 0) return;
    const secrets = options.secrets?.() ?? [];
    const key = secrets.join('\u0000');
    if (key !== sentSecrets) {
      send({ type: 'secrets', secrets: [...secrets] });
      sentSecrets = key;
    }
    const providers = options.providers?.();
    if (providers && providers !== sentProviders) {
      send({ type: 'providers', providers: { ...providers } });
      sentProviders = providers;
    }
    const prices = options.prices?.();
    if (prices !== sentPrices) {
      send({ type: 'prices', prices: prices ?? new Map() });
      sentPrices = prices;
    }
    const batch = queue;
    // The next batch starts at about this one's size, so it rarely has to grow.
    queue = new BatchBuilder(Math.min(batch.count, batchSize) + 8, batch.byteLength + (batch.byteLength >> 2));
    const packed = batch.finish();
    send({ type: 'batch', size: batch.size, bodies: options.bodies?.() ?? { mode: 'full' }, ...packed }, [packed.bytes, packed.lengths.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer]);
    inWorker += batch.count;
    updateRef();
  }

  function schedule(): void {
    if (timer) return;
    // A full batch goes on the next turn, never inside the request that filled it.
    timer = setTimeout(postQueued, queue.count >= batchSize ? 0 : interval);
    timer.unref?.();
  }

  return {
    write(given) {
      if (closed || queue.count + inWorker >= maxQueue) {
        counters.dropped++;
        return;
      }
      let record = given;
      let size = recordSize(record);
      if (heldBytes + size > maxQueueBytes) {
        // Over the memory bound: the row is written all the same, its metadata without the bodies.
        record = withoutBodies(record);
        size = recordSize(record);
        counters.degraded++;
      }
      heldBytes += size;
      queue.add(record);
      if (queue.count === batchSize && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule();
    },
    async flush() {
      postQueued();
      if (!worker) return;
      const id = nextFlushId++;
      const done = new Promise<void>((resolve) => flushWaiters.set(id, resolve));
      send({ type: 'flush', id });
      updateRef();
      await done;
    },
    async close() {
      if (closed) return;
      postQueued();
      closed = true;
      const running = worker;
      if (!running) return;
      // `close` follows the batches in order; the worker writes them (giving up on a failing
      // database after a few attempts, counted as dropped), then closes its connection.
      await new Promise<void>((resolve) => {
        closedByUs = resolve;
        updateRef();
        running.postMessage({ type: 'close' } satisfies ToLogWorker);
      });
      await running.terminate();
    },
    prune(policy, pruneOptions = {}) {
      if (closed) return Promise.reject(new Error('log pruning failed: the log writer is closed'));
      const id = nextPruneId++;
      const dryRun = pruneOptions.dryRun === true;
      const done = new Promise<PruneResult>((resolve, reject) => pruneWaiters.set(id, { resolve, reject, dryRun }));
      send({ type: 'prune', id, policy, now: pruneOptions.now ?? Date.now(), dryRun });
      updateRef();
      return done;
    },
    stats: () => ({ queued: queue.count + inWorker, ...counters }),
    priceModels(models) {
      if (closed || models.length === 0) return;
      send({ type: 'price-models', models: models.map((model) => ({ ...model })) });
      updateRef();
    },
  };
}

/** A record's metadata without its bodies (nor its kept Responses state), marked truncated, with the size of the response it stood for. */
export function withoutBodies(record: RequestLogRecord): RequestLogRecord {
  const { responseState: _state, ...metadata } = record;
  const response = record.response;
  const held = response.kind === 'json' ? response.bytes.byteLength + (response.tail?.byteLength ?? 0) : response.kind === 'sse' ? [...response.chunks, ...(response.tail ?? [])].reduce((sum, chunk) => sum + chunk.byteLength, 0) : 0;
  return { ...metadata, requestBody: null, response: { kind: 'none' }, responseBytes: record.responseBytes ?? (response.kind === 'none' ? undefined : held), responseTruncated: true };
}

/**
 * The log worker's entry (built to `dist/log-worker.js`): summarises, redacts and inserts
 * the batches the main thread posts, on its own connection (the native driver with a prepared
 * insert for a local file), so the synchronous SQLite calls never block the server's event loop. Messages are handled
 * strictly in order, so `flushed` means every earlier batch is written (or given up on).
 * Retention (`prune`) runs beside that queue on the same connection, one short `DELETE` at a
 * time with a turn of the event loop between them, so batches keep being written meanwhile.
 */
import { keyedUsage, tallyUsage, writtenRows } from './usage-tally.js';
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeDatabaseUrl, openDatabase } from '../sqlite/open-sqlite.js';
import { toLogRow } from '../repositories/log-row.js';
import { createLogRowInserter, type LogRowInsert } from '../sqlite/insert-log-rows.js';
import { localDatabasePath, openNativeLogRowInserter } from '../sqlite/native-log-row-inserter.js';
import { unpackBatch, type FromLogWorker, type LogWorkerData, type ToLogWorker } from './log-batch.js';
import { createTextRedactor } from './redaction.js';
import { lookUpRates, takeLearnedRates, type PricedProvider } from './request-cost.js';
import type { ModelPrice } from '@router/core';
import { clientPruneConnection, postgresPruneConnection, pruneLogs, type PruneConnection } from './prune-logs.js';
import postgres from 'postgres';
import { isPostgresUrl } from '../postgres/open-postgres.js';
import { createPostgresLogRowInserter } from '../postgres/log-row-inserter.js';

/** Attempts at a failing insert once the writer is closing, before its rows are given up. */
const ATTEMPTS_WHEN_CLOSING = 3;

/** The driver's own message: drizzle's wrapper would repeat the query with every row's values. */
function reason(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}

/** The worker's connection: it inserts, and prunes. */
interface LogRowSink {
  insert(rows: readonly LogRowInsert[]): Promise<void> | void;
  prune: PruneConnection;
  close(): Promise<void> | void;
}

/** A local file gets the native connection with its prepared insert; Postgres a small postgres.js pool; another remote database the libsql client. */
async function openLogRowSink(url: string): Promise<LogRowSink> {
  if (isPostgresUrl(url)) {
    const sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 10 });
    return { insert: createPostgresLogRowInserter(sql), prune: postgresPruneConnection(sql), close: () => sql.end({ timeout: 5 }) };
  }
  const path = localDatabasePath(normalizeDatabaseUrl(url));
  if (path !== null) return openNativeLogRowInserter(path);
  const opened = await openDatabase({ url, migrate: false });
  return { insert: createLogRowInserter(opened.client), prune: clientPruneConnection(opened.client), close: () => opened.client.close() };
}

function startLogWorker(port: NonNullable<typeof parentPort>, data: LogWorkerData): void {
  const post = (message: FromLogWorker) => port.postMessage(message);
  let redact = createTextRedactor({ secrets: [], patterns: data.patterns });
  let providers: Record<string, PricedProvider> = {};
  let prices: ReadonlyMap<string, ModelPrice> | undefined;
  let database: Promise<LogRowSink> | undefined;
  let closing = false;
  let chain: Promise<void> = Promise.resolve();
  /** Pruning passes under way (beside the queue), awaited before the connection closes. */
  const pruning = new Set<Promise<void>>();
  const rawStreams = data.rawStreams === true;

  // The main thread has migrated the database already; this connection only inserts. A failed
  // open (say, the table is not there yet) is forgotten, so the next attempt opens afresh.
  const open = () =>
    (database ??= openLogRowSink(data.url).catch((error: unknown) => {
      database = undefined;
      throw error;
    }));

  async function writeBatch(message: Extract<ToLogWorker, { type: 'batch' }>): Promise<void> {
    const rows = [];
    let unusable = 0;
    for (const record of unpackBatch(message)) {
      try {
        rows.push(toLogRow(record, redact, { rawStreams, bodies: message.bodies, providers, prices, instanceId: data.instanceId }));
      } catch (error) {
        unusable++;
        post({ type: 'failed', message: `log row ${record.id}: ${(error as Error).message}` });
      }
    }
    // what pricing these rows taught, to the main thread before the rows can be read back
    const rates = takeLearnedRates();
    if (rates.length) post({ type: 'rates', rates });
    for (let failures = 0; ; ) {
      try {
        const { insert } = await open();
        await insert(rows);
        const keyed = data.keyedUsage ? keyedUsage(rows) : [];
        post({ type: 'done', written: rows.length, dropped: unusable, size: message.size, ...(data.tallyUsage ? { usage: tallyUsage(rows) } : {}), ...(data.rowSummaries ? { rows: writtenRows(rows) } : {}), ...(keyed.length ? { keyed } : {}) });
        return;
      } catch (error) {
        failures++;
        post({ type: 'failed', message: reason(error) });
        if (closing && failures >= ATTEMPTS_WHEN_CLOSING) {
          post({ type: 'done', written: 0, dropped: rows.length + unusable, size: message.size });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, data.retryDelayMs));
      }
    }
  }

  async function prune(message: Extract<ToLogWorker, { type: 'prune' }>): Promise<void> {
    try {
      const { prune: connection } = await open();
      const result = await pruneLogs(connection, message.policy, { now: message.now, dryRun: message.dryRun, stopped: () => closing });
      post({ type: 'pruned', id: message.id, result });
    } catch (error) {
      post({ type: 'pruned', id: message.id, error: reason(error) });
    }
  }

  async function handle(message: ToLogWorker): Promise<void> {
    switch (message.type) {
      case 'secrets':
        redact = createTextRedactor({ secrets: message.secrets, patterns: data.patterns });
        return;
      case 'providers':
        providers = message.providers;
        return;
      case 'prices':
        prices = message.prices;
        return;
      case 'batch':
        return writeBatch(message);
      case 'flush':
        post({ type: 'flushed', id: message.id });
        return;
      case 'prune':
      case 'price-models':
        return;
      case 'close': {
        await Promise.all(pruning);
        const current = await database?.catch(() => undefined);
        await current?.close();
        post({ type: 'closed' });
        port.close();
        return;
      }
    }
  }

  port.on('message', (message: ToLogWorker) => {
    // Known at once, so a batch stuck retrying gives up instead of holding the shutdown.
    if (message.type === 'close') closing = true;
    if (message.type === 'price-models') {
      lookUpRates(message.models);
      const rates = takeLearnedRates();
      if (rates.length) post({ type: 'rates', rates });
      return;
    }
    if (message.type === 'prune') {
      const running = prune(message).finally(() => pruning.delete(running));
      pruning.add(running);
      return;
    }
    chain = chain.then(() => handle(message));
  });
}

if (parentPort) startLogWorker(parentPort, workerData as LogWorkerData);

/**
 * The request log: rows written in batches by the log writer, read back for history and stats.
 * Turning a record into a row is in `log-row.ts`, the filters in `log-filter.ts`, the aggregates
 * (computed in the database) in `log-stats.ts`.
 */
import { asc, desc, eq, getTableColumns, inArray, isNotNull, sql } from 'drizzle-orm';
import type { ResponseState } from '@router/core';
import type { RetentionPolicy } from '../log/log-policy.js';
import { pruneLogs, type PruneConnection, type PruneOptions, type PruneResult } from '../log/prune-logs.js';
import { createTextRedactor } from '../log/redaction.js';
import { scorecard, type ScorecardFilter } from './scorecard.js';
import type { Database } from '../open-store.js';
import { tablesOf, type Tables } from '../dialect.js';
import { parseResponseState, withAssembledResponse, type RequestLogRow } from './log-row.js';
import { whereOf, type LogFilter } from './log-filter.js';
import { logSeries, logStats, logStatsByKey, type KeyStatsRow, type SeriesGroup, type SeriesRow, type StatsRow } from './log-stats.js';

export { toLogRow, parseResponseState, withAssembledResponse, type LogRowOptions, type RequestLogRow } from './log-row.js';
export { whereOf, type LogFilter } from './log-filter.js';
export type { KeyStatsRow, SeriesGroup, SeriesRow, StatsRow } from './log-stats.js';

/** The columns readers get: every one but `response_state` (large, and already in the request and response). */
function readableColumnsOf(table: Tables['requestLogs']) {
  const { responseState: _state, ...readable } = getTableColumns(table);
  return readable;
}

/** Creates the logs repository; `client` is the connection under `db` (needed for `prune`). */
export function createLogsRepository(db: Database, pruneConnection?: PruneConnection) {
  const { requestLogs } = tablesOf(db);
  const readableColumns = readableColumnsOf(requestLogs);
  // Assembly can join what the stored stream holds apart (a key streamed a few characters per
  // chunk, redaction having seen only the pieces), so key-shaped strings are redacted again.
  const redactAssembled = createTextRedactor({ secrets: [] });
  const assembled = (row: RequestLogRow) => withAssembledResponse(row, redactAssembled);
  return {
    async insertMany(rows: (typeof requestLogs.$inferInsert)[]): Promise<void> {
      if (rows.length === 0) return;
      // 23 columns per row; stay well under SQLite's bound-variable limit
      for (let index = 0; index < rows.length; index += 400) {
        await db.insert(requestLogs).values(rows.slice(index, index + 400)).onConflictDoNothing();
      }
    },
    async list(filter: LogFilter & { limit?: number; offset?: number } = {}): Promise<{ rows: RequestLogRow[]; total: number }> {
      const where = whereOf(filter, requestLogs);
      const rows = await db.select(readableColumns).from(requestLogs).where(where).orderBy(desc(requestLogs.createdAt), desc(requestLogs.id)).limit(filter.limit ?? 50).offset(filter.offset ?? 0);
      const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(requestLogs).where(where);
      return { rows: rows.map(assembled), total: Number(count) };
    },
    /** The row with this router id, else the latest row whose client sent this `x-request-id`. */
    async get(id: string): Promise<RequestLogRow | null> {
      const [row] = await db.select(readableColumns).from(requestLogs).where(eq(requestLogs.id, id));
      if (row) return assembled(row);
      const [latest] = await db.select(readableColumns).from(requestLogs).where(eq(requestLogs.clientRequestId, id)).orderBy(desc(requestLogs.createdAt), desc(requestLogs.id)).limit(1);
      return latest ? assembled(latest) : null;
    },
    /**
     * The Responses answers kept with the newest `limit` rows that have one, oldest first (so
     * loading them in order into a least-recently-used memory keeps the newest). A row whose
     * state does not read back is counted in `unreadable` and left out. Bounded in size before
     * anything large is read: a state longer than `maxEntryChars` is skipped, and the newest are
     * taken while together they stay within `maxChars` (lengths in characters of the stored text).
     */
    async recentResponseStates(limit: number, bounds: { maxEntryChars?: number; maxChars?: number } = {}): Promise<{ states: ResponseState[]; unreadable: number }> {
      if (!(limit > 0)) return { states: [], unreadable: 0 };
      const maxEntryChars = bounds.maxEntryChars ?? Number.POSITIVE_INFINITY;
      const maxChars = bounds.maxChars ?? Number.POSITIVE_INFINITY;
      // the lengths first (no state is read), newest first
      const lengths = await db
        .select({ id: requestLogs.id, length: sql<number>`length(${requestLogs.responseState})` })
        .from(requestLogs)
        .where(isNotNull(requestLogs.responseState))
        .orderBy(desc(requestLogs.createdAt), desc(requestLogs.id))
        .limit(Math.floor(limit));
      const chosen: string[] = [];
      let total = 0;
      for (const { id, length } of lengths) {
        const size = Number(length);
        if (size > maxEntryChars) continue;
        if (total + size > maxChars) break;
        total += size;
        chosen.push(id);
      }
      const rows: { id: string; state: string | null }[] = [];
      // in slices, so no statement carries too many parameters
      for (let start = 0; start < chosen.length; start += 500) {
        rows.push(...(await db.select({ id: requestLogs.id, state: requestLogs.responseState }).from(requestLogs).where(inArray(requestLogs.id, chosen.slice(start, start + 500)))));
      }
      const byId = new Map(rows.map((row) => [row.id, row.state]));
      const states: ResponseState[] = [];
      let unreadable = 0;
      for (let index = chosen.length - 1; index >= 0; index--) {
        const text = byId.get(chosen[index]);
        const state = text ? parseResponseState(text) : null;
        if (state) states.push(state);
        else unreadable++;
      }
      return { states, unreadable };
    },
    /**
     * The rows grouped by client request id, for ids that start with `prefix` (the groups a host
     * sends under one id, such as a comparison's legs): newest group first (by its latest row),
     * each group's rows in id order.
     */
    async groups(prefix: string, options: { limit?: number; offset?: number } = {}): Promise<{ clientRequestId: string; rows: RequestLogRow[] }[]> {
      if (prefix === '') throw new Error('logs.groups needs a prefix');
      const pattern = `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      const matches = sql`${requestLogs.clientRequestId} like ${pattern} escape '\\'`;
      const latest = sql<number>`max(${requestLogs.createdAt})`;
      const heads = await db.select({ id: requestLogs.clientRequestId, latest }).from(requestLogs).where(matches).groupBy(requestLogs.clientRequestId).orderBy(desc(latest), desc(requestLogs.clientRequestId)).limit(options.limit ?? 50).offset(options.offset ?? 0);
      const ids = heads.map((head) => head.id).filter((id): id is string => id !== null);
      if (ids.length === 0) return [];
      const rows = await db.select(readableColumns).from(requestLogs).where(inArray(requestLogs.clientRequestId, ids)).orderBy(asc(requestLogs.id));
      const byId = new Map(ids.map((id) => [id, [] as RequestLogRow[]]));
      for (const row of rows) byId.get(row.clientRequestId!)?.push(assembled(row));
      return ids.map((id) => ({ clientRequestId: id, rows: byId.get(id)! }));
    },
    /** Removes the rows the retention policy does not keep, in small batches (see `pruneLogs`). */
    async prune(policy: RetentionPolicy, options: PruneOptions): Promise<PruneResult> {
      if (!pruneConnection) throw new Error('logs.prune needs a connection: createLogsRepository(db, pruneConnection)');
      return pruneLogs(pruneConnection, policy, options);
    },
    async count(filter: LogFilter = {}): Promise<number> {
      const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(requestLogs).where(whereOf(filter, requestLogs));
      return Number(count);
    },
    /** Per endpoint, provider and model: requests, successes, latency percentiles, tokens and known cost (see `logStats`). */
    stats: (filter: LogFilter = {}): Promise<StatsRow[]> => logStats(db, filter),
    /** Requests, tokens and spend per client key (rows without a key left out), computed in the database; most requests first. */
    statsByKey: (filter: LogFilter = {}): Promise<KeyStatsRow[]> => logStatsByKey(db, filter),
    /** Per provider and model: requests, success and empty-answer rates, time to first token, decode and prompt rates, cold starts and cost (see `scorecard.ts`). */
    scorecard: (filter: ScorecardFilter = {}) => scorecard(db, filter),
    /**
     * The rows between `since` and `until` in time buckets of `bucketMs` (aligned to multiples of
     * it), each bucket grouped by `group`, computed in the database (see `logSeries`). Buckets
     * without rows are left out; the caller fills them. Ordered by bucket, then group.
     */
    series: (filter: LogFilter & { since: number; until: number }, options: { bucketMs: number; group?: SeriesGroup }): Promise<SeriesRow[]> => logSeries(db, filter, options),
  };
}

/** The logs repository. */
export type LogsRepository = ReturnType<typeof createLogsRepository>;

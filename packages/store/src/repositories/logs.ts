/** The request log: rows written in batches by the log writer, read back for history and stats. */
import { requestCost, type PricedProvider, type RequestCost } from '../log/request-cost.js';
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { decodeUtf8, summarizeJson, summarizeSse, summarizeSseTail, type ModelPrice, type RequestLogRecord, type ResponseState, type TokenUsage } from '@router/core';
import type { BodyStorage, RetentionPolicy } from '../log/log-policy.js';
import { pruneLogs, type PruneConnection, type PruneOptions, type PruneResult } from '../log/prune-logs.js';
import { createTextRedactor } from '../log/redaction.js';
import { parseLogEndpoint } from './log-endpoints.js';
import { scorecard, type ScorecardFilter } from './scorecard.js';
import type { Database } from '../open-store.js';
import { dialectOf, rawRows, tablesOf, type Tables } from '../dialect.js';
import { requestLogs as sqliteRequestLogs, type requestLogs } from '../schema/index.js';

/** A stored log row as readers see it (the kept Responses state is read only by `recentResponseStates`). */
export type RequestLogRow = Omit<typeof requestLogs.$inferSelect, 'responseState'>;

/** The columns readers get: every one but `response_state` (large, and already in the request and response). */
function readableColumnsOf(table: Tables['requestLogs']) {
  const { responseState: _state, ...readable } = getTableColumns(table);
  return readable;
}

/** Filters for reading the log. */
export interface LogFilter {
  /** A request id: the router's own (one row) or a client's `x-request-id` (every row that sent it). */
  requestId?: string;
  /** The client API: its path (`/v1/messages`) or short name (`messages`); anything else throws `InvalidRequestError` before reading. */
  endpoint?: string;
  providerId?: string;
  model?: string;
  /** An HTTP status, or `success` / `error` / `client_closed` / `stream_error`. */
  status?: string | number;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** Only the requests of this client key (its id). */
  keyId?: string;
}

/** What a row keeps of the response, before redaction. */
interface ResponseColumns {
  usage: TokenUsage | null;
  finishReason: string | null;
  error: string | null;
  body: string | null;
  reasoning: string | null;
  toolCalls: string | null;
  stream: string | null;
}

const NO_RESPONSE: ResponseColumns = { usage: null, finishReason: null, error: null, body: null, reasoning: null, toolCalls: null, stream: null };

/** How `toLogRow` stores a response. */
export interface LogRowOptions {
  /**
   * Store a streamed response as its SSE text (`responseStream`), reading only usage, finish
   * reason and error from it now and assembling the rest when the row is read, instead of
   * assembling it now (the default). Keeps exactly what the client was sent, but the row is
   * far larger (every chunk's JSON envelope), and storing those bytes costs the writer about
   * as much CPU as the assembly it saves.
   */
  rawStreams?: boolean;
  /** How much of each body to keep (the `log_bodies` setting; default all of it). The row is marked `truncated` when anything was cut or left out. */
  bodies?: BodyStorage;
  /** The configured providers (type, base URL) by id, to price requests by (see `requestCost`). */
  providers?: Readonly<Record<string, PricedProvider>>;
  /** The user's price overrides by model name; they win over the bundled price list (not over a provider's own figure). */
  prices?: ReadonlyMap<string, ModelPrice>;
  /** The router that served the request (when several share one database). */
  instanceId?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character; `null` when it already fits. */
function cutToBytes(text: string, maxBytes: number): string | null {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most texts are decided without encoding them.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return null;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return decoder.decode(bytes.subarray(0, end));
}

/** Bytes of the response the record holds (its head and tail). */
function heldBytes(response: RequestLogRecord['response']): number {
  const sum = (chunks: readonly Uint8Array[] | undefined) => (chunks ?? []).reduce((total, chunk) => total + chunk.byteLength, 0);
  if (response.kind === 'json') return response.bytes.byteLength + (response.tail?.byteLength ?? 0);
  if (response.kind === 'sse') return sum(response.chunks) + sum(response.tail);
  return 0;
}

function responseColumns(record: RequestLogRecord, rawStreams: boolean): ResponseColumns {
  const response = record.response;
  if (response.kind === 'json') {
    // A body kept as head and tail says where its middle was left out (it is no longer JSON).
    const omitted = response.tail ? `\n…[${Math.max(0, (record.responseBytes ?? 0) - heldBytes(response))} bytes not kept]…\n` : '';
    const body = response.tail ? decodeUtf8(response.bytes) + omitted + decodeUtf8(response.tail) : decodeUtf8(response.bytes);
    const summary = summarizeJson(body);
    const toolCalls = summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null;
    return { usage: summary.usage, finishReason: summary.finishReason, error: summary.error, body, reasoning: summary.reasoning, toolCalls, stream: null };
  }
  if (response.kind === 'sse') {
    // Head and tail end and start at event boundaries: together they are a valid stream, lacking its middle.
    const stream = decodeUtf8(response.tail ? [...response.chunks, ...response.tail] : response.chunks);
    if (rawStreams) {
      // Kept as sent; only what stats and filters need is read now, from its last events.
      const tail = summarizeSseTail(stream);
      return { ...NO_RESPONSE, usage: tail.usage, finishReason: tail.finishReason, error: tail.error, stream };
    }
    const summary = summarizeSse(stream);
    const toolCalls = summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null;
    const body = summary.text ?? (toolCalls ? null : '');
    return { usage: summary.usage, finishReason: summary.finishReason, error: summary.error, body, reasoning: summary.reasoning, toolCalls, stream: null };
  }
  return NO_RESPONSE;
}

/**
 * Turns a record into a row: summarises the raw response, redacts every text field, then keeps
 * as much of each body as `options.bodies` says (after redaction, so a cut never leaves part of
 * a secret). With `rawStreams`, a streamed response is stored as its SSE text and
 * `LogsRepository` assembles it on read.
 */
export function toLogRow(record: RequestLogRecord, redact: (text: string) => string = (text) => text, options: LogRowOptions = {}): typeof requestLogs.$inferInsert {
  const response = responseColumns(record, options.rawStreams === true);
  const text = (value: string | null | undefined) => (value === null || value === undefined ? null : redact(value));
  const bodies = options.bodies ?? { mode: 'full' };
  let truncated = record.responseTruncated === true;
  const body = (value: string | null | undefined): string | null => {
    const redacted = text(value);
    if (redacted === null || bodies.mode === 'full') return redacted;
    if (bodies.mode === 'metadata') {
      truncated = true;
      return null;
    }
    const cut = cutToBytes(redacted, bodies.maxBytes);
    if (cut === null) return redacted;
    truncated = true;
    return cut;
  };
  // one object per row, built in one go: the body fields above `truncated` are evaluated first, so it is final when read
  return {
    id: record.id,
    clientRequestId: record.clientRequestId ?? null,
    createdAt: record.startedAt,
    keyId: record.keyId ?? null,
    endpoint: record.endpoint,
    providerId: record.providerId,
    model: record.model,
    upstreamModel: record.upstreamModel,
    stream: record.stream,
    status: record.status,
    outcome: record.outcome,
    errorCode: record.errorCode,
    errorMessage: text(record.errorMessage ?? response.error),
    durationMs: Math.round(record.durationMs * 1000) / 1000,
    ttfbMs: record.ttfbMs === null ? null : Math.round(record.ttfbMs * 1000) / 1000,
    promptTokens: response.usage?.promptTokens ?? null,
    completionTokens: response.usage?.completionTokens ?? null,
    totalTokens: response.usage?.totalTokens ?? null,
    ...costColumns(requestCost(response.usage, [record.upstreamModel, record.model], record.providerId ? options.providers?.[record.providerId] : undefined, options.prices)),
    finishReason: response.finishReason,
    requestBody: body(record.requestBody),
    responseBody: body(response.body),
    responseReasoning: body(response.reasoning),
    responseToolCalls: body(response.toolCalls),
    attempts: redact(JSON.stringify(record.attempts)),
    responseStream: body(response.stream),
    responseBytes: record.responseBytes ?? (record.response.kind === 'none' ? null : heldBytes(record.response)),
    truncated,
    // Conversation content: kept only with whole bodies (a cut would leave JSON no one can load back).
    responseState: record.responseState && bodies.mode === 'full' ? redact(JSON.stringify(record.responseState)) : null,
    coldStartMs: coldStartOf(record),
    instanceId: options.instanceId ?? null,
    // a shadow or replay row: the row it pairs with, and which kind it is
    ...(record.pairId ? { pairId: record.pairId, pairRole: record.pairRole ?? null } : {}),
  };
}

/** The load time of the answering attempt, when it met a local model that was not loaded (null otherwise). */
function coldStartOf(record: RequestLogRecord): number | null {
  const answering = record.attempts.at(-1);
  return answering?.coldStart === true && answering.loadMs !== undefined ? Math.round(answering.loadMs * 1000) / 1000 : null;
}

/** The known costs of the rows, summed (to the nano-dollar), and how many rows had one. */
function costOf(rows: readonly { cost: number | null }[]): { cost: number | null; costedRequests: number } {
  let cost = 0;
  let costedRequests = 0;
  for (const row of rows) {
    if (row.cost === null) continue;
    cost += row.cost;
    costedRequests++;
  }
  return { cost: costedRequests === 0 ? null : Math.round(cost * 1e9) / 1e9, costedRequests };
}

function costColumns(priced: RequestCost | null): { cost: number | null; costSource: string | null } {
  return priced ? { cost: priced.cost, costSource: priced.source } : { cost: null, costSource: null };
}

/** A kept state read back: `null` when the stored text is not one (say, cut or edited by hand). */
export function parseResponseState(text: string): ResponseState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { id, input, output } = value as Record<string, unknown>;
  return typeof id === 'string' && id.length > 0 && Array.isArray(input) && Array.isArray(output) ? { id, input, output } : null;
}

/**
 * A stored row as readers see it: for a stream row written with its raw stream, the text,
 * reasoning and tool calls assembled from it, as they were stored before. Other rows (and
 * streams written before `response_stream` existed) are returned unchanged. `redact` runs over
 * the assembled values.
 */
export function withAssembledResponse(row: RequestLogRow, redact: (text: string) => string = (text) => text): RequestLogRow {
  if (row.responseStream === null || row.responseBody !== null || row.responseReasoning !== null || row.responseToolCalls !== null) return row;
  const summary = summarizeSse(row.responseStream);
  return {
    ...row,
    responseBody: summary.text === null ? (summary.toolCalls.length ? null : '') : redact(summary.text),
    responseReasoning: summary.reasoning === null ? null : redact(summary.reasoning),
    responseToolCalls: summary.toolCalls.length ? redact(JSON.stringify(summary.toolCalls)) : null,
  };
}

/** The SQL condition of a log filter (undefined: every row), over the given dialect's table (default: SQLite's). */
export function whereOf(filter: LogFilter, requestLogs: Tables['requestLogs'] = sqliteRequestLogs): SQL | undefined {
  const where: SQL[] = [];
  if (filter.requestId) where.push(or(eq(requestLogs.id, filter.requestId), eq(requestLogs.clientRequestId, filter.requestId))!);
  if (filter.endpoint !== undefined) where.push(eq(requestLogs.endpoint, parseLogEndpoint(filter.endpoint)));
  if (filter.providerId) where.push(eq(requestLogs.providerId, filter.providerId));
  if (filter.model) where.push(eq(requestLogs.model, filter.model));
  if (filter.status !== undefined && filter.status !== '') {
    const status = String(filter.status);
    if (/^\d+$/.test(status)) where.push(eq(requestLogs.status, Number(status)));
    else if (status === 'ok' || status === 'success') where.push(eq(requestLogs.outcome, 'success'));
    else where.push(eq(requestLogs.outcome, status));
  }
  if (filter.since !== undefined) where.push(gte(requestLogs.createdAt, filter.since));
  if (filter.until !== undefined) where.push(lte(requestLogs.createdAt, filter.until));
  if (filter.keyId !== undefined) where.push(eq(requestLogs.keyId, filter.keyId));
  return where.length ? and(...where) : undefined;
}

/** Aggregates for one endpoint, provider and model. */
export interface StatsRow {
  /** The client API's path, as logged (`/v1/chat/completions`, `/v1/messages`, …). */
  endpoint: string;
  providerId: string | null;
  model: string | null;
  requests: number;
  successes: number;
  successRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  ttfbP50Ms: number | null;
  /** 95th percentile time to first byte. */
  ttfbP95Ms: number | null;
  promptTokens: number;
  completionTokens: number;
  /** What the requests cost in US dollars, summed over those whose cost is known; null when none is. */
  cost: number | null;
  /** How many of the requests have a known cost (the rest are unknown, not free). */
  costedRequests: number;
}

/** Aggregates for one client key. */
export interface KeyStatsRow {
  keyId: string;
  /** The key's name; null when the key has been removed since. */
  name: string | null;
  requests: number;
  successes: number;
  promptTokens: number;
  completionTokens: number;
  /** US dollars over the requests whose cost is known; null when none is. */
  cost: number | null;
  costedRequests: number;
  /** Epoch ms of the key's newest request in the period. */
  lastUsedAt: number;
}

/** How `series` groups the rows of a time bucket: all together, by provider, or by provider and model. */
export type SeriesGroup = 'none' | 'provider' | 'model';

/** One time bucket of one group: request counts, latency percentiles, throughput and the router's overhead. */
export interface SeriesRow {
  /** The bucket's start, epoch ms (a multiple of the bucket size). */
  bucket: number;
  /** The provider (null when grouped by nothing, or for requests no provider answered). */
  providerId: string | null;
  /** The requested model (null unless grouped by model). */
  model: string | null;
  requests: number;
  successes: number;
  /** Requests that failed (outcome `error` or `stream_error`; a client that left is not an error). */
  errors: number;
  /** Total time, median and 95th percentile (ms). */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Time to first byte (the first token of a stream), median and 95th percentile (ms). */
  ttfbP50Ms: number | null;
  ttfbP95Ms: number | null;
  promptTokens: number;
  completionTokens: number;
  /**
   * Output tokens per second of successful answers that reported output tokens: their output
   * tokens over the time spent producing them (a stream's time after its first byte; a whole
   * answer's total time). Null when no answer reported output tokens.
   */
  tokensPerSecond: number | null;
  /**
   * The router's own overhead, mean ms over successful answers: time to first byte less the time
   * spent waiting on upstreams (each attempt until its answer or failure) and in backoff waits
   * between attempts, from the stored attempts (rows written before attempts recorded their
   * answer time are left out). Null when there is no such row.
   */
  overheadMs: number | null;
  /** How many rows `overheadMs` is the mean of. */
  overheadSamples: number;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 10) / 10;
}

/** Creates the logs repository; `client` is the connection under `db` (needed for `prune`). */
export function createLogsRepository(db: Database, pruneConnection?: PruneConnection) {
  const { clientKeys, requestLogs } = tablesOf(db);
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
     * state does not read back is counted in `unreadable` and left out.
     */
    async recentResponseStates(limit: number): Promise<{ states: ResponseState[]; unreadable: number }> {
      if (!(limit > 0)) return { states: [], unreadable: 0 };
      const rows = await db
        .select({ state: requestLogs.responseState })
        .from(requestLogs)
        .where(isNotNull(requestLogs.responseState))
        .orderBy(desc(requestLogs.createdAt), desc(requestLogs.id))
        .limit(Math.floor(limit));
      const states: ResponseState[] = [];
      let unreadable = 0;
      for (let index = rows.length - 1; index >= 0; index--) {
        const state = parseResponseState(rows[index].state!);
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
    async stats(filter: LogFilter = {}): Promise<StatsRow[]> {
      const rows = await db
        .select({ endpoint: requestLogs.endpoint, providerId: requestLogs.providerId, model: requestLogs.model, outcome: requestLogs.outcome, durationMs: requestLogs.durationMs, ttfbMs: requestLogs.ttfbMs, promptTokens: requestLogs.promptTokens, completionTokens: requestLogs.completionTokens, cost: requestLogs.cost })
        .from(requestLogs)
        .where(whereOf(filter, requestLogs));
      const groups = new Map<string, typeof rows>();
      for (const row of rows) {
        // the same provider and model reached through two APIs (chat and Messages, say) are two rows
        const key = `${row.endpoint}\u0000${row.providerId ?? ''}\u0000${row.model ?? ''}`;
        const group = groups.get(key) ?? [];
        group.push(row);
        groups.set(key, group);
      }
      return [...groups.values()]
        .map((group) => {
          const durations = group.map((row) => row.durationMs).sort((a, b) => a - b);
          const ttfbs = group.map((row) => row.ttfbMs).filter((value): value is number => value !== null).sort((a, b) => a - b);
          const successes = group.filter((row) => row.outcome === 'success').length;
          return {
            endpoint: group[0].endpoint,
            providerId: group[0].providerId,
            model: group[0].model,
            requests: group.length,
            successes,
            successRate: Math.round((successes / group.length) * 1000) / 1000,
            p50Ms: percentile(durations, 50),
            p95Ms: percentile(durations, 95),
            ttfbP50Ms: percentile(ttfbs, 50),
            ttfbP95Ms: percentile(ttfbs, 95),
            promptTokens: group.reduce((sum, row) => sum + (row.promptTokens ?? 0), 0),
            completionTokens: group.reduce((sum, row) => sum + (row.completionTokens ?? 0), 0),
            ...costOf(group),
          };
        })
        .sort((a, b) => b.requests - a.requests);
    },
    /** Requests, tokens and spend per client key (rows without a key left out), computed in the database; most requests first. */
    async statsByKey(filter: LogFilter = {}): Promise<KeyStatsRow[]> {
      const keyed = isNotNull(requestLogs.keyId);
      const where = whereOf(filter, requestLogs);
      const requests = sql<number>`count(*)`;
      const rows = await db
        .select({
          keyId: requestLogs.keyId,
          name: clientKeys.name,
          requests,
          successes: sql<number>`sum(case when ${requestLogs.outcome} = 'success' then 1 else 0 end)`,
          promptTokens: sql<number>`coalesce(sum(${requestLogs.promptTokens}), 0)`,
          completionTokens: sql<number>`coalesce(sum(${requestLogs.completionTokens}), 0)`,
          cost: sql<number | null>`sum(${requestLogs.cost})`,
          costedRequests: sql<number>`count(${requestLogs.cost})`,
          lastUsedAt: sql<number>`max(${requestLogs.createdAt})`,
        })
        .from(requestLogs)
        .leftJoin(clientKeys, eq(clientKeys.id, requestLogs.keyId))
        .where(where ? and(keyed, where) : keyed)
        .groupBy(requestLogs.keyId)
        .orderBy(desc(requests), asc(requestLogs.keyId));
      return rows.map((row) => ({
        keyId: row.keyId as string, name: row.name ?? null, requests: Number(row.requests), successes: Number(row.successes), promptTokens: Number(row.promptTokens), completionTokens: Number(row.completionTokens),
        cost: row.cost === null ? null : Math.round(Number(row.cost) * 1e9) / 1e9, costedRequests: Number(row.costedRequests), lastUsedAt: Number(row.lastUsedAt),
      }));
    },
    /** Per provider and model: requests, success and empty-answer rates, time to first token, decode and prompt rates, cold starts and cost (see `scorecard.ts`). */
    scorecard: (filter: ScorecardFilter = {}) => scorecard(db, filter),
    /**
     * The rows between `since` and `until` in time buckets of `bucketMs` (aligned to multiples of
     * it), each bucket grouped by `group`, computed in the database: one `GROUP BY` on the bucket
     * of `created_at`, percentiles by rank within each group (window functions). Buckets without
     * rows are left out; the caller fills them. Ordered by bucket, then group.
     */
    async series(filter: LogFilter & { since: number; until: number }, options: { bucketMs: number; group?: SeriesGroup }): Promise<SeriesRow[]> {
      const bucketMs = Math.floor(options.bucketMs);
      if (!Number.isSafeInteger(bucketMs) || bucketMs < 1) throw new RangeError('logs.series needs a positive whole bucket size in ms');
      const group = options.group ?? 'model';
      const where = whereOf(filter, requestLogs) ?? sql`1 = 1`;
      const postgres = dialectOf(db) === 'postgres';
      // the router's own time in an answered request: time to first byte less the attempts' upstream waits and backoff delays
      const upstreamWait = postgres
        ? sql`(select coalesce(sum(coalesce((attempt->>'answeredMs')::float8, (attempt->>'durationMs')::float8, 0)), 0) + coalesce(sum(coalesce((attempt->>'delayMs')::float8, 0)), 0) from jsonb_array_elements(${requestLogs}.attempts::jsonb) as attempt)`
        : sql`(select total(coalesce(json_extract(attempt.value, '$.answeredMs'), json_extract(attempt.value, '$.durationMs'), 0)) + total(coalesce(json_extract(attempt.value, '$.delayMs'), 0)) from json_each(${requestLogs}.attempts) as attempt)`;
      const atLeastZero = postgres ? sql.raw('greatest') : sql.raw('max');
      // the bucket size is a validated integer, written into the statement so the division stays integral
      const size = sql.raw(String(bucketMs));
      const keys = sql.raw(group === 'none' ? 'bucket' : group === 'provider' ? 'bucket, provider_id' : 'bucket, provider_id, model');
      const provider = sql.raw(group === 'none' ? 'null' : 'provider_id');
      const model = sql.raw(group === 'model' ? 'model' : 'null');
      const rows = await rawRows<Record<string, number | string | null>>(db, sql`
        with base as (
          select created_at - (created_at % ${size}) as bucket, ${provider} as provider_id, ${model} as model,
            outcome, duration_ms, ttfb_ms, prompt_tokens, completion_tokens,
            case when outcome = 'success' and coalesce(completion_tokens, 0) > 0
              then case when stream and ttfb_ms is not null then duration_ms - ttfb_ms else duration_ms end end as generation_ms,
            case when outcome = 'success' and coalesce(completion_tokens, 0) > 0 then completion_tokens end as generated_tokens,
            case when outcome = 'success' and ttfb_ms is not null and attempts like '%"answeredMs"%'
              then ${atLeastZero}(0, ttfb_ms - ${upstreamWait}) end as overhead
          from ${requestLogs} where ${where}
        ),
        ranked as (
          select *,
            row_number() over (partition by ${keys} order by duration_ms) as duration_rank,
            count(*) over (partition by ${keys}) as duration_count,
            row_number() over (partition by ${keys}, ttfb_ms is null order by ttfb_ms) as ttfb_rank,
            count(ttfb_ms) over (partition by ${keys}) as ttfb_count
          from base
        )
        select bucket, max(provider_id) as "providerId", max(model) as model,
          count(*) as requests,
          coalesce(sum(case when outcome = 'success' then 1 else 0 end), 0) as successes,
          coalesce(sum(case when outcome in ('error', 'stream_error') then 1 else 0 end), 0) as errors,
          max(case when duration_rank = (duration_count * 50 + 99) / 100 then duration_ms end) as "p50Ms",
          max(case when duration_rank = (duration_count * 95 + 99) / 100 then duration_ms end) as "p95Ms",
          max(case when ttfb_ms is not null and ttfb_rank = (ttfb_count * 50 + 99) / 100 then ttfb_ms end) as "ttfbP50Ms",
          max(case when ttfb_ms is not null and ttfb_rank = (ttfb_count * 95 + 99) / 100 then ttfb_ms end) as "ttfbP95Ms",
          coalesce(sum(prompt_tokens), 0) as "promptTokens",
          coalesce(sum(completion_tokens), 0) as "completionTokens",
          coalesce(sum(generated_tokens), 0) as "generatedTokens",
          coalesce(sum(generation_ms), 0) as "generationMs",
          avg(overhead) as "overheadMs",
          count(overhead) as "overheadSamples"
        from ranked
        group by ${keys}
        order by ${keys}
      `);
      const round = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
      return rows.map((row) => {
        const generationMs = Number(row.generationMs);
        return {
          bucket: Number(row.bucket),
          providerId: (row.providerId as string | null) ?? null,
          model: (row.model as string | null) ?? null,
          requests: Number(row.requests),
          successes: Number(row.successes),
          errors: Number(row.errors),
          p50Ms: round(row.p50Ms),
          p95Ms: round(row.p95Ms),
          ttfbP50Ms: round(row.ttfbP50Ms),
          ttfbP95Ms: round(row.ttfbP95Ms),
          promptTokens: Number(row.promptTokens),
          completionTokens: Number(row.completionTokens),
          tokensPerSecond: generationMs > 0 ? round((Number(row.generatedTokens) / generationMs) * 1000) : null,
          overheadMs: round(row.overheadMs),
          overheadSamples: Number(row.overheadSamples),
        };
      });
    },
  };
}

/** The logs repository. */
export type LogsRepository = ReturnType<typeof createLogsRepository>;

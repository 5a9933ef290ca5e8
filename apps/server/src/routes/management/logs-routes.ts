/**
 * The request log and configuration history: `GET /v1/requests` (paged,
 * filtered), `GET /v1/requests/:id`, `GET /v1/stats` (aggregates per endpoint,
 * provider and model over a period), `GET /v1/stats/series` (the same in time buckets, for charts), `GET /v1/stats/scorecard` (per provider and model: rates, speed, cold starts, cost), `GET /v1/history`, and the live tail `GET /v1/requests/tail` (`tail-route.ts`). Rows were redacted when written.
 */
import { z } from 'zod';
import { InvalidRequestError, NotFoundError, isValidRequestId } from '@router/core';
import { LOG_ENDPOINT_VALUES, logEndpointPath, type RequestLogRow, type StatsRow } from '@router/store';
import type { ManagementContext, ServerApp } from './management-context.js';
import { timeBound, timeSpan } from './time-range.js';
import { tailHandler } from './tail-route.js';
import { queryInt, readQuery } from './validation.js';
import { redactDeep } from './redact-deep.js';

const status = z.string().regex(/^([1-5]\d\d|success|ok|error|client_closed|stream_error)$/, 'must be an HTTP status or one of success, error, client_closed, stream_error');
const filters = {
  endpoint: z.string().refine((value) => logEndpointPath(value) !== undefined, `must be ${LOG_ENDPOINT_VALUES}`).optional(),
  provider: z.string().max(128).optional(),
  model: z.string().max(256).optional(),
  since: timeBound.optional(),
  until: timeBound.optional(),
};
/** The live tail's filters: those of `GET /v1/requests` that a request's summary carries. */
export const tailQuery = z.object({ provider: filters.provider, model: filters.model, endpoint: filters.endpoint, status: status.optional() }).strict();
const requestId = z.string().refine(isValidRequestId, 'must be 1-128 characters of letters, digits and . _ : @ / + = -');
export const requestsQuery = z.object({ ...filters, requestId: requestId.optional(), status: status.optional(), limit: queryInt(1, 500).default(50), offset: queryInt(0, 10_000_000).default(0) });
export const statsQuery = z.object({
  ...filters,
  key: z.string().min(1).max(128).optional().meta({ description: 'Only the requests of this client key (its id or name).' }),
  by: z.enum(['model', 'key']).optional().meta({ description: '`key` adds `keys`: requests, tokens and spend per client key.' }),
});
export const scorecardQuery = z.object({ provider: filters.provider, since: filters.since, until: filters.until }).strict();
/** The most buckets one series answer may hold. */
export const MAX_SERIES_BUCKETS = 2_000;
export const seriesQuery = z
  .object({
    ...filters,
    bucket: timeSpan(1_000, 7 * 86_400_000).optional().meta({ description: 'Bucket size: `30s`, `1m`, `15m`, `1h`, `1d` or milliseconds (default: about 60 buckets over the period, at least 1m).' }),
    group: z.enum(['none', 'provider', 'model']).default('model').meta({ description: 'Each bucket as one row (`none`), one per provider, or one per provider and model (default).' }),
  })
  .strict();
export const historyQuery = z.object({
  limit: queryInt(1, 1000).default(50),
  entity: z.enum(['provider', 'model', 'mapping', 'setting', 'route_options', 'price', 'client_key']).optional(),
  entityId: z.string().max(256).optional(),
  source: z.enum(['cli', 'api', 'env', 'migrate', 'system']).optional(),
  since: timeBound.optional(),
  before: queryInt(1, Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Only changes older than this one (an entry\'s `id`): the next page after a page ending with it.' }),
});

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A round bucket size giving about 60 buckets over a period (at least a minute). */
export function defaultBucketMs(periodMs: number): number {
  const steps = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS];
  return steps.find((step) => periodMs / step <= 60) ?? DAY_MS;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A log row for lists: everything but the bodies (the raw stream included). */
function summary(row: RequestLogRow) {
  const { requestBody: _request, responseBody: _response, responseReasoning: _reasoning, responseToolCalls: _tools, responseStream: _stream, attempts, ...rest } = row;
  const parsed = parseJson(attempts);
  return { ...rest, attempts: Array.isArray(parsed) ? parsed.length : 0 };
}

/** Totals over all the rows of a stats answer. */
function totals(rows: StatsRow[]) {
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const successes = rows.reduce((sum, row) => sum + row.successes, 0);
  return {
    requests,
    successes,
    successRate: requests ? Math.round((successes / requests) * 1000) / 1000 : null,
    promptTokens: rows.reduce((sum, row) => sum + row.promptTokens, 0),
    completionTokens: rows.reduce((sum, row) => sum + row.completionTokens, 0),
    cost: rows.some((row) => row.cost !== null) ? Math.round(rows.reduce((sum, row) => sum + (row.cost ?? 0), 0) * 1e9) / 1e9 : null,
    costedRequests: rows.reduce((sum, row) => sum + row.costedRequests, 0),
  };
}

/** Registers the log, stats and history routes. */
export function registerLogRoutes(app: ServerApp, ctx: ManagementContext): void {
  const { store } = ctx;

  /**
   * Rows were redacted when written; a row that still holds a secret (written before the secret
   * was configured, or one too short to look for in every row) is masked again as it is read,
   * with every secret of the providers it went to.
   */
  function redactRow<T>(value: T, row: Pick<RequestLogRow, 'providerId' | 'attempts'>): T {
    const snapshot = ctx.configSource.current();
    const ids = new Set([row.providerId]);
    const attempts = parseJson(row.attempts);
    if (Array.isArray(attempts)) for (const attempt of attempts) if (typeof attempt?.providerId === 'string') ids.add(attempt.providerId);
    let out = redactDeep(value, snapshot);
    for (const id of ids) {
      const provider = id === null ? undefined : snapshot.providers.get(id);
      if (provider) out = redactDeep(out, snapshot, provider);
    }
    return out;
  }

  app.get('/v1/requests', async (c) => {
    const query = readQuery(c, requestsQuery);
    const { rows, total } = await store.logs.list({
      requestId: query.requestId, endpoint: query.endpoint, providerId: query.provider, model: query.model, status: query.status, since: query.since, until: query.until, limit: query.limit, offset: query.offset,
    });
    return c.json({ object: 'list', data: rows.map((row) => redactRow(summary(row), row)), total, limit: query.limit, offset: query.offset, hasMore: query.offset + rows.length < total });
  });

  // The live tail is served through this route: Hono's RegExpRouter cannot hold the static
  // `/v1/requests/tail` beside this pattern (every route, chat included, would fall back to its TrieRouter).
  const tail = tailHandler(ctx);
  app.get('/v1/requests/:id{.+}', async (c) => {
    const id = c.req.param('id');
    if (id === 'tail') return tail(c);
    if (!isValidRequestId(id)) throw new InvalidRequestError('id must be 1-128 characters of letters, digits and . _ : @ / + = -', 'id', 'invalid_id');
    const row = await store.logs.get(id);
    if (!row) throw new NotFoundError(`No request "${id}" in the log.`, 'request_not_found', 'id');
    return c.json(redactRow({ ...row, attempts: parseJson(row.attempts), responseToolCalls: parseJson(row.responseToolCalls) }, row));
  });

  app.get('/v1/stats', async (c) => {
    const query = readQuery(c, statsQuery);
    const until = query.until ?? Date.now();
    const since = query.since ?? until - DAY_MS;
    // a key by name or id; a removed key's rows keep its id
    const keyId = query.key === undefined ? undefined : ((await store.clientKeys.find(query.key))?.id ?? query.key);
    const filter = { endpoint: query.endpoint, providerId: query.provider, model: query.model, since, until, keyId };
    const rows = await store.logs.stats(filter);
    const keys = query.by === 'key' ? { keys: await store.logs.statsByKey(filter) } : {};
    // `log` counts rows since start that were dropped (queue full while the database stalled) and so are missing here.
    return c.json({ object: 'stats', period: { since, until }, totals: totals(rows), data: rows, ...keys, log: ctx.logStats?.() ?? null });
  });

  app.get('/v1/stats/scorecard', async (c) => {
    const query = readQuery(c, scorecardQuery);
    const until = query.until ?? Date.now();
    const since = query.since ?? until - 7 * DAY_MS;
    if (since > until) throw new InvalidRequestError('since must not be after until.', 'since', 'invalid_value');
    const data = await store.logs.scorecard({ since, until, providerId: query.provider });
    return c.json({ object: 'stats.scorecard', period: { since, until }, data });
  });

  app.get('/v1/stats/series', async (c) => {
    const query = readQuery(c, seriesQuery);
    const until = query.until ?? Date.now();
    const since = query.since ?? until - HOUR_MS;
    if (since > until) throw new InvalidRequestError('since must not be after until.', 'since', 'invalid_value');
    const bucketMs = query.bucket ?? defaultBucketMs(until - since);
    const buckets = Math.floor(until / bucketMs) - Math.floor(since / bucketMs) + 1;
    if (buckets > MAX_SERIES_BUCKETS) {
      throw new InvalidRequestError(`bucket is too small for the period: ${buckets} buckets, at most ${MAX_SERIES_BUCKETS}; choose a larger bucket or a shorter period.`, 'bucket', 'invalid_value');
    }
    const data = await store.logs.series({ endpoint: query.endpoint, providerId: query.provider, model: query.model, since, until }, { bucketMs, group: query.group });
    return c.json({ object: 'stats.series', period: { since, until }, bucketMs, group: query.group, data });
  });

  app.get('/v1/history', async (c) => {
    const query = readQuery(c, historyQuery);
    const entries = await store.history.list(query);
    return c.json({ object: 'list', data: entries });
  });
}

/**
 * Aggregates over the request log, computed in the database on both dialects: per endpoint,
 * provider and model (`logStats`), per client key (`logStatsByKey`), and per time bucket
 * (`logSeries`). Percentiles are nearest-rank (the value at rank ⌈p·n/100⌉ of the group's values
 * in order, rounded to 0.1 ms), by `row_number()` within each group (window functions), as the
 * scorecard and per-arm stats compute them. The statements are plain SQL both dialects run,
 * except for reading the attempts JSON.
 */
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../open-store.js';
import { dialectOf, rawRows, tablesOf } from '../dialect.js';
import { whereOf, type LogFilter } from './log-filter.js';
import { durationPercentile, latencyRanks, ttfbPercentile } from './rank-percentiles.js';

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

const roundMs = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
/** A summed known cost, to the nano-dollar: null when no row had one (unknown, not free). */
const costOf = (sum: unknown, costed: number) => (costed === 0 ? null : Math.round(Number(sum) * 1e9) / 1e9);
/** Code-unit order, nulls first: the same on both dialects (whose collations and null orders differ). */
const byText = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * Requests, successes, latency and time-to-first-byte percentiles, tokens and known cost per
 * endpoint, provider and model (the same provider and model reached through two APIs, chat and
 * Messages say, are two rows); most requests first, then by endpoint, provider and model.
 */
export async function logStats(db: Database, filter: LogFilter = {}): Promise<StatsRow[]> {
  const { requestLogs } = tablesOf(db);
  const where = whereOf(filter, requestLogs) ?? sql`1 = 1`;
  const keys = sql.raw('endpoint, provider_id, model');
  const rows = await rawRows<Record<string, number | string | null>>(db, sql`
    with base as (
      select endpoint, provider_id, model, outcome, duration_ms, ttfb_ms, prompt_tokens, completion_tokens, cost
      from ${requestLogs} where ${where}
    ),
    ranked as (
      select *,
        ${latencyRanks(keys)}
      from base
    )
    select endpoint, provider_id as "providerId", model,
      count(*) as requests,
      coalesce(sum(case when outcome = 'success' then 1 else 0 end), 0) as successes,
      ${durationPercentile(50, 'p50Ms')},
      ${durationPercentile(95, 'p95Ms')},
      ${ttfbPercentile(50, 'ttfbP50Ms')},
      ${ttfbPercentile(95, 'ttfbP95Ms')},
      coalesce(sum(prompt_tokens), 0) as "promptTokens",
      coalesce(sum(completion_tokens), 0) as "completionTokens",
      sum(cost) as cost,
      count(cost) as "costedRequests"
    from ranked
    group by ${keys}
  `);
  return rows
    .map((row): StatsRow => {
      const requests = Number(row.requests);
      const successes = Number(row.successes);
      const costedRequests = Number(row.costedRequests);
      return {
        endpoint: String(row.endpoint),
        providerId: (row.providerId as string | null) ?? null,
        model: (row.model as string | null) ?? null,
        requests,
        successes,
        successRate: Math.round((successes / requests) * 1000) / 1000,
        p50Ms: roundMs(row.p50Ms),
        p95Ms: roundMs(row.p95Ms),
        ttfbP50Ms: roundMs(row.ttfbP50Ms),
        ttfbP95Ms: roundMs(row.ttfbP95Ms),
        promptTokens: Number(row.promptTokens),
        completionTokens: Number(row.completionTokens),
        cost: costOf(row.cost, costedRequests),
        costedRequests,
      };
    })
    .sort((a, b) => b.requests - a.requests || byText(a.endpoint, b.endpoint) || byText(a.providerId, b.providerId) || byText(a.model, b.model));
}

/** Requests, tokens and spend per client key (rows without a key left out); most requests first. */
export async function logStatsByKey(db: Database, filter: LogFilter = {}): Promise<KeyStatsRow[]> {
  const { clientKeys, requestLogs } = tablesOf(db);
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
    // the name too: Postgres allows only grouped columns (or aggregates) in the select list
    .groupBy(requestLogs.keyId, clientKeys.name)
    .orderBy(desc(requests), asc(requestLogs.keyId));
  return rows.map((row) => ({
    keyId: row.keyId as string, name: row.name ?? null, requests: Number(row.requests), successes: Number(row.successes), promptTokens: Number(row.promptTokens), completionTokens: Number(row.completionTokens),
    cost: row.cost === null ? null : Math.round(Number(row.cost) * 1e9) / 1e9, costedRequests: Number(row.costedRequests), lastUsedAt: Number(row.lastUsedAt),
  }));
}

/**
 * The rows between `since` and `until` in time buckets of `bucketMs` (aligned to multiples of
 * it), each bucket grouped by `group`: one `GROUP BY` on the bucket of `created_at`, percentiles
 * by rank within each group. Buckets without rows are left out; the caller fills them. Ordered by
 * bucket, then group.
 */
export async function logSeries(db: Database, filter: LogFilter & { since: number; until: number }, options: { bucketMs: number; group?: SeriesGroup }): Promise<SeriesRow[]> {
  const { requestLogs } = tablesOf(db);
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
        ${latencyRanks(keys)}
      from base
    )
    select bucket, max(provider_id) as "providerId", max(model) as model,
      count(*) as requests,
      coalesce(sum(case when outcome = 'success' then 1 else 0 end), 0) as successes,
      coalesce(sum(case when outcome in ('error', 'stream_error') then 1 else 0 end), 0) as errors,
      ${durationPercentile(50, 'p50Ms')},
      ${durationPercentile(95, 'p95Ms')},
      ${ttfbPercentile(50, 'ttfbP50Ms')},
      ${ttfbPercentile(95, 'ttfbP95Ms')},
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
}

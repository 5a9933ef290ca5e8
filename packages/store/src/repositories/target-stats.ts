/**
 * Per-arm stats: the live traffic of each route (requested model) by the target that answered it
 * (provider and upstream model), computed in the database: one `GROUP BY`, percentiles by rank
 * within each group (window functions), as `logs.series` computes them. Shadow and replay rows
 * (`pair_role` set) are not live traffic and are left out (the shadow report shows them).
 * The statement is plain SQL both dialects run (SQLite and Postgres).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../open-store.js';
import { rawRows, tablesOf } from '../dialect.js';
import { whereOf, type LogFilter } from './logs.js';
import { durationPercentile, latencyRanks, ttfbPercentile } from './rank-percentiles.js';

/** One arm of a route: a requested model served by one provider and upstream model. */
export interface TargetStatsRow {
  /** The route: the model the client asked for. */
  model: string | null;
  providerId: string | null;
  upstreamModel: string | null;
  requests: number;
  successes: number;
  /** Successes over requests, 0–1 (three decimals). */
  successRate: number;
  /** Total time, median and 95th percentile (ms). */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Time to first token (a stream's first byte; a whole answer's first byte), median and 95th percentile (ms). */
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  promptTokens: number;
  completionTokens: number;
  /** US dollars over the requests whose cost is known; null when none is. */
  cost: number | null;
  costedRequests: number;
}

/** Per-arm stats of the live traffic matching `filter`, busiest arm first. */
export async function targetStats(db: Database, filter: LogFilter = {}): Promise<TargetStatsRow[]> {
  const { requestLogs } = tablesOf(db);
  const where = whereOf(filter, requestLogs) ?? sql`1 = 1`;
  const keys = sql.raw('model, provider_id, upstream_model');
  const rows = await rawRows<Record<string, number | string | null>>(db, sql`
    with base as (
      select model, provider_id, upstream_model, outcome, duration_ms, ttfb_ms, prompt_tokens, completion_tokens, cost
      from ${requestLogs} where ${where} and pair_role is null
    ),
    ranked as (
      select *,
        ${latencyRanks(keys)}
      from base
    )
    select model, provider_id as "providerId", upstream_model as "upstreamModel",
      count(*) as requests,
      sum(case when outcome = 'success' then 1 else 0 end) as successes,
      ${durationPercentile(50, 'p50Ms')},
      ${durationPercentile(95, 'p95Ms')},
      ${ttfbPercentile(50, 'ttftP50Ms')},
      ${ttfbPercentile(95, 'ttftP95Ms')},
      coalesce(sum(prompt_tokens), 0) as "promptTokens",
      coalesce(sum(completion_tokens), 0) as "completionTokens",
      sum(cost) as cost,
      count(cost) as "costedRequests"
    from ranked
    group by ${keys}
    order by requests desc, model, provider_id, upstream_model
  `);
  const round = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
  return rows.map((row) => {
    const requests = Number(row.requests);
    const successes = Number(row.successes);
    const costedRequests = Number(row.costedRequests);
    return {
      model: (row.model as string | null) ?? null,
      providerId: (row.providerId as string | null) ?? null,
      upstreamModel: (row.upstreamModel as string | null) ?? null,
      requests,
      successes,
      successRate: requests === 0 ? 0 : Math.round((successes / requests) * 1000) / 1000,
      p50Ms: round(row.p50Ms),
      p95Ms: round(row.p95Ms),
      ttftP50Ms: round(row.ttftP50Ms),
      ttftP95Ms: round(row.ttftP95Ms),
      promptTokens: Number(row.promptTokens),
      completionTokens: Number(row.completionTokens),
      cost: costedRequests === 0 ? null : Math.round(Number(row.cost) * 1e9) / 1e9,
      costedRequests,
    };
  });
}

/**
 * Nearest-rank latency percentiles in SQL both dialects run: the value at rank ⌈p·n/100⌉ of a
 * group's values in order, found with `row_number()` within each group (window functions).
 * `latencyRanks(keys)` adds the rank and count columns to a `ranked` step over rows holding
 * `duration_ms` and `ttfb_ms`; `durationPercentile`/`ttfbPercentile` pick a percentile in the
 * grouped select. Used by the stats, the series and the per-arm stats.
 */
import { sql, type SQL } from 'drizzle-orm';

/** The window columns: `duration_rank`, `duration_count`, `ttfb_rank`, `ttfb_count` (a null ttfb ranks apart and is not counted). */
export function latencyRanks(keys: SQL): SQL {
  return sql`row_number() over (partition by ${keys} order by duration_ms) as duration_rank,
        count(*) over (partition by ${keys}) as duration_count,
        row_number() over (partition by ${keys}, ttfb_ms is null order by ttfb_ms) as ttfb_rank,
        count(ttfb_ms) over (partition by ${keys}) as ttfb_count`;
}

/** The `p`th percentile of `duration_ms` in the group, as `alias`. */
export function durationPercentile(p: number, alias: string): SQL {
  return sql.raw(`max(case when duration_rank = (duration_count * ${Math.trunc(p)} + 99) / 100 then duration_ms end) as "${alias}"`);
}

/** The `p`th percentile of `ttfb_ms` (rows that have one) in the group, as `alias`. */
export function ttfbPercentile(p: number, alias: string): SQL {
  return sql.raw(`max(case when ttfb_ms is not null and ttfb_rank = (ttfb_count * ${Math.trunc(p)} + 99) / 100 then ttfb_ms end) as "${alias}"`);
}

/**
 * From `GET /v1/stats/series` answers to chart data: one point per time bucket over the whole
 * period (buckets without requests filled in: counts as 0, times as gaps), one line per provider
 * or provider/model (the busiest few), each metric in its own unit.
 */
import type { SeriesRow } from '../../api/types.ts';
import { formatMs, formatNumber, formatPercent } from '../../lib/format.ts';

/** How the rows of a bucket are split. */
export type SeriesGroup = 'none' | 'provider' | 'model';

/** One chart's measure. */
export interface Metric {
  id: string;
  /** The chart's title. */
  title: string;
  /** What the numbers are, for the axis and tooltips. */
  format: (value: number | null | undefined) => string;
  /** The value of one row in a bucket of `bucketMs` (null: nothing to show). */
  value: (row: SeriesRow, bucketMs: number) => number | null;
  /** An empty bucket counts as 0 (request counts) or as a gap (times, rates). */
  emptyIsZero: boolean;
  /** The top of the value axis when every value is 0 or missing (so the axis still reads sensibly). */
  floorMax: number;
}

/** The top of a chart's value axis: the data's largest value, or the metric's floor when there is none. */
export function axisMax(metric: Pick<Metric, 'floorMax'>, dataMax: number): number {
  return Number.isFinite(dataMax) && dataMax > 0 ? dataMax : metric.floorMax;
}

export const METRICS: readonly Metric[] = [
  { id: 'rpm', title: 'Requests per minute', format: formatNumber, value: (row, bucketMs) => row.requests / (bucketMs / 60_000), emptyIsZero: true, floorMax: 1 },
  { id: 'errors', title: 'Error rate', format: formatPercent, value: (row) => (row.requests > 0 ? row.errors / row.requests : null), emptyIsZero: false, floorMax: 0.05 },
  { id: 'p50', title: 'Latency p50', format: formatMs, value: (row) => row.p50Ms, emptyIsZero: false, floorMax: 100 },
  { id: 'p95', title: 'Latency p95', format: formatMs, value: (row) => row.p95Ms, emptyIsZero: false, floorMax: 100 },
  { id: 'ttft', title: 'Time to first token (p50)', format: formatMs, value: (row) => row.ttfbP50Ms, emptyIsZero: false, floorMax: 100 },
  { id: 'tps', title: 'Tokens per second', format: formatNumber, value: (row) => row.tokensPerSecond, emptyIsZero: false, floorMax: 10 },
  { id: 'overhead', title: 'Router overhead (mean)', format: formatMs, value: (row) => row.overheadMs, emptyIsZero: false, floorMax: 1 },
];

/** The periods the overview offers: query value, label, span. */
export const PERIODS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last day', ms: 86_400_000 },
  { id: '7d', label: 'Last week', ms: 7 * 86_400_000 },
] as const;

/** The key of a row's line: `all`, the provider, or provider/model. */
export function lineKey(row: Pick<SeriesRow, 'providerId' | 'model'>, group: SeriesGroup): string {
  if (group === 'none') return 'all';
  const provider = row.providerId ?? '(no provider)';
  return group === 'provider' ? provider : `${provider}/${row.model ?? '(no model)'}`;
}

/** The start of every bucket from `since` to `until`, aligned to multiples of `bucketMs` (as the server aligns them). */
export function bucketStarts(since: number, until: number, bucketMs: number): number[] {
  if (!(bucketMs > 0) || until < since) return [];
  const starts: number[] = [];
  for (let start = since - (since % bucketMs); start <= until; start += bucketMs) starts.push(start);
  return starts;
}

/** One line of a chart: its data key in the points (`s0`, `s1`, …: safe for any name) and its label. */
export interface Line {
  dataKey: string;
  label: string;
}

/** A chart's data: its lines, one point per bucket (`t` the bucket start), and the lines left out. */
export interface ChartData {
  lines: Line[];
  points: Record<string, number | null>[];
  /** Lines not drawn (beyond `maxLines`, the least busy). */
  hidden: number;
}

/**
 * The chart of one metric: every bucket of the period in order, one value per line (the busiest
 * `maxLines` lines over the period); an empty bucket is 0 for counts and a gap (null) otherwise.
 */
export function chartData(rows: readonly SeriesRow[], options: { since: number; until: number; bucketMs: number; group: SeriesGroup; metric: Metric; maxLines?: number }): ChartData {
  const { since, until, bucketMs, group, metric } = options;
  const maxLines = options.maxLines ?? 8;
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(lineKey(row, group), (totals.get(lineKey(row, group)) ?? 0) + row.requests);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
  const shown = ranked.slice(0, maxLines);
  const lines = shown.map((label, index) => ({ dataKey: `s${index}`, label }));
  const dataKeyOf = new Map(lines.map((line) => [line.label, line.dataKey]));
  const byBucket = new Map<number, Map<string, SeriesRow>>();
  for (const row of rows) {
    const key = lineKey(row, group);
    if (!dataKeyOf.has(key)) continue;
    let bucket = byBucket.get(row.bucket);
    if (!bucket) byBucket.set(row.bucket, (bucket = new Map()));
    bucket.set(key, row);
  }
  const points = bucketStarts(since, until, bucketMs).map((t) => {
    const point: Record<string, number | null> = { t };
    const bucket = byBucket.get(t);
    for (const line of lines) {
      const row = bucket?.get(line.label);
      point[line.dataKey] = row ? metric.value(row, bucketMs) : metric.emptyIsZero ? 0 : null;
    }
    return point;
  });
  return { lines, points, hidden: Math.max(0, ranked.length - shown.length) };
}

/** Totals over a period's rows, for the summary figures. */
export function periodTotals(rows: readonly SeriesRow[]): { requests: number; errors: number; errorRate: number | null; completionTokens: number } {
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const errors = rows.reduce((sum, row) => sum + row.errors, 0);
  return { requests, errors, errorRate: requests > 0 ? errors / requests : null, completionTokens: rows.reduce((sum, row) => sum + row.completionTokens, 0) };
}

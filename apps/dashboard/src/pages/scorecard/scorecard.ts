/**
 * From `GET /v1/stats/scorecard` answers to what the Scorecard page shows: the table's cells and
 * the bars of each comparison chart (one bar group per provider/model, local servers and cloud
 * providers told apart).
 */
import type { ScorecardRow } from '../../api/types.ts';
import { formatMs, formatNumber, formatPercent, formatUsd } from '../../lib/format.ts';

/** The periods the page offers (the `since` sent). */
export const SCORECARD_PERIODS = [
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
] as const;

/** How many provider/model pairs a chart shows (the busiest). */
export const CHART_LIMIT = 12;

/** A provider and model as one name. */
export function entryLabel(row: Pick<ScorecardRow, 'providerId' | 'model'>): string {
  return `${row.providerId}/${row.model}`;
}

/** One series of a comparison chart. */
export interface BarSeries {
  key: string;
  label: string;
  value: (row: ScorecardRow) => number | null | undefined;
}

/** One comparison chart. */
export interface ComparisonChart {
  id: string;
  title: string;
  format: (value: number | null | undefined) => string;
  series: readonly BarSeries[];
}

export const COMPARISON_CHARTS: readonly ComparisonChart[] = [
  {
    id: 'ttft', title: 'Time to first token', format: formatMs,
    series: [
      { key: 'p50', label: 'p50', value: (row) => row.ttftP50Ms },
      { key: 'p95', label: 'p95', value: (row) => row.ttftP95Ms },
    ],
  },
  { id: 'decode', title: 'Decode speed (tokens per second)', format: formatNumber, series: [{ key: 'decode', label: 'tokens/s', value: (row) => row.decodeTokensPerSecond }] },
  { id: 'prompt', title: 'Prompt processing (tokens per second, approximate)', format: formatNumber, series: [{ key: 'prompt', label: 'tokens/s', value: (row) => row.promptTokensPerSecond }] },
  {
    id: 'rates', title: 'Success and empty answers', format: formatPercent,
    series: [
      { key: 'success', label: 'success', value: (row) => row.successRate },
      { key: 'empty', label: 'empty answers', value: (row) => row.emptyAnswerRate },
    ],
  },
];

/** One bar group: the provider/model, whether it is local, and each series' value (null: no data). */
export type BarPoint = { name: string; local: boolean } & Record<string, number | string | boolean | null>;

/** The bars of a chart: the busiest provider/model pairs (as the rows are ordered) that have a value for some series. */
export function chartBars(rows: readonly ScorecardRow[], chart: Pick<ComparisonChart, 'series'>, limit = CHART_LIMIT): BarPoint[] {
  const bars: BarPoint[] = [];
  for (const row of rows) {
    const point: BarPoint = { name: entryLabel(row), local: row.local };
    let any = false;
    for (const series of chart.series) {
      const value = series.value(row);
      point[series.key] = value ?? null;
      if (value !== null && value !== undefined) any = true;
    }
    if (any) bars.push(point);
    if (bars.length === limit) break;
  }
  return bars;
}

/** The cost cell: `unknown` when no request had a known cost, `(2 of 6)` when only some did. */
export function costText(row: Pick<ScorecardRow, 'cost' | 'costedRequests' | 'rows'>): string {
  if (row.cost === null) return 'unknown';
  return row.costedRequests < row.rows ? `${formatUsd(row.cost)} (${row.costedRequests} of ${row.rows})` : formatUsd(row.cost);
}

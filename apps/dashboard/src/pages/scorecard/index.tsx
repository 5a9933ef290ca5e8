/**
 * The scorecard (`GET /v1/stats/scorecard`): how each provider and model served over a period, local
 * servers beside cloud providers: a table of every figure and bar charts comparing them.
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import type { ScorecardRow } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { formatCount, formatMs, formatNumber, formatPercent, formatUsd } from '../../lib/format.ts';
import { chartBars, COMPARISON_CHARTS, costText, entryLabel, SCORECARD_PERIODS } from './scorecard.ts';
import { ComparisonBars } from './comparison-chart.tsx';

const COLUMNS: readonly Column<ScorecardRow>[] = [
  { header: 'Provider', cell: (row) => row.providerId },
  { header: 'Model', cell: (row) => <code>{row.model}</code> },
  { header: 'Where', cell: (row) => <span className={row.local ? 'badge ok' : 'badge'}>{row.local ? 'local' : 'cloud'}</span> },
  { header: 'Requests', cell: (row) => formatCount(row.requests), numeric: true },
  { header: 'Success', cell: (row) => formatPercent(row.successRate), numeric: true },
  { header: 'Empty answers', cell: (row) => formatPercent(row.emptyAnswerRate), numeric: true },
  { header: 'TTFT p50', cell: (row) => formatMs(row.ttftP50Ms), numeric: true },
  { header: 'TTFT p95', cell: (row) => formatMs(row.ttftP95Ms), numeric: true },
  { header: 'Decode tokens/s', cell: (row) => formatNumber(row.decodeTokensPerSecond), numeric: true },
  { header: 'Prompt tokens/s', cell: (row) => formatNumber(row.promptTokensPerSecond), numeric: true },
  { header: 'Cold starts', cell: (row) => formatCount(row.coldStarts), numeric: true },
  { header: 'Load mean', cell: (row) => formatMs(row.loadMeanMs), numeric: true },
  { header: 'Load max', cell: (row) => formatMs(row.loadMaxMs), numeric: true },
  { header: 'Cost', cell: costText, numeric: true },
  { header: 'Cost per 1k', cell: (row) => (row.costPer1kRequests === null ? 'unknown' : formatUsd(row.costPer1kRequests)), numeric: true },
];

export default function ScorecardPage() {
  const api = useApi();
  const [period, setPeriod] = useState<(typeof SCORECARD_PERIODS)[number]['id']>('7d');
  const answer = useQuery({
    queryKey: ['stats', 'scorecard', period],
    queryFn: () => unwrap(api.GET('/v1/stats/scorecard', { params: { query: { since: period } } })),
    refetchInterval: 60_000,
  });
  const rows = answer.data?.data;
  const charts = useMemo(() => (rows ? COMPARISON_CHARTS.map((chart) => ({ chart, bars: chartBars(rows, chart) })) : []), [rows]);

  return (
    <section>
      <h1>Scorecard</h1>
      <p className="muted small">
        How each provider and model served, from the request log: local servers beside cloud providers. Requests are upstream calls (failed-over ones included); time to first
        token is from the answering call&apos;s start to its first content, over streamed answers without a cold start; prompt tokens per second is prompt tokens over the time
        to first token, an approximation. Unknown costs say so; they are not $0.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="scorecard-period">Period</label>
          <select id="scorecard-period" value={period} onChange={(event) => setPeriod(event.target.value as typeof period)}>
            {SCORECARD_PERIODS.map((each) => (
              <option key={each.id} value={each.id}>
                {each.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState isLoading={answer.isLoading} error={answer.error} what="the scorecard" />
      {rows ? (
        <>
          <div className="table-scroll">
            <DataTable caption="Scorecard per provider and model" columns={COLUMNS} rows={rows} rowKey={entryLabel} empty="No requests to any provider in this period." />
          </div>
          <h2>Compared</h2>
          <div className="grid charts">
            {charts.map(({ chart, bars }) => (
              <ComparisonBars key={chart.id} chart={chart} bars={bars} />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}

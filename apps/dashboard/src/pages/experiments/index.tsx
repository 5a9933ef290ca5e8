/**
 * The Experiments page: how each arm of a route is doing (`GET /v1/stats/targets`), the routes'
 * stickiness and shadow settings (`GET /v1/route-options`), and the shadow report
 * (`GET /v1/shadow-report`): live requests beside their shadow and replay calls, with agreement
 * figures, answers cut in the table and whole on demand. Route and period are kept in the URL.
 */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import type { JsonOf } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { formatCount, formatMs, formatPercent, formatTime, formatUsd } from '../../lib/format.ts';
import { answerText, PERIODS, preview, routeNames, shadowText, signedMs, targetName } from './experiments-view.ts';
import '../providers/page-styles.css';
import './experiments.css';

type Arm = JsonOf<'/v1/stats/targets'>['data'][number];
type RouteOptions = JsonOf<'/v1/route-options'>['data'][number];
type Report = JsonOf<'/v1/shadow-report'>;
type Pair = Report['data'][number];

const ARM_COLUMNS: readonly Column<Arm>[] = [
  { header: 'Route', cell: (arm) => arm.model ?? '–' },
  { header: 'Provider', cell: (arm) => arm.providerId ?? '–' },
  { header: 'Upstream model', cell: (arm) => arm.upstreamModel ?? '–' },
  { header: 'Requests', cell: (arm) => formatCount(arm.requests), numeric: true },
  { header: 'Success', cell: (arm) => formatPercent(arm.successRate), numeric: true },
  { header: 'p50', cell: (arm) => formatMs(arm.p50Ms), numeric: true },
  { header: 'p95', cell: (arm) => formatMs(arm.p95Ms), numeric: true },
  { header: 'TTFT p50', cell: (arm) => formatMs(arm.ttftP50Ms), numeric: true },
  { header: 'TTFT p95', cell: (arm) => formatMs(arm.ttftP95Ms), numeric: true },
  { header: 'Tokens in', cell: (arm) => formatCount(arm.promptTokens), numeric: true },
  { header: 'Tokens out', cell: (arm) => formatCount(arm.completionTokens), numeric: true },
  { header: 'Cost', cell: (arm) => (arm.cost === null ? 'unknown' : formatUsd(arm.cost)), numeric: true },
];

const OPTION_COLUMNS: readonly Column<RouteOptions>[] = [
  { header: 'Route', cell: (options) => options.model },
  { header: 'Sticky', cell: (options) => options.stickiness ?? 'none' },
  { header: 'Shadow', cell: (options) => shadowText(options) },
  { header: 'Per minute', cell: (options) => options.shadowPerMinute ?? 'default', numeric: true },
  { header: 'Timeout', cell: (options) => (options.shadowTimeoutMs === null ? 'default' : formatMs(options.shadowTimeoutMs)), numeric: true },
];

const both = (pair: Pair, value: (side: Pair['primary']) => string) => `${value(pair.primary)} / ${value(pair.pair)}`;

/** Both answers of a pair, whole, side by side. */
function PairAnswers({ pair }: { pair: Pair }) {
  return (
    <div className="card" role="region" aria-label={`Answers of pair ${pair.pair.id}`}>
      <div className="grid two">
        {(['primary', 'pair'] as const).map((which) => (
          <div key={which}>
            <h3>
              {which === 'primary' ? 'Primary' : pair.role === 'shadow' ? 'Shadow' : 'Replay'}: {targetName(pair[which])}
            </h3>
            <pre className="answer-text">{answerText(pair[which])}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}

function Summary({ report }: { report: Report }) {
  const { summary } = report;
  const items: [string, string][] = [
    ['Pairs', `${formatCount(summary.pairs)}${report.total > summary.pairs ? ` (newest of ${formatCount(report.total)})` : ''}`],
    ['Both answered', formatCount(summary.bothSucceeded)],
    ['Mean similarity', summary.meanSimilarity === null ? '–' : summary.meanSimilarity.toFixed(3)],
    ['Exact matches', formatPercent(summary.exactMatchRate)],
    ['Same tool calls', formatPercent(summary.sameToolCallsRate)],
    ['Latency difference (mean)', signedMs(summary.meanLatencyDeltaMs)],
    ['TTFT difference (mean)', signedMs(summary.meanTtftDeltaMs)],
    ['Cost', summary.primaryCost === null ? 'unknown' : `${formatUsd(summary.primaryCost)} → ${formatUsd(summary.pairCost)}`],
  ];
  return (
    <dl className="summary-list" aria-label="Shadow report summary">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function ExperimentsPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const route = params.get('route') ?? '';
  const since = params.get('since') ?? '24h';
  const role = params.get('role') ?? '';
  const [open, setOpen] = useState<string | null>(null);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const options = useQuery({ queryKey: ['route-options'], queryFn: async () => (await unwrap(api.GET('/v1/route-options'))).data });
  const mappings = useQuery({ queryKey: ['mappings'], queryFn: async () => (await unwrap(api.GET('/v1/mappings'))).data as { model: string }[] });
  const arms = useQuery({
    queryKey: ['stats', 'targets', route, since],
    queryFn: async () => (await unwrap(api.GET('/v1/stats/targets', { params: { query: { since, ...(route ? { model: route } : {}) } } }))).data,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const report = useQuery({
    queryKey: ['shadow-report', route, since, role],
    queryFn: () => unwrap(api.GET('/v1/shadow-report', { params: { query: { since, limit: 50, ...(route ? { model: route } : {}), ...(role ? { role: role as 'shadow' | 'replay' } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

  const routes = routeNames(mappings.data ?? [], options.data ?? []);
  const pairColumns: readonly Column<Pair>[] = [
    { header: 'When', cell: (pair) => formatTime(pair.pair.createdAt) },
    { header: 'Role', cell: (pair) => pair.role },
    { header: 'Route', cell: (pair) => pair.model ?? '–' },
    { header: 'Primary', cell: (pair) => targetName(pair.primary) },
    { header: 'Shadow or replay', cell: (pair) => targetName(pair.pair) },
    { header: 'Latency', cell: (pair) => both(pair, (side) => formatMs(side.durationMs)), numeric: true },
    { header: 'TTFT', cell: (pair) => both(pair, (side) => formatMs(side.ttftMs)), numeric: true },
    { header: 'Tokens out', cell: (pair) => both(pair, (side) => formatCount(side.completionTokens)), numeric: true },
    { header: 'Cost', cell: (pair) => both(pair, (side) => (side.cost === null ? '?' : formatUsd(side.cost))), numeric: true },
    { header: 'Similarity', cell: (pair) => pair.agreement.similarity.toFixed(3), numeric: true },
    { header: 'Exact', cell: (pair) => (pair.agreement.exactMatch ? 'yes' : 'no') },
    { header: 'Tool calls', cell: (pair) => (pair.agreement.sameToolCalls === null ? '–' : pair.agreement.sameToolCalls ? 'same' : 'differ') },
    { header: 'Primary answer', cell: (pair) => preview(answerText(pair.primary)) },
    { header: 'Other answer', cell: (pair) => preview(answerText(pair.pair)) },
    {
      header: 'Answers',
      cell: (pair) => (
        <button
          type="button"
          className="secondary"
          aria-expanded={open === pair.pair.id}
          aria-label={`${open === pair.pair.id ? 'Hide' : 'Show'} answers of ${pair.pair.id}`}
          onClick={() => setOpen(open === pair.pair.id ? null : pair.pair.id)}
        >
          {open === pair.pair.id ? 'Hide' : 'Show'}
        </button>
      ),
    },
  ];
  const opened = report.data?.data.find((pair) => pair.pair.id === open);

  return (
    <section>
      <h1>Experiments</h1>
      <p className="muted">
        Sticky A/B splits and shadow traffic on real requests. Change them with <code>provider-cli route options</code> and <code>provider-cli shadow set</code>, or <code>PATCH /v1/route-options/:model</code>.
      </p>
      <div className="toolbar" role="group" aria-label="Filters">
        <div className="field">
          <label htmlFor="experiments-route">Route</label>
          <select id="experiments-route" value={route} onChange={(event) => set('route', event.target.value)}>
            <option value="">All routes</option>
            {routes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="experiments-since">Period</label>
          <select id="experiments-since" value={since} onChange={(event) => set('since', event.target.value === '24h' ? '' : event.target.value)}>
            {PERIODS.map((period) => (
              <option key={period.value} value={period.value}>
                {period.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      <h2>Arms</h2>
      <QueryState isLoading={arms.isLoading} error={arms.error} what="the per-arm stats" />
      {arms.data ? <DataTable caption="Per-arm stats (live traffic)" columns={ARM_COLUMNS} rows={arms.data} rowKey={(arm) => `${arm.model}\u0000${arm.providerId}\u0000${arm.upstreamModel}`} empty="No requests in this period." /> : null}

      <h2>Route options</h2>
      <QueryState isLoading={options.isLoading} error={options.error} what="the route options" />
      {options.data ? <DataTable caption="Stickiness and shadow traffic per route" columns={OPTION_COLUMNS} rows={options.data} rowKey={(entry) => entry.model} empty="No route has stickiness or shadow traffic." /> : null}

      <h2>Shadow report</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="experiments-role">Pairs</label>
          <select id="experiments-role" value={role} onChange={(event) => set('role', event.target.value)}>
            <option value="">Shadow and replay</option>
            <option value="shadow">Shadow only</option>
            <option value="replay">Replay only</option>
          </select>
        </div>
      </div>
      <QueryState isLoading={report.isLoading} error={report.error} what="the shadow report" />
      {report.data ? (
        <>
          <Summary report={report.data} />
          <DataTable caption="Pairs, newest first" columns={pairColumns} rows={report.data.data} rowKey={(pair) => pair.pair.id} empty="No shadow or replay pairs in this period." />
          {opened ? <PairAnswers pair={opened} /> : null}
        </>
      ) : null}
    </section>
  );
}

/**
 * The overview: traffic, errors, latency, time to first token, throughput and the router's own
 * overhead over the last hour, day or week (`GET /v1/stats/series`), split by provider or
 * provider/model; the providers' health and circuits; the active provider, switched in one click.
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { TimeChart } from '../../components/time-chart.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { chartData, METRICS, PERIODS, periodTotals, type SeriesGroup } from './series.ts';
import { ProvidersHealth } from './providers-health.tsx';
import { ActiveProviderSwitch } from './active-provider-switch.tsx';

const GROUPS: { id: SeriesGroup; label: string }[] = [
  { id: 'none', label: 'All requests' },
  { id: 'provider', label: 'By provider' },
  { id: 'model', label: 'By provider and model' },
];

export default function OverviewPage() {
  const api = useApi();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]['id']>('1h');
  const [group, setGroup] = useState<SeriesGroup>('none');
  const series = useQuery({
    queryKey: ['stats', 'series', period, group],
    queryFn: () => unwrap(api.GET('/v1/stats/series', { params: { query: { since: period, group } } })),
    refetchInterval: 30_000,
  });
  const answer = series.data;
  const charts = useMemo(() => {
    if (!answer) return [];
    const options = { since: answer.period.since, until: answer.period.until, bucketMs: answer.bucketMs, group: answer.group };
    return METRICS.map((metric) => ({ metric, data: chartData(answer.data, { ...options, metric }) }));
  }, [answer]);
  const totals = answer ? periodTotals(answer.data) : null;

  return (
    <section>
      <h1>Overview</h1>
      <div className="grid two">
        <ActiveProviderSwitch />
        <div className="card">
          <h2 className="card-title">{PERIODS.find((each) => each.id === period)?.label}</h2>
          <dl className="figures">
            <div>
              <dt>Requests</dt>
              <dd>{formatCount(totals?.requests)}</dd>
            </div>
            <div>
              <dt>Error rate</dt>
              <dd>{formatPercent(totals?.errorRate)}</dd>
            </div>
            <div>
              <dt>Output tokens</dt>
              <dd>{formatCount(totals?.completionTokens)}</dd>
            </div>
          </dl>
        </div>
      </div>

      <h2>Traffic and latency</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="overview-period">Period</label>
          <select id="overview-period" value={period} onChange={(event) => setPeriod(event.target.value as typeof period)}>
            {PERIODS.map((each) => (
              <option key={each.id} value={each.id}>
                {each.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="overview-group">Breakdown</label>
          <select id="overview-group" value={group} onChange={(event) => setGroup(event.target.value as SeriesGroup)}>
            {GROUPS.map((each) => (
              <option key={each.id} value={each.id}>
                {each.label}
              </option>
            ))}
          </select>
        </div>
        {answer ? <span className="muted small">One point per {Math.round(answer.bucketMs / 60_000)} min.</span> : null}
      </div>
      <QueryState isLoading={series.isLoading} error={series.error} what="the request statistics" />
      <div className="grid charts">
        {charts.map(({ metric, data }) => (
          <TimeChart key={metric.id} metric={metric} data={data} />
        ))}
      </div>
      <p className="muted small">
        Latency is the whole request as the client saw it; time to first token is the time to the first byte of the answer. Tokens per second are output tokens over the time
        spent producing them (a stream&apos;s time after its first byte). Router overhead is the time to first byte less the time spent waiting on upstreams and in backoff
        between attempts, from each request&apos;s recorded attempts: what the router itself added.
      </p>

      <h2>Providers</h2>
      <ProvidersHealth />
    </section>
  );
}

/** Each enabled provider's health check and circuit breaker (`GET /v1/providers/health`). */
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import type { ProviderHealth } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { formatCount, formatMs } from '../../lib/format.ts';

const STATUS_CLASS: Record<string, string> = { up: 'ok', down: 'error', unknown: 'warn' };
const CIRCUIT_TEXT: Record<string, string> = { closed: 'closed', open: 'open (skipped)', half_open: 'half-open (probing)' };

const columns: Column<ProviderHealth>[] = [
  { header: 'Provider', cell: (row) => (row.name && row.name !== row.id ? `${row.name} (${row.id})` : row.id) },
  { header: 'Type', cell: (row) => row.type },
  { header: 'Health', cell: (row) => <span className={`badge ${STATUS_CLASS[row.status] ?? ''}`}>{row.status}</span> },
  { header: 'Latency', cell: (row) => formatMs(row.latencyMs), numeric: true },
  { header: 'Models', cell: (row) => formatCount(row.models), numeric: true },
  {
    header: 'Circuit',
    cell: (row) => (
      <span className={row.circuit.state === 'closed' ? undefined : 'warn-text'}>
        {CIRCUIT_TEXT[row.circuit.state] ?? row.circuit.state}
        {row.circuit.failures > 0 ? `, ${row.circuit.failures} failures` : ''}
        {row.circuit.retryInMs > 0 ? `, retry in ${formatMs(row.circuit.retryInMs)}` : ''}
      </span>
    ),
  },
  { header: 'Error', cell: (row) => (row.error ? <span className="error-text small">{row.error}</span> : '') },
];

export function ProvidersHealth() {
  const api = useApi();
  const health = useQuery({ queryKey: queryKeys.providersHealth, queryFn: () => unwrap(api.GET('/v1/providers/health')), refetchInterval: 60_000 });
  return (
    <>
      <QueryState isLoading={health.isLoading} error={health.error} what="the providers' health" />
      {health.data ? (
        <DataTable
          caption={`Provider health (checked ${new Date(health.data.checkedAt).toLocaleTimeString('en-GB')})`}
          columns={columns}
          rows={health.data.providers}
          rowKey={(row) => row.id}
          empty="No enabled providers."
        />
      ) : null}
    </>
  );
}

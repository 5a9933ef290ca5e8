/**
 * Live requests: the server's tail (`GET /v1/requests/tail`) as requests start and finish,
 * filtered by provider, model, status and endpoint, pausable, the newest 200 kept. A row opens
 * the request's page.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { formatMs, formatTime } from '../../lib/format.ts';
import { distinctValues, ENDPOINTS, heldCount, matchesFilters, NO_FILTERS, STATUS_CHOICES, statusText, type TailEvent, type TailFilters } from './tail.ts';
import { useTail, type TailConnection } from './use-tail.ts';

const KEEP = 200;

function connectionText(connection: TailConnection): string {
  switch (connection.state) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return `Reconnecting: ${connection.reason}`;
    case 'refused':
      return `Refused: ${connection.reason}`;
  }
}

function statusClass(event: TailEvent): string {
  if (event.outcome === null) return 'badge warn';
  return event.outcome === 'success' ? 'badge ok' : 'badge error';
}

const columns: Column<TailEvent>[] = [
  { header: 'Time', cell: (row) => formatTime(row.startedAt) },
  { header: 'Status', cell: (row) => <span className={statusClass(row)}>{statusText(row)}</span> },
  { header: 'Endpoint', cell: (row) => ENDPOINTS.find((each) => each.path === row.endpoint)?.label ?? row.endpoint },
  { header: 'Provider', cell: (row) => row.provider ?? '–' },
  { header: 'Model', cell: (row) => (row.upstreamModel && row.upstreamModel !== row.model ? `${row.model ?? '–'} → ${row.upstreamModel}` : (row.model ?? '–')) },
  { header: 'Stream', cell: (row) => (row.stream ? 'yes' : 'no') },
  { header: 'First byte', cell: (row) => formatMs(row.ttfbMs), numeric: true },
  { header: 'Duration', cell: (row) => formatMs(row.durationMs), numeric: true },
  { header: 'Attempts', cell: (row) => String(row.attempts), numeric: true },
  {
    header: 'Request',
    cell: (row) => (
      <Link to={`/requests/${encodeURIComponent(row.id)}`} onClick={(event) => event.stopPropagation()} aria-label={`Open request ${row.id}`}>
        {row.id.slice(0, 13)}…
      </Link>
    ),
  },
];

function Select(props: { id: string; label: string; value: string; onChange: (value: string) => void; options: readonly { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">All</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function LiveRequestsPage() {
  const navigate = useNavigate();
  const { state, dispatch, connection } = useTail(KEEP);
  const [filters, setFilters] = useState<TailFilters>(NO_FILTERS);
  const set = (field: keyof TailFilters) => (value: string) => setFilters((current) => ({ ...current, [field]: value }));
  const shown = useMemo(() => state.rows.filter((row) => matchesFilters(row, filters)), [state.rows, filters]);
  const providers = useMemo(() => distinctValues(state.rows, 'provider', filters.provider), [state.rows, filters.provider]);
  const models = useMemo(() => distinctValues(state.rows, 'model', filters.model), [state.rows, filters.model]);
  const held = heldCount(state);

  return (
    <section>
      <h1>Live requests</h1>
      <p className="muted small">
        Requests through the router as they start streaming and as they finish, newest first (the latest {KEEP} are kept). Status:{' '}
        <span role="status" className={connection.state === 'live' ? 'ok-text' : 'warn-text'}>
          {connectionText(connection)}
        </span>
      </p>
      <div className="toolbar">
        <Select id="live-provider" label="Provider" value={filters.provider} onChange={set('provider')} options={providers.map((value) => ({ value, label: value }))} />
        <Select id="live-model" label="Model" value={filters.model} onChange={set('model')} options={models.map((value) => ({ value, label: value }))} />
        <Select id="live-status" label="Status" value={filters.status} onChange={set('status')} options={STATUS_CHOICES.map((choice) => ({ value: choice.id, label: choice.label }))} />
        <Select id="live-endpoint" label="Endpoint" value={filters.endpoint} onChange={set('endpoint')} options={ENDPOINTS.map((each) => ({ value: each.path, label: each.label }))} />
        <button type="button" aria-pressed={state.paused} onClick={() => dispatch({ type: state.paused ? 'resume' : 'pause' })}>
          {state.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="secondary" onClick={() => dispatch({ type: 'clear' })}>
          Clear
        </button>
        {state.paused ? (
          <span className="warn-text">
            Paused: {held} new {held === 1 ? 'request' : 'requests'} held
            {state.droppedWhilePaused > 0 ? ` (${state.droppedWhilePaused} older events dropped)` : ''}
          </span>
        ) : null}
      </div>
      <DataTable
        caption={`${shown.length} of ${state.rows.length} requests shown`}
        columns={columns}
        rows={shown}
        rowKey={(row) => row.id}
        empty={state.rows.length === 0 ? 'Waiting for requests…' : 'No request matches the filters.'}
        onRowClick={(row) => navigate(`/requests/${encodeURIComponent(row.id)}`)}
      />
    </section>
  );
}

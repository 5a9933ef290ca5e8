/**
 * The History page: every configuration change (`GET /v1/history`) newest first, with where it
 * came from and what changed (old → new, secrets masked by the server), filtered by entity, id,
 * source and time (kept in the URL), a page at a time.
 */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { formatTime } from '../../lib/format.ts';
import { pageKeys } from '../providers/provider-api.ts';
import { changeLines, historyQuery, type HistoryFilters } from './history-view.ts';
import '../providers/page-styles.css';

interface HistoryEntry {
  id: number;
  createdAt: number;
  source: string;
  action: string;
  entity: string;
  entityId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

const PAGE = 50;
const SOURCES = { cli: 'CLI', api: 'API (dashboard, REST)', env: 'environment', migrate: 'migration', system: 'the router' } as const;

function Change({ entry }: { entry: HistoryEntry }) {
  const lines = changeLines(entry.oldValue, entry.newValue);
  if (lines.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="change-lines">
      {lines.map((line) => (
        <li key={line.path}>
          {line.path ? <code>{line.path}</code> : null}
          {line.path ? ': ' : null}
          <span className="old-value">{line.before}</span> → <span className="new-value">{line.after}</span>
        </li>
      ))}
    </ul>
  );
}

export default function HistoryPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filters: HistoryFilters = { entity: params.get('entity') ?? '', entityId: params.get('entityId') ?? '', source: params.get('source') ?? '', since: params.get('since') ?? '' };
  const [draft, setDraft] = useState(filters);
  /** The cursors of the pages before this one (`null`: the newest page). */
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const before = cursors[cursors.length - 1];

  const history = useQuery({
    queryKey: pageKeys.history({ ...filters, before: String(before ?? '') }),
    queryFn: async () => ((await unwrap(api.GET('/v1/history', { params: { query: historyQuery(filters, PAGE, before) as never } }))) as unknown as { data: HistoryEntry[] }).data,
    placeholderData: keepPreviousData,
  });
  const rows = history.data ?? [];

  const apply = (next: HistoryFilters) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value.trim()) search.set(key, value.trim());
    setParams(search);
    setCursors([null]);
  };

  return (
    <section>
      <h1>History</h1>
      <form
        className="toolbar"
        aria-label="Filter the history"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor="history-entity">Entity</label>
          <select id="history-entity" value={draft.entity} onChange={(event) => setDraft({ ...draft, entity: event.target.value })}>
            <option value="">any</option>
            <option value="provider">provider</option>
            <option value="model">model</option>
            <option value="mapping">mapping</option>
            <option value="setting">setting</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-entity-id">Entity id</label>
          <input id="history-entity-id" value={draft.entityId} onChange={(event) => setDraft({ ...draft, entityId: event.target.value })} placeholder="e.g. a provider id" />
        </div>
        <div className="field">
          <label htmlFor="history-source">Source</label>
          <select id="history-source" value={draft.source} onChange={(event) => setDraft({ ...draft, source: event.target.value })}>
            <option value="">any</option>
            {Object.entries(SOURCES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-since">Since</label>
          <select id="history-since" value={draft.since} onChange={(event) => setDraft({ ...draft, since: event.target.value })}>
            <option value="">any time</option>
            <option value="1h">the last hour</option>
            <option value="24h">the last day</option>
            <option value="7d">the last week</option>
            <option value="30d">the last 30 days</option>
          </select>
        </div>
        <button type="submit">Filter</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const cleared = { entity: '', entityId: '', source: '', since: '' };
            setDraft(cleared);
            apply(cleared);
          }}
        >
          Clear
        </button>
      </form>
      <QueryState isLoading={history.isLoading} error={history.error} what="the history" />
      {history.data ? (
        <table className="data-table">
          <caption>Configuration changes{cursors.length > 1 ? ` (page ${cursors.length})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Source</th>
              <th scope="col">Action</th>
              <th scope="col">What</th>
              <th scope="col">Change (old → new)</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  No changes{filters.entity || filters.entityId || filters.source || filters.since ? ' match these filters' : ' yet'}.
                </td>
              </tr>
            ) : (
              rows.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.createdAt)}</td>
                  <td>{SOURCES[entry.source as keyof typeof SOURCES] ?? entry.source}</td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.entity}
                    {entry.entityId ? (
                      <>
                        {' '}
                        <code>{entry.entityId}</code>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <Change entry={entry} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar">
        <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="secondary" disabled={rows.length < PAGE} onClick={() => setCursors([...cursors, rows[rows.length - 1].id])}>
          Older
        </button>
      </div>
    </section>
  );
}

/**
 * The live tail's data logic, as pure functions: which events pass the filters, and the page's
 * list of rows (newest first, bounded, a request's `finished` event replacing its `started` one),
 * with pausing (events held, counted, and shown on resume).
 */

/** One `event: request` of `GET /v1/requests/tail`. */
export interface TailEvent {
  phase: 'started' | 'finished';
  id: string;
  startedAt: number;
  endpoint: string;
  provider: string | null;
  model: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: number;
  /** null while a stream is still flowing. */
  outcome: 'success' | 'error' | 'client_closed' | 'stream_error' | null;
  durationMs: number | null;
  ttfbMs: number | null;
  attempts: number;
  errorCode: string | null;
}

/** The client APIs the router logs, by path (as the tail reports `endpoint`). */
export const ENDPOINTS: readonly { path: string; label: string }[] = [
  { path: '/v1/chat/completions', label: 'Chat completions' },
  { path: '/v1/messages', label: 'Messages' },
  { path: '/v1/messages/count_tokens', label: 'Token counting' },
  { path: '/v1/responses', label: 'Responses' },
  { path: '/v1/embeddings', label: 'Embeddings' },
  { path: '/v1/completions', label: 'Completions' },
];

/** The status filter's choices. */
export const STATUS_CHOICES = [
  { id: 'success', label: 'Succeeded' },
  { id: 'error', label: 'Failed' },
  { id: 'client_closed', label: 'Client left' },
  { id: 'flowing', label: 'Still streaming' },
] as const;

/** What the page filters on; an empty value matches everything. */
export interface TailFilters {
  provider: string;
  model: string;
  /** A status choice id, or an HTTP status (`429`). */
  status: string;
  /** A logged path (`/v1/messages`). */
  endpoint: string;
}

export const NO_FILTERS: TailFilters = { provider: '', model: '', status: '', endpoint: '' };

/** Whether an event passes the filters. A failed stream (`stream_error`) counts as failed. */
export function matchesFilters(event: TailEvent, filters: TailFilters): boolean {
  if (filters.provider && event.provider !== filters.provider) return false;
  if (filters.model && event.model !== filters.model) return false;
  if (filters.endpoint && event.endpoint !== filters.endpoint) return false;
  const status = filters.status;
  if (!status) return true;
  if (/^\d{3}$/.test(status)) return event.status === Number(status);
  if (status === 'flowing') return event.outcome === null;
  if (status === 'error') return event.outcome === 'error' || event.outcome === 'stream_error';
  return event.outcome === status;
}

/** The page's list: rows newest first (at most `limit`), and the events held while paused. */
export interface TailState {
  rows: TailEvent[];
  paused: boolean;
  held: TailEvent[];
  /** How many held events were dropped because more than `limit` arrived while paused. */
  droppedWhilePaused: number;
  limit: number;
}

export function initialTailState(limit = 200): TailState {
  return { rows: [], paused: false, held: [], droppedWhilePaused: 0, limit };
}

/** Rows with one more event: a request's later event replaces its earlier one in place; a new request goes on top; the oldest beyond `limit` go. */
export function addEvent(rows: readonly TailEvent[], event: TailEvent, limit: number): TailEvent[] {
  const index = rows.findIndex((row) => row.id === event.id);
  if (index !== -1) {
    // a `started` event arriving after its `finished` one (never expected) does not undo it
    if (rows[index].phase === 'finished' && event.phase === 'started') return rows as TailEvent[];
    const next = rows.slice();
    next[index] = event;
    return next;
  }
  const next = [event, ...rows];
  if (next.length > limit) next.length = limit;
  return next;
}

/** What the page does with the tail. */
export type TailAction = { type: 'event'; event: TailEvent } | { type: 'events'; events: readonly TailEvent[] } | { type: 'pause' } | { type: 'resume' } | { type: 'clear' };

/** The page's state after an action: while paused, events are held (bounded) instead of shown; resuming shows them in order. */
export function tailReducer(state: TailState, action: TailAction): TailState {
  switch (action.type) {
    case 'events':
      return action.events.reduce((next, event) => tailReducer(next, { type: 'event', event }), state);
    case 'event': {
      if (!state.paused) return { ...state, rows: addEvent(state.rows, action.event, state.limit) };
      const held = [...state.held, action.event];
      const over = held.length - state.limit;
      return over > 0 ? { ...state, held: held.slice(over), droppedWhilePaused: state.droppedWhilePaused + over } : { ...state, held };
    }
    case 'pause':
      return state.paused ? state : { ...state, paused: true };
    case 'resume': {
      let rows = state.rows;
      for (const event of state.held) rows = addEvent(rows, event, state.limit);
      return { ...state, rows, paused: false, held: [], droppedWhilePaused: 0 };
    }
    case 'clear':
      return { ...state, rows: [], held: [], droppedWhilePaused: 0 };
  }
}

/** How many requests are held while paused (a request's two events count once). */
export function heldCount(state: TailState): number {
  return new Set(state.held.map((event) => event.id)).size;
}

/** The distinct non-empty values of a field over the rows, sorted (for the filter choices). */
export function distinctValues(rows: readonly TailEvent[], field: 'provider' | 'model', keep: string = ''): string[] {
  const values = new Set<string>();
  for (const row of rows) if (row[field]) values.add(row[field]!);
  if (keep) values.add(keep);
  return [...values].sort();
}

/** The label of a row's state: `streaming` while flowing, else its HTTP status and outcome. */
export function statusText(event: Pick<TailEvent, 'outcome' | 'status'>): string {
  if (event.outcome === null) return `${event.status} streaming`;
  if (event.outcome === 'success') return String(event.status);
  return `${event.status} ${event.outcome.replace('_', ' ')}`;
}

/** What a local server has (its `GET /v1/providers/:id/models` `discovered` part), as rows for the provider page. */

/** The discovered part of `GET /v1/providers/:id/models` (null: not a local server). */
export interface Discovered {
  reachable: boolean;
  refreshedAt: string;
  /** When the server last answered (null: never). */
  learnedAt?: string | null;
  error: string | null;
  models: { id: string; state: 'loaded' | 'not-loaded'; type: string | null; contextLength: number | null; maxContextLength: number | null; loadedContextLength: number | null }[];
}

/** One row of the table. */
export interface LocalModelRow {
  id: string;
  state: string;
  context: string;
  maxContext: string;
  type: string;
}

const tokens = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-US'));

/** Loaded models first, then by id; an unreachable server's models show as unreachable. */
export function localModelRows(discovered: Discovered): LocalModelRow[] {
  return [...discovered.models]
    .sort((a, b) => (a.state === b.state ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.state === 'loaded' ? -1 : 1))
    .map((model) => ({
      id: model.id,
      state: discovered.reachable ? model.state : 'unreachable',
      context: tokens(model.contextLength),
      maxContext: tokens(model.maxContextLength),
      type: model.type ?? '–',
    }));
}

/**
 * The History page's data logic: what changed in a configuration change (old → new, key by key,
 * values as the API gave them: secrets already masked), and the query of a page of history.
 */

/** One changed value. */
export interface ChangeLine {
  /** The key path (`config.baseURL`), or empty for a whole value. */
  path: string;
  before: string;
  after: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** A value shown in one line: strings as they are, the rest as JSON; `–` for none. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Keys that say when, not what (left out of the change). */
const NOISE = new Set(['updatedAt', 'createdAt']);

/**
 * The lines of a change: for two objects (or one created or removed), each key whose value differs
 * (nested objects such as `config` key by key, up to a few levels); otherwise the whole value, old → new.
 */
export function changeLines(before: unknown, after: unknown, path = '', depth = 0): ChangeLine[] {
  // a thing created or removed: its keys, each from or to nothing
  const none = (value: unknown) => value === null || value === undefined;
  if (depth < 3 && ((isRecord(before) && none(after)) || (none(before) && isRecord(after)))) return changeLines(before ?? {}, after ?? {}, path, depth);
  if (isRecord(before) && isRecord(after) && depth < 3) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => depth > 0 || !NOISE.has(key));
    return keys.flatMap((key) => (JSON.stringify(before[key]) === JSON.stringify(after[key]) ? [] : changeLines(before[key], after[key], path ? `${path}.${key}` : key, depth + 1)));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before: showValue(before), after: showValue(after) }];
}

/** The History page's filters (as in its URL). */
export interface HistoryFilters {
  entity: string;
  entityId: string;
  source: string;
  since: string;
}

/** The query of `GET /v1/history` for the filters and a page cursor (`before`: the last id of the previous page). */
export function historyQuery(filters: HistoryFilters, limit: number, before: number | null): Record<string, string | number> {
  const query: Record<string, string | number> = { limit };
  if (filters.entity) query.entity = filters.entity;
  if (filters.entityId.trim()) query.entityId = filters.entityId.trim();
  if (filters.source) query.source = filters.source;
  if (filters.since) query.since = filters.since;
  if (before !== null) query.before = before;
  return query;
}

/**
 * Token usage of the rows a log writer has just written, summed per endpoint, provider and model:
 * what metrics count once a row's response has been summarised (off the request path, in the
 * writer), so the proxy never parses a body to count tokens.
 */
import type { requestLogs } from '../schema/index.js';

/** Usage summed over the written rows of one endpoint, provider and model. */
export interface UsageTally {
  endpoint: string;
  providerId: string | null;
  model: string | null;
  /** Rows summed. */
  rows: number;
  /** Input tokens the upstreams reported (rows without usage add nothing). */
  promptTokens: number;
  /** Output tokens the upstreams reported. */
  completionTokens: number;
}

type Row = Pick<typeof requestLogs.$inferInsert, 'endpoint' | 'providerId' | 'model' | 'promptTokens' | 'completionTokens'>;

/** What the summary of one written row says (e.g. for a trace span). */
export interface WrittenRow {
  id: string;
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: string | null;
}

/** The written rows' summaries. */
export function writtenRows(rows: readonly Pick<typeof requestLogs.$inferInsert, 'id' | 'promptTokens' | 'completionTokens' | 'finishReason'>[]): WrittenRow[] {
  return rows.map((row) => ({ id: row.id, promptTokens: row.promptTokens ?? null, completionTokens: row.completionTokens ?? null, finishReason: row.finishReason ?? null }));
}

/** Sums the rows' usage per endpoint, provider and model. */
export function tallyUsage(rows: readonly Row[]): UsageTally[] {
  const byKey = new Map<string, UsageTally>();
  for (const row of rows) {
    const key = `${row.endpoint}\u0000${row.providerId ?? ''}\u0000${row.model ?? ''}`;
    let tally = byKey.get(key);
    if (!tally) byKey.set(key, (tally = { endpoint: row.endpoint, providerId: row.providerId ?? null, model: row.model ?? null, rows: 0, promptTokens: 0, completionTokens: 0 }));
    tally.rows++;
    tally.promptTokens += row.promptTokens ?? 0;
    tally.completionTokens += row.completionTokens ?? 0;
  }
  return [...byKey.values()];
}

/** What a written row used, for the client key it came with (budgets and token limits settle on it). */
export interface KeyedUsage {
  /** The request id (the row's). */
  id: string;
  keyId: string;
  promptTokens: number;
  completionTokens: number;
  /** US dollars; null when the price is unknown. */
  cost: number | null;
}

/** The usage of the rows that came with a client key (none: an empty list). */
export function keyedUsage(rows: readonly Pick<typeof requestLogs.$inferInsert, 'id' | 'keyId' | 'promptTokens' | 'completionTokens' | 'cost'>[]): KeyedUsage[] {
  const out: KeyedUsage[] = [];
  for (const row of rows) {
    if (!row.keyId) continue;
    out.push({ id: row.id, keyId: row.keyId, promptTokens: row.promptTokens ?? 0, completionTokens: row.completionTokens ?? 0, cost: row.cost ?? null });
  }
  return out;
}

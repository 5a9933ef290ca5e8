/**
 * The shadow report: live requests side by side with their shadow (or replay) rows — a pair is a
 * row with `pair_id` and the row it names — with latency, time to first token, tokens, cost, the
 * answers, how far they agree (`pair-agreement.ts`), and a summary over the pairs listed.
 * The statements are plain SQL both dialects run (SQLite and Postgres).
 */
import { sql, type SQL } from 'drizzle-orm';
import { summarizeJson, summarizeSse } from '@router/core';
import type { Database } from '../open-store.js';
import { rawRows, tablesOf } from '../dialect.js';
import { agreement, type Agreement } from './pair-agreement.js';

/** One side of a pair: a log row as the report shows it. */
export interface PairSide {
  id: string;
  createdAt: number;
  providerId: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: number;
  outcome: string;
  errorMessage: string | null;
  durationMs: number;
  /** Time to first token (first byte of the answer), ms. */
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** US dollars, when known. */
  cost: number | null;
  /** The answer's text (null: none, e.g. only tool calls or an error). */
  text: string | null;
  /** The answer's tool calls as stored (JSON: `[{id, name, arguments}]`), or null. */
  toolCalls: string | null;
}

/** A live request and its shadow or replay. */
export interface PairRow {
  role: 'shadow' | 'replay';
  /** The route: the model the client asked for. */
  model: string | null;
  primary: PairSide;
  pair: PairSide;
  agreement: Agreement;
}

/**
 * Figures over the pairs listed (deltas are the shadow's or replay's figure less the primary's). The
 * agreement figures count only the pairs where both sides succeeded: a failed side has no answer to compare.
 */
export interface PairSummary {
  pairs: number;
  /** Mean normalised edit similarity over the pairs where both succeeded (null: none did). */
  meanSimilarity: number | null;
  /** Share of the pairs where both succeeded whose answers are identical (text and tool calls), 0–1. */
  exactMatchRate: number | null;
  /** Share of the pairs where both succeeded, with tool calls on either side, that made the same ones (null: no such pair). */
  sameToolCallsRate: number | null;
  /** Pairs where both sides succeeded. */
  bothSucceeded: number;
  meanLatencyDeltaMs: number | null;
  meanTtftDeltaMs: number | null;
  /** US dollars over the pairs where both costs are known; null when none. */
  primaryCost: number | null;
  pairCost: number | null;
  costDelta: number | null;
}

/** What to report. */
export interface PairQuery {
  /** Only pairs of this route (the requested model of either row). */
  model?: string;
  /** Only pair rows created at or after this epoch ms. */
  since?: number;
  /** Only pair rows created at or before this epoch ms. */
  until?: number;
  /** Only shadow or only replay pairs (default both). */
  role?: 'shadow' | 'replay';
  /** Most pairs listed, newest first (default 50). */
  limit?: number;
}

const COLUMNS = ['id', 'created_at', 'provider_id', 'upstream_model', 'stream', 'status', 'outcome', 'error_message', 'duration_ms', 'ttfb_ms', 'prompt_tokens', 'completion_tokens', 'cost', 'response_body', 'response_tool_calls', 'response_stream'];

function sideOf(row: Record<string, unknown>, prefix: string): PairSide {
  const value = (name: string) => row[`${prefix}${name}`];
  let text = value('response_body') as string | null;
  let toolCalls = value('response_tool_calls') as string | null;
  const stream = value('response_stream') as string | null;
  if (stream !== null && text === null && toolCalls === null) {
    // a stream kept as its raw events: assembled now, as the log's readers do
    const summary = summarizeSse(stream);
    text = summary.text;
    toolCalls = summary.toolCalls.length ? JSON.stringify(summary.toolCalls) : null;
  } else if (!value('stream') && text !== null) {
    // a whole answer is kept as its JSON body: its text is the message's
    text = summarizeJson(text).text;
  }
  const number = (name: string) => (value(name) === null || value(name) === undefined ? null : Number(value(name)));
  return {
    id: String(value('id')),
    createdAt: Number(value('created_at')),
    providerId: (value('provider_id') as string | null) ?? null,
    upstreamModel: (value('upstream_model') as string | null) ?? null,
    stream: Boolean(value('stream')),
    status: Number(value('status')),
    outcome: String(value('outcome')),
    errorMessage: (value('error_message') as string | null) ?? null,
    durationMs: Number(value('duration_ms')),
    ttftMs: number('ttfb_ms'),
    promptTokens: number('prompt_tokens'),
    completionTokens: number('completion_tokens'),
    cost: number('cost'),
    text,
    toolCalls,
  };
}

const mean = (values: number[]) => (values.length === 0 ? null : Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 1000) / 1000);

/** The summary of a list of pairs. */
export function summarizePairs(pairs: readonly PairRow[]): PairSummary {
  const answered = pairs.filter((pair) => pair.primary.outcome === 'success' && pair.pair.outcome === 'success');
  const withCalls = answered.filter((pair) => pair.agreement.sameToolCalls !== null);
  const costed = pairs.filter((pair) => pair.primary.cost !== null && pair.pair.cost !== null);
  const ttfts = pairs.filter((pair) => pair.primary.ttftMs !== null && pair.pair.ttftMs !== null);
  const primaryCost = costed.length ? Math.round(costed.reduce((sum, pair) => sum + pair.primary.cost!, 0) * 1e9) / 1e9 : null;
  const pairCost = costed.length ? Math.round(costed.reduce((sum, pair) => sum + pair.pair.cost!, 0) * 1e9) / 1e9 : null;
  return {
    pairs: pairs.length,
    meanSimilarity: mean(answered.map((pair) => pair.agreement.similarity)),
    exactMatchRate: mean(answered.map((pair) => (pair.agreement.exactMatch ? 1 : 0))),
    sameToolCallsRate: mean(withCalls.map((pair) => (pair.agreement.sameToolCalls ? 1 : 0))),
    bothSucceeded: answered.length,
    meanLatencyDeltaMs: mean(pairs.map((pair) => pair.pair.durationMs - pair.primary.durationMs)),
    meanTtftDeltaMs: mean(ttfts.map((pair) => pair.pair.ttftMs! - pair.primary.ttftMs!)),
    primaryCost,
    pairCost,
    costDelta: primaryCost === null || pairCost === null ? null : Math.round((pairCost - primaryCost) * 1e9) / 1e9,
  };
}

/** The pairs matching `query`, newest first, with their summary and how many match in all. */
export async function pairReport(db: Database, query: PairQuery = {}): Promise<{ total: number; pairs: PairRow[]; summary: PairSummary }> {
  const where: SQL[] = [sql`p.pair_id is not null`, sql`p.pair_role is not null`];
  if (query.role) where.push(sql`p.pair_role = ${query.role}`);
  if (query.model) where.push(sql`(p.model = ${query.model} or o.model = ${query.model})`);
  if (query.since !== undefined) where.push(sql`p.created_at >= ${query.since}`);
  if (query.until !== undefined) where.push(sql`p.created_at <= ${query.until}`);
  const condition = sql.join(where, sql` and `);
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit ?? 50)));
  const select = sql.raw([...COLUMNS.map((name) => `o.${name} as o_${name}`), ...COLUMNS.map((name) => `p.${name} as p_${name}`)].join(', '));
  const { requestLogs } = tablesOf(db);
  const [rows, [{ total }]] = await Promise.all([
    rawRows<Record<string, unknown>>(db, sql`
      select p.pair_role as role, coalesce(o.model, p.model) as model, ${select}
      from ${requestLogs} p join ${requestLogs} o on o.id = p.pair_id
      where ${condition}
      order by p.created_at desc, p.id desc
      limit ${limit}
    `),
    rawRows<{ total: number }>(db, sql`select count(*) as total from ${requestLogs} p join ${requestLogs} o on o.id = p.pair_id where ${condition}`),
  ]);
  const pairs = rows.map((row) => {
    const primary = sideOf(row, 'o_');
    const pair = sideOf(row, 'p_');
    return { role: row.role as 'shadow' | 'replay', model: (row.model as string | null) ?? null, primary, pair, agreement: agreement(primary, pair) };
  });
  return { total: Number(total), pairs, summary: summarizePairs(pairs) };
}

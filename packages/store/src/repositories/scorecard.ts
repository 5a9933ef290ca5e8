/**
 * The scorecard: how each provider and model served, from the request log, computed in the database.
 *
 * Two views of the log meet here. What was asked of a provider comes from the attempts (every
 * upstream call a request made, failed-over ones included): requests, successes, empty answers.
 * How fast it answered comes from the rows it answered (the row's provider and upstream model are
 * those of its last attempt): time to first token, decode and prompt processing rates, cold starts
 * and cost. Percentiles are nearest-rank, by `row_number()` within each group.
 *
 * The statement is plain SQL both dialects run (CTEs, window functions, `CASE`, `COUNT(CASE …)`),
 * except for reading the attempts JSON, which goes through the fragments below, one set per dialect.
 */
import { sql, type SQL } from 'drizzle-orm';
import { LOCAL_SERVER_TYPES } from '@router/core';
import type { Database } from '../open-store.js';
import { dialectOf, rawRows, tablesOf } from '../dialect.js';

/** What the scorecard covers. */
export interface ScorecardFilter {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** Only this provider. */
  providerId?: string;
}

/** One provider and model (the model name sent upstream). */
export interface ScorecardRow {
  providerId: string;
  model: string;
  /** The provider's type (null: removed since). */
  providerType: string | null;
  /** A local model server (LM Studio, Ollama, llama.cpp, vLLM). */
  local: boolean;
  /** Upstream calls made to it (attempts; skipped targets not counted), failed-over and retried ones included. */
  requests: number;
  /** Calls that answered (attempt outcome `ok`). */
  successes: number;
  /** Calls the client abandoned before they ended (left out of the rates). */
  clientClosed: number;
  /** `successes` over the calls not abandoned (null: none). */
  successRate: number | null;
  /** Calls answered with nothing: no content, reasoning or tool call (attempt outcome `empty_answer`). */
  emptyAnswers: number;
  /** `emptyAnswers` over the calls not abandoned (null: none). */
  emptyAnswerRate: number | null;
  /** Successful streamed answers that were not cold starts: the samples of the time to first token. */
  ttftSamples: number;
  /** Time to first token, ms: from the answering call's start to its first content (`answeredMs`), streamed answers without a cold start. */
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  /** Completion tokens over the time after the first byte, successful streamed answers (null: none with both). */
  decodeTokensPerSecond: number | null;
  /** Prompt tokens over the time to first token (an approximation of prompt processing), the TTFT samples with prompt tokens. */
  promptTokensPerSecond: number | null;
  /** Answers that needed the model loaded first (`cold_start_ms` set). */
  coldStarts: number;
  /** Mean and longest load time of those, ms. */
  loadMeanMs: number | null;
  loadMaxMs: number | null;
  /** Rows this provider and model answered or ended (any outcome): what cost is counted over. */
  rows: number;
  /** Known cost in US dollars, summed (null: no row had a known cost; never 0 for unknown). */
  cost: number | null;
  /** Rows with a known cost. */
  costedRequests: number;
  /** Mean known cost per 1,000 rows (null: unknown). */
  costPer1kRequests: number | null;
}

/** How a dialect reads the attempts JSON (a text column holding an array of objects). */
interface AttemptsJson {
  /** The attempts of a row as a table of one JSON object per attempt, named `value`. */
  each(column: SQL): SQL;
  /** A text field of one attempt. */
  text(attempt: SQL, name: string): SQL;
  /** A numeric field of the last attempt of a row. */
  lastNumber(column: SQL, name: string): SQL;
  /** A text field of the last attempt of a row. */
  lastText(column: SQL, name: string): SQL;
}

const SQLITE_JSON: AttemptsJson = {
  each: (column) => sql`json_each(${column})`,
  text: (attempt, name) => sql`json_extract(${attempt}, ${sql.raw(`'$.${name}'`)})`,
  lastNumber: (column, name) => sql`json_extract(${column}, ${sql.raw(`'$[#-1].${name}'`)})`,
  lastText: (column, name) => sql`json_extract(${column}, ${sql.raw(`'$[#-1].${name}'`)})`,
};

const POSTGRES_JSON: AttemptsJson = {
  each: (column) => sql`jsonb_array_elements(${column}::jsonb)`,
  text: (attempt, name) => sql`(${attempt} ->> ${sql.raw(`'${name}'`)})`,
  lastNumber: (column, name) => sql`((${column}::jsonb -> -1) ->> ${sql.raw(`'${name}'`)})::double precision`,
  lastText: (column, name) => sql`((${column}::jsonb -> -1) ->> ${sql.raw(`'${name}'`)})`,
};

/** Attempt outcomes for which no request was sent upstream. */
const NOT_SENT = sql.raw(`('skipped', 'context_too_small', 'local', 'misconfigured', 'unsupported')`);

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Computes the scorecard; most requests first. */
export async function scorecard(db: Database, filter: ScorecardFilter = {}): Promise<ScorecardRow[]> {
  const { requestLogs, providers } = tablesOf(db);
  const json = dialectOf(db) === 'postgres' ? POSTGRES_JSON : SQLITE_JSON;
  const window: SQL[] = [];
  if (filter.since !== undefined) window.push(sql`${requestLogs.createdAt} >= ${filter.since}`);
  if (filter.until !== undefined) window.push(sql`${requestLogs.createdAt} <= ${filter.until}`);
  const inWindow = window.length ? sql.join(window, sql` and `) : sql`1 = 1`;
  const onlyProvider = filter.providerId === undefined ? sql`1 = 1` : sql`provider_id = ${filter.providerId}`;
  const attempt = sql.raw('attempt.value');
  const attempts = sql`${requestLogs}.attempts`;
  const rows = await rawRows<Record<string, unknown>>(db, sql`
    with logged as (
      select * from ${requestLogs} where ${inWindow}
    ),
    sent as (
      select ${json.text(attempt, 'providerId')} as provider_id, ${json.text(attempt, 'model')} as model, ${json.text(attempt, 'outcome')} as outcome
      from logged as ${requestLogs}, ${json.each(attempts)} as attempt
    ),
    asked as (
      select provider_id, model,
        count(*) as requests,
        count(case when outcome = 'ok' then 1 end) as successes,
        count(case when outcome = 'client_closed' then 1 end) as client_closed,
        count(case when outcome = 'empty_answer' then 1 end) as empty_answers
      from sent
      where outcome not in ${NOT_SENT} and provider_id is not null and model is not null and ${onlyProvider}
      group by provider_id, model
    ),
    answered as (
      select provider_id, coalesce(upstream_model, model) as model, cost, cold_start_ms, prompt_tokens,
        case when outcome = 'success' and stream and completion_tokens > 0 and ttfb_ms is not null and duration_ms > ttfb_ms then completion_tokens end as decode_tokens,
        case when outcome = 'success' and stream and completion_tokens > 0 and ttfb_ms is not null and duration_ms > ttfb_ms then duration_ms - ttfb_ms end as decode_ms,
        case when outcome = 'success' and stream and cold_start_ms is null then coalesce(${json.lastNumber(attempts, 'answeredMs')}, ttfb_ms) end as ttft
      from logged as ${requestLogs}
      where provider_id is not null and coalesce(${json.lastText(attempts, 'outcome')}, '') <> 'local' and ${onlyProvider}
    ),
    ranked as (
      select *,
        row_number() over (partition by provider_id, model, ttft is null order by ttft) as ttft_rank,
        count(ttft) over (partition by provider_id, model) as ttft_count
      from answered
    ),
    served as (
      select provider_id, model,
        count(*) as rows,
        count(ttft) as ttft_samples,
        max(case when ttft is not null and ttft_rank = (ttft_count * 50 + 99) / 100 then ttft end) as ttft_p50,
        max(case when ttft is not null and ttft_rank = (ttft_count * 95 + 99) / 100 then ttft end) as ttft_p95,
        sum(decode_tokens) as decode_tokens,
        sum(decode_ms) as decode_ms,
        sum(case when ttft > 0 and prompt_tokens > 0 then prompt_tokens end) as prompt_tokens,
        sum(case when ttft > 0 and prompt_tokens > 0 then ttft end) as prompt_ms,
        count(cold_start_ms) as cold_starts,
        avg(cold_start_ms) as load_mean,
        max(cold_start_ms) as load_max,
        sum(cost) as cost,
        count(cost) as costed
      from ranked
      group by provider_id, model
    ),
    keyed as (
      select provider_id, model from asked
      union
      select provider_id, model from served
    )
    select keyed.provider_id as "providerId", keyed.model as model, ${providers.type} as "providerType",
      asked.requests, asked.successes, asked.client_closed as "clientClosed", asked.empty_answers as "emptyAnswers",
      served.rows, served.ttft_samples as "ttftSamples", served.ttft_p50 as "ttftP50", served.ttft_p95 as "ttftP95",
      served.decode_tokens as "decodeTokens", served.decode_ms as "decodeMs", served.prompt_tokens as "promptTokens", served.prompt_ms as "promptMs",
      served.cold_starts as "coldStarts", served.load_mean as "loadMean", served.load_max as "loadMax", served.cost, served.costed
    from keyed
    left join asked on asked.provider_id = keyed.provider_id and asked.model = keyed.model
    left join served on served.provider_id = keyed.provider_id and served.model = keyed.model
    left join ${providers} on ${providers.id} = keyed.provider_id
  `);
  return rows
    .map((row): ScorecardRow => {
      const requests = Number(row.requests ?? 0);
      const successes = Number(row.successes ?? 0);
      const clientClosed = Number(row.clientClosed ?? 0);
      const emptyAnswers = Number(row.emptyAnswers ?? 0);
      const decided = requests - clientClosed;
      const decodeMs = Number(row.decodeMs ?? 0);
      const promptMs = Number(row.promptMs ?? 0);
      const costed = Number(row.costed ?? 0);
      const cost = costed === 0 ? null : round(Number(row.cost), 9);
      const type = (row.providerType as string | null) ?? null;
      const ms = (value: unknown) => (value === null || value === undefined ? null : round(Number(value), 1));
      return {
        providerId: String(row.providerId),
        model: String(row.model),
        providerType: type,
        local: type !== null && LOCAL_SERVER_TYPES.has(type),
        requests,
        successes,
        clientClosed,
        successRate: decided > 0 ? round(successes / decided, 4) : null,
        emptyAnswers,
        emptyAnswerRate: decided > 0 ? round(emptyAnswers / decided, 4) : null,
        ttftSamples: Number(row.ttftSamples ?? 0),
        ttftP50Ms: ms(row.ttftP50),
        ttftP95Ms: ms(row.ttftP95),
        decodeTokensPerSecond: decodeMs > 0 ? round((Number(row.decodeTokens) / decodeMs) * 1000, 1) : null,
        promptTokensPerSecond: promptMs > 0 ? round((Number(row.promptTokens) / promptMs) * 1000, 1) : null,
        coldStarts: Number(row.coldStarts ?? 0),
        loadMeanMs: ms(numberOrNull(row.loadMean)),
        loadMaxMs: ms(numberOrNull(row.loadMax)),
        rows: Number(row.rows ?? 0),
        cost,
        costedRequests: costed,
        costPer1kRequests: cost === null ? null : round((cost / costed) * 1000, 9),
      };
    })
    .sort((a, b) => b.requests - a.requests || b.rows - a.rows || (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

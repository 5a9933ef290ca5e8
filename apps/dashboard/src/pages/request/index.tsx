/**
 * One logged request (`GET /v1/requests/:id`): what it was, every attempt on a timeline, the
 * request body, and the response (assembled text, reasoning, tool calls) as the log kept them.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi } from '../../auth/auth.tsx';
import { ApiError, unwrap } from '../../api/client.ts';
import type { RequestDetail } from '../../api/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { formatCount, formatMs, formatTime, formatUsd } from '../../lib/format.ts';

/** Where a request's cost came from, in words. */
const COST_SOURCES: Record<string, string> = { upstream: 'reported by the provider', override: 'your price override', catalogue: 'bundled price list' };
import { attemptTimeline, percentOf, prettyBody, type TimelineBar } from './timeline.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Body({ title, text, empty }: { title: string; text: string | null; empty: string }) {
  return (
    <section className="card body-card" aria-label={title}>
      <h3>{title}</h3>
      {text === null || text === '' ? <p className="muted">{empty}</p> : <pre>{text}</pre>}
    </section>
  );
}

function AttemptTimeline({ detail }: { detail: RequestDetail }) {
  const timeline = attemptTimeline(detail.attempts, detail);
  const span = timeline.spanMs;
  const segment = (className: string, startMs: number, ms: number, title: string) =>
    ms > 0 ? <div className={`segment ${className}`} style={{ left: percentOf(startMs, span), width: percentOf(ms, span) }} title={title} /> : null;
  const row = (bar: TimelineBar) => (
    <div className="timeline-row" key={bar.index}>
      <div className="timeline-label">
        {bar.index + 1}. {bar.label} <span className={bar.outcome === 'ok' ? 'ok-text' : 'error-text'}>{bar.status ?? ''} {bar.outcome}</span>
      </div>
      <div className="timeline-track" aria-label={`Attempt ${bar.index + 1}: waited ${formatMs(bar.waitMs)}, answered after ${formatMs(bar.answerMs)}, body ${formatMs(bar.bodyMs)}`}>
        {segment('wait', bar.startMs, bar.waitMs, `backoff wait ${formatMs(bar.waitMs)}`)}
        {segment('answer', bar.startMs + bar.waitMs, bar.answerMs, `waiting for the upstream's answer ${formatMs(bar.answerMs)}`)}
        {segment('body', bar.startMs + bar.waitMs + bar.answerMs, bar.bodyMs, `relaying the body ${formatMs(bar.bodyMs)}`)}
        {detail.ttfbMs !== null ? <div className="marker" style={{ left: percentOf(detail.ttfbMs, span) }} title={`first byte to the client at ${formatMs(detail.ttfbMs)}`} /> : null}
      </div>
    </div>
  );
  return (
    <figure className="card timeline" aria-label="Attempts timeline">
      <figcaption className="chart-title">Attempts over time (0 to {formatMs(span)})</figcaption>
      {timeline.bars.length === 0 ? <p className="muted">No upstream attempt was made.</p> : timeline.bars.map(row)}
      <p className="legend small muted">
        <span className="swatch wait" /> backoff wait <span className="swatch answer" /> waiting for the answer (headers) <span className="swatch body" /> relaying the body{' '}
        <span className="swatch marker-swatch" /> first byte to the client
      </p>
    </figure>
  );
}

export default function RequestPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const detail = useQuery({ queryKey: ['requests', id], queryFn: () => unwrap(api.GET('/v1/requests/{id}', { params: { path: { id } } })) });
  const notFound = detail.error instanceof ApiError && detail.error.status === 404;
  const data = detail.data;
  const toolCalls = data?.responseToolCalls === null || data?.responseToolCalls === undefined ? null : JSON.stringify(data.responseToolCalls, null, 2);

  return (
    <section>
      <p className="small">
        <Link to="/live">← Live requests</Link>
      </p>
      <h1>
        Request <code>{id}</code>
      </h1>
      {notFound ? (
        <p role="alert">This request is not in the log (it may still be running, or the log has been pruned).</p>
      ) : (
        <QueryState isLoading={detail.isLoading} error={detail.error} what="the request" />
      )}
      {data ? (
        <>
          <dl className="card details">
            <Field label="Status">
              <span className={data.outcome === 'success' ? 'badge ok' : 'badge error'}>
                {data.status} {data.outcome}
              </span>
            </Field>
            <Field label="Started">{formatTime(data.createdAt)}</Field>
            <Field label="Endpoint">{data.endpoint}</Field>
            <Field label="Provider">{data.providerId ?? '–'}</Field>
            <Field label="Model">{data.upstreamModel && data.upstreamModel !== data.model ? `${data.model} → ${data.upstreamModel}` : (data.model ?? '–')}</Field>
            <Field label="Stream">{data.stream ? 'yes' : 'no'}</Field>
            <Field label="First byte">{formatMs(data.ttfbMs)}</Field>
            <Field label="Duration">{formatMs(data.durationMs)}</Field>
            <Field label="Tokens in / out / total">
              {formatCount(data.promptTokens)} / {formatCount(data.completionTokens)} / {formatCount(data.totalTokens)}
            </Field>
            <Field label="Cost">{data.cost === null ? 'unknown' : `${formatUsd(data.cost)} (${COST_SOURCES[data.costSource ?? ''] ?? data.costSource})`}</Field>
            <Field label="Finish reason">{data.finishReason ?? '–'}</Field>
            {data.clientRequestId ? <Field label="Client request id">{data.clientRequestId}</Field> : null}
            {data.errorMessage ? (
              <Field label="Error">
                <span className="error-text">
                  {data.errorCode ? `${data.errorCode}: ` : ''}
                  {data.errorMessage}
                </span>
              </Field>
            ) : null}
          </dl>
          {data.truncated ? <p className="warn-text">The log kept only part of the bodies (the capture bound or the log_bodies setting).</p> : null}

          <h2>Attempts</h2>
          <AttemptTimeline detail={data} />
          <DataTable
            caption="Attempts"
            hideCaption
            columns={[
              { header: '#', cell: (attempt) => String(data.attempts.indexOf(attempt) + 1), numeric: true },
              { header: 'Provider', cell: (attempt) => attempt.providerId },
              { header: 'Model', cell: (attempt) => attempt.model },
              { header: 'Outcome', cell: (attempt) => `${attempt.status ?? ''} ${attempt.outcome}` },
              { header: 'Waited', cell: (attempt) => formatMs(attempt.delayMs ?? 0), numeric: true },
              { header: 'Answered after', cell: (attempt) => formatMs(attempt.answeredMs), numeric: true },
              { header: 'Duration', cell: (attempt) => formatMs(attempt.durationMs), numeric: true },
              { header: 'Note', cell: (attempt) => [attempt.api ? `as ${attempt.api}` : '', attempt.note ?? '', attempt.error ?? ''].filter(Boolean).join('; ') },
            ]}
            rows={data.attempts}
            rowKey={(attempt) => String(data.attempts.indexOf(attempt))}
            empty="No attempts."
          />

          <h2>Request</h2>
          <Body title="Request body" text={prettyBody(data.requestBody)} empty="The log did not keep the request body." />
          <h2>Response</h2>
          <div className="grid">
            <Body title={data.stream ? 'Assembled text' : 'Response body'} text={data.stream ? (data.responseBody ?? null) : prettyBody(data.responseBody)} empty="No text." />
            <Body title="Reasoning" text={data.responseReasoning ?? null} empty="No reasoning." />
            <Body title="Tool calls" text={toolCalls} empty="No tool calls." />
          </div>
          <p className="muted small">The log does not keep the response headers; every answer carried x-request-id ({data.clientRequestId ?? data.id}).</p>
        </>
      ) : null}
    </section>
  );
}

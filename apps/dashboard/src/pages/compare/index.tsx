/**
 * The Compare page: one prompt (or a conversation with tools, as JSON) sent to 2–6
 * `provider/model` targets at once through `POST /v1/compare`, the answers streaming side by side
 * with their measures. Each comparison gets its own URL (`/compare/<id>`) once it starts; stored
 * comparisons (from the request log) are listed below and open from there; any can be run again.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth.tsx';
import { ApiError, authHeaders, unwrap } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { formatMs, formatTime } from '../../lib/format.ts';
import { fetchProviderModels, pageKeys, useProviders } from '../providers/provider-api.ts';
import { CompareColumns } from './compare-columns.tsx';
import {
  abortCompare, applyCompareEvent, compareBody, initialCompareState, inputOfStoredCompare, stateOfStoredCompare, type CompareInput, type CompareState,
} from './compare-state.ts';
import { EventStreamError, postEventStream } from './event-stream.ts';
import '../providers/page-styles.css';

export default function ComparePage() {
  return (
    <Routes>
      <Route path=":id?" element={<CompareView />} />
    </Routes>
  );
}

const EMPTY_INPUT: CompareInput = { targets: ['', ''], prompt: '', conversation: '', maxTokens: '', temperature: '' };

/** `provider/model` choices: each enabled provider with its default model, its linked models and the models it reported. */
function useTargetOptions(): string[] {
  const api = useApi();
  const providers = useProviders();
  const enabled = (providers.data ?? []).filter((provider) => provider.enabled);
  const models = useQueries({
    queries: enabled.map((provider) => ({ queryKey: pageKeys.providerModels(provider.id), queryFn: () => fetchProviderModels(api, provider.id), staleTime: 60_000 })),
  });
  return useMemo(() => {
    const options = new Set<string>();
    enabled.forEach((provider, index) => {
      const answer = models[index]?.data;
      if (provider.defaultModel) options.add(`${provider.id}/${provider.defaultModel}`);
      for (const link of answer?.data ?? []) options.add(`${provider.id}/${link.upstreamModel ?? link.modelId}`);
      for (const model of answer?.reported ?? []) options.add(`${provider.id}/${model}`);
    });
    return [...options].sort();
    // the queries' answers are what changes (one key for however many providers there are)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [providers.data, models.map((query) => query.dataUpdatedAt).join(',')]);
}

interface StoredCompareSummary {
  id: string;
  startedAt: number;
  targets: string[];
  legs: { target: string; status: 'ok' | 'error'; totalMs: number | null }[];
}

function StoredComparisons({ current }: { current: string | null }) {
  const api = useApi();
  const [offset, setOffset] = useState(0);
  const limit = 10;
  const list = useQuery({
    queryKey: [...pageKeys.compares, 'list', offset],
    queryFn: async () => ((await unwrap(api.GET('/v1/compare', { params: { query: { limit, offset } } }))) as unknown as { data: StoredCompareSummary[] }).data,
  });
  const rows = list.data ?? [];
  return (
    <section className="page-part" aria-labelledby="stored-comparisons">
      <h2 id="stored-comparisons">Saved comparisons</h2>
      <p className="muted small">Kept in the request log: a comparison lasts as long as the log keeps its rows.</p>
      <QueryState isLoading={list.isLoading} error={list.error} what="the saved comparisons" />
      {list.data ? (
        <table className="data-table">
          <caption className="visually-hidden">Saved comparisons</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Targets</th>
              <th scope="col">Comparison</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted">
                  No comparisons yet.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} aria-current={row.id === current ? 'true' : undefined}>
                  <td>{formatTime(row.startedAt)}</td>
                  <td>
                    {row.legs.map((leg) => (
                      <span key={leg.target} className={leg.status === 'ok' ? 'badge ok' : 'badge error'} title={formatMs(leg.totalMs)}>
                        {leg.target}
                      </span>
                    ))}
                  </td>
                  <td>
                    <Link to={`/compare/${encodeURIComponent(row.id)}`}>{row.id === current ? 'Shown above' : 'Open'}</Link> <code className="muted small">{row.id}</code>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar">
        <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
          Newer
        </button>
        <button type="button" className="secondary" disabled={rows.length < limit} onClick={() => setOffset(offset + limit)}>
          Older
        </button>
      </div>
    </section>
  );
}

function CompareView() {
  const { id } = useParams();
  const api = useApi();
  const { key } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const options = useTargetOptions();
  const [input, setInput] = useState<CompareInput>(EMPTY_INPUT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<CompareState | null>(null);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);
  /** The comparison this page streamed (not to be loaded from the log while it runs). */
  const streamed = useRef<string | null>(null);

  const stored = useQuery({
    queryKey: pageKeys.compare(id ?? ''),
    queryFn: async () => unwrap(api.GET('/v1/compare/{id}', { params: { path: { id: id! } } })),
    enabled: id !== undefined && id !== streamed.current,
  });
  useEffect(() => {
    if (!stored.data || id === streamed.current) return;
    // another comparison shown: the one streamed here is read from the log when opened again
    streamed.current = null;
    setState(stateOfStoredCompare(stored.data));
    const asked = inputOfStoredCompare(stored.data);
    if (asked) setInput({ ...asked, targets: asked.targets.length >= 2 ? asked.targets : [...asked.targets, '', ''].slice(0, 2) });
  }, [stored.data, id]);
  useEffect(() => () => controller.current?.abort(), []);

  const run = async () => {
    const built = compareBody(input);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    let current = initialCompareState(built.body.targets as string[]);
    setState(current);
    setRunning(true);
    const update = (next: CompareState) => {
      current = next;
      setState(next);
    };
    try {
      await postEventStream({
        url: '/v1/compare',
        body: built.body,
        headers: authHeaders(key),
        signal: abort.signal,
        onOpen: (headers) => {
          const compareId = headers.get('x-compare-id');
          if (compareId) {
            streamed.current = compareId;
            navigate(`/compare/${encodeURIComponent(compareId)}`, { replace: id === undefined });
          }
        },
        onEvent: (event) => update(applyCompareEvent(current, event)),
      });
      if (!current.ended) update(abortCompare(current, 'The stream ended early.'));
    } catch (error) {
      if (abort.signal.aborted) update(abortCompare(current, 'Stopped.'));
      else if (error instanceof EventStreamError && error.param) {
        // a refusal before anything ran: show it by the field it names
        setState(null);
        setErrors({ [error.param.startsWith('targets') ? 'targets' : error.param === 'messages' || error.param === 'prompt' ? 'prompt' : 'form']: error.message });
      } else update(abortCompare(current, (error as Error).message));
    } finally {
      setRunning(false);
      // the legs reach the request log a moment after the stream ends (it is written in the background)
      for (const delay of [0, 1_000, 3_000]) setTimeout(() => void queryClient.invalidateQueries({ queryKey: [...pageKeys.compares, 'list'] }), delay);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const setTarget = (index: number, value: string) => setInput((before) => ({ ...before, targets: before.targets.map((target, at) => (at === index ? value : target)) }));
  const storedMissing = stored.error instanceof ApiError && stored.error.status === 404;

  return (
    <section>
      <h1>Compare</h1>
      <form className="card compare-form" onSubmit={submit} noValidate aria-label="Comparison">
        {errors.form ? (
          <p role="alert" className="error-text">
            {errors.form}
          </p>
        ) : null}
        <fieldset className="field" aria-describedby={errors.targets ? 'targets-error' : undefined}>
          <legend>Targets (2 to 6, each provider/model)</legend>
          <datalist id="compare-target-options">
            {options.map((option) => (
              <option key={option} value={option} />
            ))}
          </datalist>
          <div className="target-list">
            {input.targets.map((target, index) => (
              <div key={index} className="row-editor">
                <label htmlFor={`compare-target-${index}`}>Target {index + 1}</label>
                <input id={`compare-target-${index}`} list="compare-target-options" value={target} onChange={(event) => setTarget(index, event.target.value)} placeholder="provider/model" autoComplete="off" />
                {input.targets.length > 2 ? (
                  <button type="button" className="secondary" aria-label={`Remove target ${index + 1}`} onClick={() => setInput((before) => ({ ...before, targets: before.targets.filter((_, at) => at !== index) }))}>
                    Remove
                  </button>
                ) : null}
              </div>
            ))}
          </div>
          {input.targets.length < 6 ? (
            <div>
              <button type="button" className="secondary" onClick={() => setInput((before) => ({ ...before, targets: [...before.targets, ''] }))}>
                Add target
              </button>
            </div>
          ) : null}
          {errors.targets ? (
            <span id="targets-error" role="alert" className="error-text small">
              {errors.targets}
            </span>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor="compare-prompt">Prompt</label>
          <textarea id="compare-prompt" rows={4} value={input.prompt} onChange={(event) => setInput({ ...input, prompt: event.target.value })} aria-describedby={errors.prompt ? 'prompt-error' : undefined} aria-invalid={errors.prompt ? true : undefined} />
          {errors.prompt ? (
            <span id="prompt-error" role="alert" className="error-text small">
              {errors.prompt}
            </span>
          ) : null}
        </div>
        <details open={input.conversation !== '' || undefined}>
          <summary>Conversation with tools (JSON, instead of the prompt)</summary>
          <div className="field">
            <label htmlFor="compare-conversation">Conversation</label>
            <textarea
              id="compare-conversation"
              rows={8}
              spellCheck={false}
              value={input.conversation}
              onChange={(event) => setInput({ ...input, conversation: event.target.value })}
              placeholder={'{"messages": [{"role": "system", "content": "…"}, {"role": "user", "content": "…"}], "tools": [...]}'}
              aria-describedby={errors.conversation ? 'conversation-error' : undefined}
              aria-invalid={errors.conversation ? true : undefined}
            />
            {errors.conversation ? (
              <span id="conversation-error" role="alert" className="error-text small">
                {errors.conversation}
              </span>
            ) : null}
          </div>
        </details>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="compare-max-tokens">Max tokens</label>
            <input id="compare-max-tokens" inputMode="numeric" value={input.maxTokens} onChange={(event) => setInput({ ...input, maxTokens: event.target.value })} aria-invalid={errors.maxTokens ? true : undefined} />
            {errors.maxTokens ? <span role="alert" className="error-text small">{errors.maxTokens}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="compare-temperature">Temperature</label>
            <input id="compare-temperature" inputMode="decimal" value={input.temperature} onChange={(event) => setInput({ ...input, temperature: event.target.value })} aria-invalid={errors.temperature ? true : undefined} />
            {errors.temperature ? <span role="alert" className="error-text small">{errors.temperature}</span> : null}
          </div>
          <button type="submit" disabled={running}>
            {running ? 'Running…' : 'Run'}
          </button>
          {running ? (
            <button type="button" className="secondary" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          ) : null}
          {id ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                controller.current?.abort();
                streamed.current = null;
                setState(null);
                navigate('/compare');
              }}
            >
              New comparison
            </button>
          ) : null}
        </div>
      </form>
      {storedMissing && !state ? (
        <p role="alert" className="error-text">
          No comparison “{id}” in the request log (it may have been pruned).
        </p>
      ) : (
        <QueryState isLoading={stored.isLoading && !state} error={storedMissing ? null : stored.error} what="the comparison" />
      )}
      {state ? (
        <section aria-label="Answers" className="compare-results">
          {state.compareId ? (
            <p className="muted small">
              Comparison <code>{state.compareId}</code>
              {state.startedAt ? <> · {formatTime(state.startedAt)}</> : null}
            </p>
          ) : null}
          <CompareColumns state={state} />
        </section>
      ) : null}
      <StoredComparisons current={state?.compareId ?? null} />
    </section>
  );
}

/**
 * Testing a provider: `POST /v1/providers/:id/test` with `stream: true`, its steps shown as they
 * run (models, a completion, a stream, a tool call), then what the probe learned.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../auth/auth.tsx';
import { authHeaders } from '../../api/client.ts';
import { formatMs } from '../../lib/format.ts';
import { postEventStream } from '../compare/event-stream.ts';
import { applyProbeEvent, capabilityRows, failProbe, RUNNING_PROBE, type ProbeState } from './probe-state.ts';

const STATE_TEXT = { running: 'running…', ok: 'ok', failed: 'failed', skipped: 'skipped' } as const;
const STATE_CLASS = { running: 'badge', ok: 'badge ok', failed: 'badge error', skipped: 'badge warn' } as const;

/** The test panel of one provider; `autoStart` runs it once when shown. */
export function ProviderTest({ providerId, autoStart = false }: { providerId: string; autoStart?: boolean }) {
  const { key } = useAuth();
  const queryClient = useQueryClient();
  const [model, setModel] = useState('');
  const [skipTools, setSkipTools] = useState(false);
  const [probe, setProbe] = useState<ProbeState | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    let state: ProbeState = RUNNING_PROBE;
    setProbe(state);
    try {
      await postEventStream({
        url: `/v1/providers/${encodeURIComponent(providerId)}/test`,
        body: { stream: true, ...(model.trim() ? { model: model.trim() } : {}), ...(skipTools ? { skipTools: true } : {}) },
        headers: authHeaders(key),
        signal: abort.signal,
        onEvent: (event) => {
          state = applyProbeEvent(state, event);
          setProbe(state);
        },
      });
      if (state.running) setProbe(failProbe(state, 'The test ended without a result.'));
    } catch (error) {
      if (abort.signal.aborted) return;
      setProbe(failProbe(state, (error as Error).message));
    } finally {
      // the probe stores what it learned on the provider
      void queryClient.invalidateQueries({ queryKey: ['providers'] });
    }
  };

  useEffect(() => {
    if (autoStart) void run();
    return () => controller.current?.abort();
    // run once per provider shown
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [providerId]);

  const result = probe?.result ?? null;
  return (
    <section className="card" aria-labelledby="provider-test-heading">
      <h2 id="provider-test-heading">Test</h2>
      <p className="muted small">A real round trip through the router: list models, a tiny completion, a tiny stream and a tool call. What it learns is stored on the provider.</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="test-model">Model to test</label>
          <input id="test-model" value={model} onChange={(event) => setModel(event.target.value)} placeholder="default model, else the first listed" />
        </div>
        <label>
          <input type="checkbox" checked={skipTools} onChange={(event) => setSkipTools(event.target.checked)} /> Skip the tool call
        </label>
        <button type="button" onClick={() => void run()} disabled={probe?.running}>
          {probe?.running ? 'Testing…' : 'Run test'}
        </button>
      </div>
      {probe ? (
        <div aria-live="polite">
          <table className="data-table">
            <caption>Test steps</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Result</th>
                <th scope="col" className="numeric">Time</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {probe.steps.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {probe.running ? 'Starting…' : 'No step ran.'}
                  </td>
                </tr>
              ) : (
                probe.steps.map((step) => (
                  <tr key={step.name}>
                    <td>{step.name}</td>
                    <td>
                      <span className={STATE_CLASS[step.state]}>{STATE_TEXT[step.state]}</span>
                    </td>
                    <td className="numeric">{formatMs(step.latencyMs)}</td>
                    <td className={step.error ? 'error-text' : undefined}>{step.error ?? step.detail ?? ''}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {probe.error ? (
            <p role="alert" className="error-text">
              {probe.error}
            </p>
          ) : null}
          {result ? (
            <div className="test-result">
              <p role="status">
                {result.ok ? <strong className="ok-text">Test passed</strong> : <strong className="error-text">Test failed</strong>}
                {result.model ? <> with model <code>{result.model}</code></> : null}
                {result.error ? <>: {result.error}</> : null}
              </p>
              {result.warnings.length ? (
                <ul className="warn-text">
                  {result.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              ) : null}
              {capabilityRows(result.capabilities).length ? (
                <dl className="facts">
                  {capabilityRows(result.capabilities).map(([label, value]) => (
                    <div key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              {result.models?.length ? (
                <details>
                  <summary>{result.models.length === 1 ? '1 model' : `${result.models.length} models`} listed</summary>
                  <p className="small">{result.models.join(', ')}</p>
                </details>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

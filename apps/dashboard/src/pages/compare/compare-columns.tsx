/** A comparison's answers side by side: one column per target, headed `provider/model`, with its measures. */
import { Link } from 'react-router';
import { formatCount, formatMs, formatNumber, formatUsd } from '../../lib/format.ts';
import { bestTarget, type CompareColumn, type CompareState } from './compare-state.ts';

const STATUS = { waiting: ['waiting…', 'badge'], streaming: ['streaming…', 'badge warn'], done: ['done', 'badge ok'], error: ['failed', 'badge error'] } as const;

function Measure({ label, value, best }: { label: string; value: string; best?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {value}
        {best ? (
          <span className="badge ok best" title={`best ${label.toLowerCase()}`}>
            best
          </span>
        ) : null}
      </dd>
    </div>
  );
}

function Column({ column, best }: { column: CompareColumn; best: { ttft: boolean; total: boolean; tps: boolean } }) {
  const [label, className] = STATUS[column.status];
  const headingId = `compare-column-${column.target.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const usage = column.usage;
  return (
    <section className="card compare-column" aria-labelledby={headingId} aria-busy={column.status === 'waiting' || column.status === 'streaming'}>
      <h2 id={headingId}>{column.target}</h2>
      <p>
        <span className={className}>{label}</span>
        {column.finishReason ? <span className="muted small"> finish: {column.finishReason}</span> : null}
        {column.httpStatus !== null && column.httpStatus >= 400 ? <span className="muted small"> HTTP {column.httpStatus}</span> : null}
      </p>
      <dl className="facts compare-measures">
        <Measure label="Time to first token" value={formatMs(column.ttftMs)} best={best.ttft} />
        <Measure label="Total time" value={formatMs(column.totalMs)} best={best.total} />
        <Measure label="Tokens per second" value={formatNumber(column.tokensPerSecond)} best={best.tps} />
        <Measure label="Tokens in / out" value={usage ? `${formatCount(usage.promptTokens)} / ${formatCount(usage.completionTokens)}` : '–'} />
        <Measure label="Cost" value={column.cost !== null ? formatUsd(column.cost) : column.status === 'done' ? 'unknown' : '–'} />
      </dl>
      {column.error ? (
        <p role="alert" className="error-text">
          {column.error}
        </p>
      ) : null}
      {column.reasoning ? (
        <details>
          <summary>Reasoning ({formatCount(column.reasoning.length)} characters)</summary>
          <div className="answer-text muted">{column.reasoning}</div>
        </details>
      ) : null}
      <div className="answer-text" aria-label={`Answer of ${column.target}`}>
        {column.text || (column.status === 'waiting' ? <span className="muted">Waiting for the first token…</span> : column.toolCalls.length ? null : <span className="muted">(no text)</span>)}
      </div>
      {column.toolCalls.length ? (
        <div>
          <h3>Tool calls</h3>
          {column.toolCalls.map((call, index) => (
            <pre key={call.id ?? index}>
              {call.name}({call.arguments})
            </pre>
          ))}
        </div>
      ) : null}
      {column.requestId ? (
        <p className="small">
          <Link to={`/requests/${encodeURIComponent(column.requestId)}`}>Request {column.requestId}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** The columns of a comparison. */
export function CompareColumns({ state }: { state: CompareState }) {
  const best = { ttft: bestTarget(state, 'ttftMs'), total: bestTarget(state, 'totalMs'), tps: bestTarget(state, 'tokensPerSecond') };
  return (
    <div className="compare-grid" style={{ gridTemplateColumns: `repeat(${Math.min(state.targets.length, 3)}, minmax(0, 1fr))` }}>
      {state.targets.map((target) => (
        <Column key={target} column={state.columns[target]} best={{ ttft: best.ttft === target, total: best.total === target, tps: best.tps === target }} />
      ))}
    </div>
  );
}

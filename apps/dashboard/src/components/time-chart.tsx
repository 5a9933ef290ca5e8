/** A line chart over time (Recharts), one line per series, the values on hover in the metric's unit. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisMax, type ChartData, type Metric } from '../pages/overview/series.ts';

/** Distinguishable line colours (readable on light and dark backgrounds). */
export const LINE_COLORS = ['#2f6feb', '#d9480f', '#2b8a3e', '#ae3ec9', '#e8590c', '#1098ad', '#c2255c', '#5c940d'];

function tickTime(t: number, spanMs: number): string {
  const date = new Date(t);
  if (spanMs > 2 * 86_400_000) return date.toLocaleDateString('en-CA', { month: '2-digit', day: '2-digit' }) + ' ' + date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

export function TimeChart({ metric, data, height = 220 }: { metric: Pick<Metric, 'title' | 'format' | 'floorMax'>; data: ChartData; height?: number }) {
  const { title, format } = metric;
  const first = Number(data.points[0]?.t ?? 0);
  const last = Number(data.points[data.points.length - 1]?.t ?? 0);
  return (
    <figure className="card chart" aria-label={title}>
      <figcaption className="chart-title">
        {title}
        {data.hidden > 0 ? <span className="muted small"> (the {data.lines.length} busiest shown; {data.hidden} more)</span> : null}
      </figcaption>
      {data.lines.length === 0 ? (
        <p className="muted chart-empty">No requests in this period.</p>
      ) : (
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
          <LineChart data={data.points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" scale="time" domain={[first, last]} tickFormatter={(t: number) => tickTime(t, last - first)} stroke="var(--muted)" fontSize={12} />
            <YAxis domain={[0, (dataMax: number) => axisMax(metric, dataMax)]} tickFormatter={(value: number) => format(value)} stroke="var(--muted)" fontSize={12} width={72} />
            <Tooltip
              labelFormatter={(t) => new Date(Number(t)).toLocaleString('en-GB')}
              formatter={(value) => format(typeof value === 'number' ? value : null)}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            />
            {data.lines.length > 1 ? <Legend /> : null}
            {data.lines.map((line, index) => (
              <Line key={line.dataKey} dataKey={line.dataKey} name={line.label} stroke={LINE_COLORS[index % LINE_COLORS.length]} dot={{ r: 2 }} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

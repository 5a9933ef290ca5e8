/** A horizontal bar chart (Recharts) comparing provider/model pairs on one measure, local servers marked. */
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LINE_COLORS } from '../../components/time-chart.tsx';
import type { BarPoint, ComparisonChart } from './scorecard.ts';

/** Bar colours of a single-measure chart: local servers and cloud providers. */
export const LOCAL_COLOR = '#2b8a3e';
export const CLOUD_COLOR = '#2f6feb';

export function ComparisonBars({ chart, bars }: { chart: ComparisonChart; bars: readonly BarPoint[] }) {
  const local = new Set(bars.filter((bar) => bar.local).map((bar) => bar.name));
  // Recharts hands each data field to the bar's SVG element: `local` stays out of the data (a boolean attribute React refuses)
  const data = bars.map(({ local: _local, ...point }) => point);
  const single = chart.series.length === 1;
  const height = 48 + bars.length * (single ? 28 : 40);
  return (
    <figure className="card chart" aria-label={chart.title}>
      <figcaption className="chart-title">{chart.title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted chart-empty">No answers to measure in this period.</p>
      ) : (
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
            <XAxis type="number" tickFormatter={(value: number) => chart.format(value)} stroke="var(--muted)" fontSize={12} />
            <YAxis type="category" dataKey="name" width={190} stroke="var(--muted)" fontSize={12} tickFormatter={(name: string) => (local.has(name) ? `${name} · local` : name)} />
            <Tooltip formatter={(value) => chart.format(typeof value === 'number' ? value : null)} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
            {single ? null : <Legend />}
            {chart.series.map((series, index) => (
              <Bar key={series.key} dataKey={series.key} name={series.label} fill={LINE_COLORS[index % LINE_COLORS.length]} isAnimationActive={false}>
                {single ? bars.map((bar) => <Cell key={bar.name} fill={bar.local ? LOCAL_COLOR : CLOUD_COLOR} />) : null}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
      {single ? (
        <p className="muted small legend">
          <span className="swatch" style={{ background: LOCAL_COLOR }} /> local server <span className="swatch" style={{ background: CLOUD_COLOR }} /> cloud provider
        </p>
      ) : null}
    </figure>
  );
}

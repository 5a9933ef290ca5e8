import { describe, expect, it } from 'vitest';
import { Counter, Histogram, Registry } from 'prom-client';
import { childrenBy, flushCounts, SeriesHistogram, type CountCell } from './series-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const VALUES = [0, 0.001, 0.0010001, 0.005, 0.01, 0.5, 1, 1.5, 300, 0.1];

describe('SeriesHistogram', () => {
  it('renders exactly as a prom-client Histogram with the same observations (text and JSON), bounds inclusive', async () => {
    const theirs = new Registry();
    const histogram = new Histogram({ name: 'h_seconds', help: 'A histogram.', labelNames: ['endpoint', 'model'], buckets: BUCKETS, registers: [theirs] });
    const ours = new Registry();
    const series = new SeriesHistogram({ name: 'h_seconds', help: 'A histogram.', buckets: BUCKETS, registry: ours });
    const a = series.series({ endpoint: '/v1/chat/completions', model: 'm' });
    const b = series.series({ endpoint: '/v1/messages', model: 'other' });
    series.series({ endpoint: '/v1/responses', model: 'never' }); // never observed: not shown, as prom-client shows no child it never observed
    VALUES.forEach((value, index) => {
      const labels = index % 3 === 0 ? { endpoint: '/v1/messages', model: 'other' } : { endpoint: '/v1/chat/completions', model: 'm' };
      histogram.observe(labels, value);
      (index % 3 === 0 ? b : a).observe(value);
    });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    ours.resetMetrics();
    theirs.resetMetrics();
    a.observe(0.2);
    histogram.observe({ endpoint: '/v1/chat/completions', model: 'm' }, 0.2);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('ignores a value that is not a finite number', async () => {
    const registry = new Registry();
    const series = new SeriesHistogram({ name: 'h', help: 'h', buckets: BUCKETS, registry }).series({ endpoint: 'e' });
    series.observe(Number.NaN);
    series.observe(Number.POSITIVE_INFINITY);
    series.observe(0.5);
    expect(await registry.metrics()).toContain('h_count{endpoint="e"} 1');
  });
});

describe('counter cells', () => {
  it('add what they counted to their counter at each scrape, once', async () => {
    const registry = new Registry();
    const cells: CountCell[] = [];
    new Counter({ name: 'c_total', help: 'c', labelNames: ['provider', 'outcome'], registers: [registry], collect() { flushCounts(this, cells); } });
    const cellOf = childrenBy(2, (provider: string, outcome: string) => {
      const cell: CountCell = { labels: { provider, outcome }, pending: 0 };
      cells.push(cell);
      return cell;
    });
    cellOf('p', 'ok').pending++;
    cellOf('p', 'ok').pending++;
    cellOf('q', 'timeout').pending += 3;
    expect(cellOf('p', 'ok')).toBe(cellOf('p', 'ok'));
    expect(await registry.metrics()).toContain('c_total{provider="p",outcome="ok"} 2\nc_total{provider="q",outcome="timeout"} 3');
    expect(await registry.metrics()).toContain('c_total{provider="p",outcome="ok"} 2\nc_total{provider="q",outcome="timeout"} 3');
    cellOf('p', 'ok').pending++;
    expect(await registry.metrics()).toContain('c_total{provider="p",outcome="ok"} 3\n');
  });
});

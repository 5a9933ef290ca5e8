import { describe, expect, it } from 'vitest';
import type { SeriesRow } from '../../api/types.ts';
import { axisMax, bucketStarts, chartData, lineKey, METRICS, periodTotals } from './series.ts';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;
const metric = (id: string) => METRICS.find((each) => each.id === id)!;

function row(fields: Partial<SeriesRow>): SeriesRow {
  return {
    bucket: T0, providerId: 'p', model: 'm', requests: 1, successes: 1, errors: 0, p50Ms: 100, p95Ms: 200, ttfbP50Ms: 50, ttfbP95Ms: 90,
    promptTokens: 10, completionTokens: 5, tokensPerSecond: 40, overheadMs: 2, overheadSamples: 1, ...fields,
  } as SeriesRow;
}

describe('bucketStarts', () => {
  it('covers the period with buckets aligned as the server aligns them', () => {
    expect(bucketStarts(T0 + 30_000, T0 + 3 * MINUTE, MINUTE).map((t) => (t - T0) / MINUTE)).toEqual([0, 1, 2, 3]);
    expect(bucketStarts(T0, T0 - 1, MINUTE)).toEqual([]);
    expect(bucketStarts(T0, T0 + MINUTE, 0)).toEqual([]);
  });
});

describe('chartData', () => {
  it('fills empty buckets: counts with 0, times with gaps', () => {
    const rows = [row({ bucket: T0, requests: 6, p50Ms: 120 }), row({ bucket: T0 + 2 * MINUTE, requests: 3, p50Ms: 80 })];
    const options = { since: T0, until: T0 + 2 * MINUTE, bucketMs: MINUTE, group: 'model' as const };
    const rpm = chartData(rows, { ...options, metric: metric('rpm') });
    expect(rpm.lines).toEqual([{ dataKey: 's0', label: 'p/m' }]);
    expect(rpm.points).toEqual([{ t: T0, s0: 6 }, { t: T0 + MINUTE, s0: 0 }, { t: T0 + 2 * MINUTE, s0: 3 }]);
    const p50 = chartData(rows, { ...options, metric: metric('p50') });
    expect(p50.points.map((point) => point.s0)).toEqual([120, null, 80]);
  });

  it('gives requests per minute whatever the bucket size, and error rates as ratios', () => {
    const rows = [row({ bucket: T0, requests: 30, errors: 3 })];
    const options = { since: T0, until: T0, bucketMs: 15 * MINUTE, group: 'none' as const };
    expect(chartData(rows, { ...options, metric: metric('rpm') }).points[0]).toEqual({ t: T0, s0: 2 });
    expect(chartData(rows, { ...options, metric: metric('errors') }).points[0]).toEqual({ t: T0, s0: 0.1 });
    expect(metric('errors').format(0.1)).toBe('10%');
  });

  it('draws one line per provider or provider/model, the busiest first, and counts the rest', () => {
    const rows = [
      row({ providerId: 'a', model: 'x', requests: 1 }),
      row({ providerId: 'b', model: 'y', requests: 5 }),
      row({ providerId: 'b', model: 'z', requests: 2, bucket: T0 + MINUTE }),
      row({ providerId: null, model: 'x', requests: 1 }),
    ];
    const options = { since: T0, until: T0 + MINUTE, bucketMs: MINUTE, metric: metric('rpm') };
    const byProvider = chartData(rows.map((each) => ({ ...each, model: null })), { ...options, group: 'provider' });
    expect(byProvider.lines.map((line) => line.label)).toEqual(['b', '(no provider)', 'a']);
    const byModel = chartData(rows, { ...options, group: 'model', maxLines: 2 });
    expect(byModel.lines).toEqual([{ dataKey: 's0', label: 'b/y' }, { dataKey: 's1', label: 'b/z' }]);
    expect(byModel.hidden).toBe(2);
    expect(byModel.points).toEqual([{ t: T0, s0: 5, s1: 0 }, { t: T0 + MINUTE, s0: 0, s1: 2 }]);
  });

  it('keeps model names with dots and slashes out of the data keys', () => {
    const data = chartData([row({ providerId: 'lm.studio', model: 'qwen/qwen3.5' })], { since: T0, until: T0, bucketMs: MINUTE, group: 'model', metric: metric('tps') });
    expect(data.lines).toEqual([{ dataKey: 's0', label: 'lm.studio/qwen/qwen3.5' }]);
    expect(data.points).toEqual([{ t: T0, s0: 40 }]);
  });
});

describe('lineKey and periodTotals', () => {
  it('name lines and add up a period', () => {
    expect(lineKey({ providerId: 'p', model: 'm' }, 'none')).toBe('all');
    expect(lineKey({ providerId: 'p', model: 'm' }, 'provider')).toBe('p');
    expect(lineKey({ providerId: 'p', model: null }, 'model')).toBe('p/(no model)');
    expect(periodTotals([row({ requests: 3, errors: 1, completionTokens: 7 }), row({ requests: 1, errors: 0, completionTokens: 3 })])).toEqual({ requests: 4, errors: 1, errorRate: 0.25, completionTokens: 10 });
    expect(periodTotals([]).errorRate).toBeNull();
  });
});

describe('axisMax', () => {
  it('is the data\'s top, or the metric\'s floor when every value is 0 or missing', () => {
    expect(axisMax(metric('errors'), 0)).toBe(0.05);
    expect(axisMax(metric('errors'), Number.NEGATIVE_INFINITY)).toBe(0.05);
    expect(axisMax(metric('errors'), 0.4)).toBe(0.4);
  });
});

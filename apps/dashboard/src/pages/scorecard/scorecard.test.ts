import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../api/types.ts';
import { chartBars, COMPARISON_CHARTS, costText, entryLabel } from './scorecard.ts';

function row(fields: Partial<ScorecardRow>): ScorecardRow {
  return {
    providerId: 'p', model: 'm', providerType: 'openai-compatible', local: false, requests: 1, successes: 1, clientClosed: 0, successRate: 1, emptyAnswers: 0, emptyAnswerRate: 0,
    ttftSamples: 1, ttftP50Ms: 100, ttftP95Ms: 200, decodeTokensPerSecond: 50, promptTokensPerSecond: 400, coldStarts: 0, loadMeanMs: null, loadMaxMs: null,
    rows: 1, cost: null, costedRequests: 0, costPer1kRequests: null, ...fields,
  } as ScorecardRow;
}
const chart = (id: string) => COMPARISON_CHARTS.find((each) => each.id === id)!;

describe('the scorecard page data', () => {
  it('names a row by provider and model', () => {
    expect(entryLabel(row({ providerId: 'lms', model: 'qwen3-8b' }))).toBe('lms/qwen3-8b');
  });

  it('makes one bar group per provider/model with a value, in the rows\' order, local ones marked', () => {
    const rows = [
      row({ providerId: 'lms', model: 'qwen', local: true, ttftP50Ms: 80, ttftP95Ms: 300 }),
      row({ providerId: 'cloud', model: 'gpt', ttftP50Ms: null, ttftP95Ms: null }),
      row({ providerId: 'groq', model: 'llama', ttftP50Ms: 40, ttftP95Ms: null }),
    ];
    expect(chartBars(rows, chart('ttft'))).toEqual([
      { name: 'lms/qwen', local: true, p50: 80, p95: 300 },
      { name: 'groq/llama', local: false, p50: 40, p95: null },
    ]);
    expect(chartBars(rows, chart('rates'))).toEqual([
      { name: 'lms/qwen', local: true, success: 1, empty: 0 },
      { name: 'cloud/gpt', local: false, success: 1, empty: 0 },
      { name: 'groq/llama', local: false, success: 1, empty: 0 },
    ]);
    expect(chartBars(rows, chart('decode'), 1)).toHaveLength(1);
  });

  it('says unknown for an unknown cost, never $0, and how many were priced', () => {
    expect(costText({ cost: null, costedRequests: 0, rows: 4 })).toBe('unknown');
    expect(costText({ cost: 0.0025, costedRequests: 2, rows: 6 })).toBe('$0.0025 (2 of 6)');
    expect(costText({ cost: 1.5, costedRequests: 3, rows: 3 })).toBe('$1.50');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCount, formatMs, formatNumber, formatPercent, formatTime, formatUsd } from './format.ts';

describe('formatting', () => {
  it('formats durations by size', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(0.44)).toBe('0.4 ms');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(1234)).toBe('1.2 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatMs(null)).toBe('–');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('formats counts, numbers and percentages', () => {
    expect(formatCount(1234.4)).toBe('1,234');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(undefined)).toBe('–');
  });

  it('shows the date only for another day', () => {
    const now = new Date(2026, 10, 30, 12, 0, 0).getTime();
    expect(formatTime(new Date(2026, 10, 30, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(formatTime(new Date(2026, 10, 29, 9, 5, 7).getTime(), now)).toBe('2026-11-29 09:05:07');
  });
});

describe('formatUsd', () => {
  it('shows cents from a dollar up, and the first significant digits below', () => {
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0.0075)).toBe('$0.0075');
    expect(formatUsd(0.000042)).toBe('$0.000042');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(null)).toBe('–');
  });
});

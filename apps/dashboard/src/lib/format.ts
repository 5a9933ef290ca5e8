/** Formatting shared by the pages: durations, counts, rates, percentages and times. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count: `1,234`; `–` for none. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : integer.format(value);
}

/** A number with at most one decimal: `12.5`; `–` for none. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : decimal.format(value);
}

/** A duration in milliseconds: `0.4 ms`, `850 ms`, `1.2 s`, `2 min 5 s`; `–` for none. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) < 10) return `${decimal.format(value)} ms`;
  if (Math.abs(value) < 1000) return `${integer.format(value)} ms`;
  if (Math.abs(value) < 60_000) return `${decimal.format(value / 1000)} s`;
  const minutes = Math.floor(value / 60_000);
  return `${minutes} min ${Math.round((value - minutes * 60_000) / 1000)} s`;
}

/** A ratio 0–1 as a percentage: `2.5%`; `–` for none. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${decimal.format(value * 100)}%`;
}

/** An epoch-ms time as `HH:MM:SS` (local time), with the date when it is not today. */
export function formatTime(epochMs: number | null | undefined, now: number = Date.now()): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return '–';
  const date = new Date(epochMs);
  const time = date.toLocaleTimeString('en-GB', { hour12: false });
  return new Date(now).toDateString() === date.toDateString() ? time : `${date.toLocaleDateString('en-CA')} ${time}`;
}

/** US dollars: cents for a dollar or more, else enough digits to show the first significant ones ($0.0075, $0.000042). */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  return `$${Number(value.toPrecision(2)).toFixed(Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(value))))))}`;
}

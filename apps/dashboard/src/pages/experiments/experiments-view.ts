/** What the Experiments page shows, as pure functions of the API's answers (unit-tested). */

/** Periods the page offers, as the API's `since` values. */
export const PERIODS = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
] as const;

/** How many characters of an answer the pairs table shows. */
export const ANSWER_PREVIEW = 48;

/** One side of a pair, as the report answers it. */
export interface PairSideView {
  outcome: string;
  errorMessage: string | null;
  text: string | null;
  toolCalls: string | null;
}

/** What a side answered, as text: its text, its tool calls, or why it failed. */
export function answerText(side: PairSideView): string {
  if (side.outcome !== 'success') return `[${side.outcome}] ${side.errorMessage ?? ''}`.trim();
  if (side.text !== null && side.text !== '') return side.text;
  if (side.toolCalls) return `[tool calls] ${side.toolCalls}`;
  return '(empty)';
}

/** An answer on one line, cut to `width` characters with an ellipsis. */
export function preview(text: string, width = ANSWER_PREVIEW): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** A target as `provider:model`. */
export function targetName(side: { providerId: string | null; upstreamModel: string | null }): string {
  return `${side.providerId ?? '–'}${side.upstreamModel ? `:${side.upstreamModel}` : ''}`;
}

/** A difference with its sign: `+120 ms`, `−3 ms`; `–` for none. */
export function signedMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const rounded = Math.round(value);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded)} ms`;
}

/** Every route a page may pick: those with a mapping and those with options, sorted, once each. */
export function routeNames(mappings: readonly { model: string }[], options: readonly { model: string }[]): string[] {
  return [...new Set([...mappings.map((entry) => entry.model), ...options.map((entry) => entry.model)])].sort();
}

/** A route's shadow setting in words. */
export function shadowText(options: { shadowPercent: number; shadowTargets: readonly { providerId: string; model: string | null }[] }): string {
  if (options.shadowTargets.length === 0 || options.shadowPercent === 0) return 'off';
  return `${options.shadowPercent}% → ${options.shadowTargets.map((target) => (target.model ? `${target.providerId}:${target.model}` : target.providerId)).join(', ')}`;
}

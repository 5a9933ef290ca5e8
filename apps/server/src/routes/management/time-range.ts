/** Time bounds in query strings: epoch milliseconds, an ISO date, or a span back from now (`90s`, `15m`, `24h`, `7d`). */
import { z } from 'zod';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Parses one bound to epoch ms, or null when the text is not a time. */
export function parseTimeBound(text: string, now = Date.now()): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const span = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(trimmed);
  if (span) return Math.round(now - Number(span[1]) * UNIT_MS[span[2].toLowerCase() as keyof typeof UNIT_MS]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A zod field for a time bound in a query string. */
export const timeBound = z.string().transform((text, context) => {
  const value = parseTimeBound(text);
  if (value === null) {
    context.addIssue({ code: 'custom', message: 'must be epoch milliseconds, an ISO date, or a span such as 15m, 24h or 7d' });
    return z.NEVER;
  }
  return value;
});

/** Parses a length of time (`30s`, `5m`, `1h`, `1d`, or plain milliseconds) to ms, or null when the text is not one. */
export function parseSpan(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const span = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(trimmed);
  return span ? Math.round(Number(span[1]) * UNIT_MS[span[2].toLowerCase() as keyof typeof UNIT_MS]) : null;
}

/** A zod field for a length of time in a query string, between `min` and `max` ms. */
export const timeSpan = (min: number, max: number) =>
  z.string().transform((text, context) => {
    const value = parseSpan(text);
    if (value === null || value < min || value > max) {
      context.addIssue({ code: 'custom', message: `must be a length of time from ${min / 1000}s to ${max / 86_400_000}d, such as 1m, 15m or 1h` });
      return z.NEVER;
    }
    return value;
  });

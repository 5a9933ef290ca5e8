/**
 * How far two answers to the same request agree (a live answer and its shadow or replay):
 * exact match, normalised edit similarity, and the same tool calls. Pure functions.
 *
 * Normalisation before the similarity: Unicode NFC, every run of whitespace as one space, trimmed
 * (case and punctuation are kept). The similarity is 1 − Levenshtein distance ÷ the longer text's
 * length (UTF-16 units), so 1 means equal after normalisation and 0 means nothing in common; two
 * empty answers are equal (1).
 */
import { distance } from 'fastest-levenshtein';

/** What `agreement` says about a pair. */
export interface Agreement {
  /** The two texts are identical as stored (before normalisation), and so are their tool calls. */
  exactMatch: boolean;
  /** Normalised edit similarity, 0–1 (three decimals). */
  similarity: number;
  /** Both made the same tool calls (names and parsed arguments, in order); null when neither made one. */
  sameToolCalls: boolean | null;
}

/** The text the similarity compares. */
export function normalizeAnswer(text: string | null | undefined): string {
  return (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Normalised edit similarity of two texts, 0–1. */
export function editSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const left = normalizeAnswer(a);
  const right = normalizeAnswer(b);
  const longest = Math.max(left.length, right.length);
  if (longest === 0) return 1;
  return Math.round((1 - distance(left, right) / longest) * 1000) / 1000;
}

/** A JSON value with object keys in order, so two equal values compare equal as text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** A row's tool calls (its stored JSON) as `name` + canonical arguments; arguments that are not JSON compare as their text. */
export function toolCallsOf(stored: string | null | undefined): string[] {
  if (!stored) return [];
  let calls: unknown;
  try {
    calls = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(calls)) return [];
  return calls.map((call) => {
    const { name, arguments: args } = (call ?? {}) as { name?: unknown; arguments?: unknown };
    let parsed: unknown = args;
    if (typeof args === 'string') {
      try {
        parsed = JSON.parse(args);
      } catch {
        parsed = args;
      }
    }
    return JSON.stringify([String(name ?? ''), canonical(parsed)]);
  });
}

/** How far two answers agree: their texts and their stored tool calls. */
export function agreement(left: { text: string | null; toolCalls: string | null }, right: { text: string | null; toolCalls: string | null }): Agreement {
  const leftCalls = toolCallsOf(left.toolCalls);
  const rightCalls = toolCallsOf(right.toolCalls);
  const sameToolCalls = leftCalls.length === 0 && rightCalls.length === 0 ? null : leftCalls.length === rightCalls.length && leftCalls.every((call, index) => call === rightCalls[index]);
  return { exactMatch: (left.text ?? '') === (right.text ?? '') && sameToolCalls !== false, similarity: editSimilarity(left.text, right.text), sameToolCalls };
}

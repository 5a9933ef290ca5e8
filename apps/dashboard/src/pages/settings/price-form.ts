/** The price override form's values, checked before they are sent: a model name and prices in US dollars per million tokens. */

/** What the form holds (text, as typed). */
export interface PriceDraft {
  model: string;
  input: string;
  output: string;
  cachedInput: string;
}

/** The body of `PUT /v1/prices/{model}`, or the first problem, naming the field. */
export type CheckedPrice = { ok: true; model: string; body: { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null } } | { ok: false; field: keyof PriceDraft; message: string };

function price(text: string): number | null {
  const trimmed = text.trim().replace(/^\$/, '');
  if (trimmed === '' || !/^\d*\.?\d+(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** Checks the draft: a model, and non-negative prices (the cached-input one optional). */
export function checkPriceDraft(draft: PriceDraft): CheckedPrice {
  const model = draft.model.trim();
  if (!model) return { ok: false, field: 'model', message: 'Name the model.' };
  const input = price(draft.input);
  if (input === null) return { ok: false, field: 'input', message: 'The input price must be a number of US dollars per million tokens, 0 or more.' };
  const output = price(draft.output);
  if (output === null) return { ok: false, field: 'output', message: 'The output price must be a number of US dollars per million tokens, 0 or more.' };
  const cached = draft.cachedInput.trim() === '' ? null : price(draft.cachedInput);
  if (draft.cachedInput.trim() !== '' && cached === null) return { ok: false, field: 'cachedInput', message: 'The cached input price must be a number of US dollars per million tokens, 0 or more (or empty).' };
  return { ok: true, model, body: { inputPerMillion: input, outputPerMillion: output, cachedInputPerMillion: cached } };
}

/** The Keys page's create form: what the user typed, checked and turned into the body of `POST /v1/keys`. */

/** The form's fields as typed. */
export interface KeyFormValues {
  name: string;
  models: string;
  providers: string;
  rpm: string;
  tpm: string;
  budget: string;
  /** Days per budget period; '' for the key's lifetime. */
  periodDays: string;
  /** `YYYY-MM-DD`, or ''. */
  expires: string;
}

export const EMPTY_KEY_FORM: KeyFormValues = { name: '', models: '', providers: '', rpm: '', tpm: '', budget: '', periodDays: '', expires: '' };

/** The body for `POST /v1/keys`. */
export interface KeyCreateBody {
  name: string;
  models?: string[];
  providers?: string[];
  rpm?: number;
  tpm?: number;
  budget?: number;
  budgetPeriodMs?: number;
  expiresAt?: number;
}

const DAY_MS = 86_400_000;

const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);

/** The body, or the first problem as `{ field, message }` (the server checks everything again). */
export function keyCreateBody(values: KeyFormValues, now = Date.now()): { body: KeyCreateBody } | { field: keyof KeyFormValues; message: string } {
  const name = values.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) return { field: 'name', message: 'A name is 1-64 letters, digits and . _ - (starting with a letter or digit).' };
  const body: KeyCreateBody = { name };
  if (list(values.models).length) body.models = list(values.models);
  if (list(values.providers).length) body.providers = list(values.providers);
  for (const field of ['rpm', 'tpm'] as const) {
    const text = values[field].trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text) || Number(text) < 1) return { field, message: `${field === 'rpm' ? 'Requests' : 'Tokens'} per minute must be a whole number of 1 or more.` };
    body[field] = Number(text);
  }
  const budget = values.budget.trim();
  if (budget !== '') {
    if (!/^\d+(\.\d+)?$/.test(budget) || Number(budget) <= 0) return { field: 'budget', message: 'The budget is a positive amount of US dollars.' };
    body.budget = Number(budget);
    if (values.periodDays) body.budgetPeriodMs = Number(values.periodDays) * DAY_MS;
  } else if (values.periodDays) {
    return { field: 'budget', message: 'A budget period needs a budget.' };
  }
  if (values.expires) {
    const at = Date.parse(`${values.expires}T00:00:00Z`);
    if (Number.isNaN(at) || at <= now) return { field: 'expires', message: 'The expiry must be a date in the future.' };
    body.expiresAt = at;
  }
  return { body };
}

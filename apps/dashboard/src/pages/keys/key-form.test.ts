import { describe, expect, it } from 'vitest';
import { EMPTY_KEY_FORM, keyCreateBody } from './key-form.ts';

const NOW = Date.UTC(2026, 11, 1);

describe('key create form', () => {
  it('builds the body from what was typed, leaving out what was not', () => {
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: ' ci-bot ' }, NOW)).toEqual({ body: { name: 'ci-bot' } });
    expect(keyCreateBody({ name: 'ci-bot', models: 'gpt-4o, qwen/*', providers: 'groq', rpm: '60', tpm: '1000', budget: '20', periodDays: '30', expires: '2027-01-01' }, NOW)).toEqual({
      body: { name: 'ci-bot', models: ['gpt-4o', 'qwen/*'], providers: ['groq'], rpm: 60, tpm: 1000, budget: 20, budgetPeriodMs: 30 * 86_400_000, expiresAt: Date.UTC(2027, 0, 1) },
    });
  });

  it('names the field at fault', () => {
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'bad name' }, NOW)).toMatchObject({ field: 'name' });
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'x', rpm: '1.5' }, NOW)).toMatchObject({ field: 'rpm' });
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'x', tpm: '0' }, NOW)).toMatchObject({ field: 'tpm' });
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'x', budget: '-2' }, NOW)).toMatchObject({ field: 'budget' });
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'x', periodDays: '30' }, NOW)).toMatchObject({ field: 'budget' });
    expect(keyCreateBody({ ...EMPTY_KEY_FORM, name: 'x', expires: '2020-01-01' }, NOW)).toMatchObject({ field: 'expires' });
  });
});

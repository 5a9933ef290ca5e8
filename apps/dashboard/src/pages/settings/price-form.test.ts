import { describe, expect, it } from 'vitest';
import { checkPriceDraft } from './price-form.ts';

describe('price override form', () => {
  it('turns the typed prices into the request body', () => {
    expect(checkPriceDraft({ model: ' my-finetune ', input: '0.5', output: '$1.5', cachedInput: '' })).toEqual({ ok: true, model: 'my-finetune', body: { inputPerMillion: 0.5, outputPerMillion: 1.5, cachedInputPerMillion: null } });
    expect(checkPriceDraft({ model: 'gpt-4o', input: '2.5', output: '10', cachedInput: '1.25' })).toMatchObject({ ok: true, body: { cachedInputPerMillion: 1.25 } });
  });

  it('names the field at fault', () => {
    expect(checkPriceDraft({ model: '', input: '1', output: '1', cachedInput: '' })).toMatchObject({ ok: false, field: 'model' });
    expect(checkPriceDraft({ model: 'm', input: '-1', output: '1', cachedInput: '' })).toMatchObject({ ok: false, field: 'input' });
    expect(checkPriceDraft({ model: 'm', input: '1', output: 'cheap', cachedInput: '' })).toMatchObject({ ok: false, field: 'output' });
    expect(checkPriceDraft({ model: 'm', input: '1', output: '1', cachedInput: 'x' })).toMatchObject({ ok: false, field: 'cachedInput' });
  });
});
